/**
 * Proves the assembler and disassembler bundle for the browser: esbuild with platform
 * "browser" fails on any Node built-in (fs, path, Buffer...) reachable from src/asm or src/isa.
 */
import { build } from "esbuild";
import { join } from "node:path";
import { expect, it } from "vitest";

it("src/asm/index.ts bundles for the browser without Node built-ins", async () => {
  const result = await build({
    entryPoints: [join(import.meta.dirname, "../src/asm/index.ts")],
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    logLevel: "silent",
  });
  expect(result.errors).toEqual([]);
  const code = result.outputFiles[0].text;
  expect(code).not.toMatch(/\bBuffer\b|require\(|process\./);
});
