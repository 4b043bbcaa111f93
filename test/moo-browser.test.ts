// The MOO reader must run in the browser: bundling it for the browser fails on any Node import.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { expect, it } from "vitest";

it("bundles src/moo for the browser without Node modules", async () => {
  const result = await build({
    entryPoints: [fileURLToPath(new URL("../src/moo/index.ts", import.meta.url))],
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    logLevel: "silent",
  });
  expect(result.errors).toEqual([]);
  const code = result.outputFiles[0].text;
  expect(code).toContain("iterateTests");
  expect(code).not.toMatch(/\bnode:/);
});
