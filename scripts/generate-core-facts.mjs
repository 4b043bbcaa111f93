// Writes the core's generated sources before `asc` compiles it, each from the TypeScript that
// defines it (esbuild bundles that in memory first): assembly/generated/decode-facts.ts from the
// instruction table (src/isa/core-facts.ts), assembly/generated/compared-state.ts from the
// compared state's ranges (src/harness/compared-state-source.ts).
import { build } from "esbuild";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

async function generate(entry, exported, outFile) {
  const bundled = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    logLevel: "warning",
  });
  const url = "data:text/javascript;base64," + Buffer.from(bundled.outputFiles[0].text).toString("base64");
  const text = (await import(url))[exported]();
  const out = join(root, outFile);
  let old = "";
  try {
    old = readFileSync(out, "utf8");
  } catch {}
  // Unchanged output keeps its timestamp.
  if (old !== text) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
  }
}

await generate("src/isa/core-facts.ts", "coreFactsSource", "assembly/generated/decode-facts.ts");
await generate("src/harness/compared-state-source.ts", "comparedStateSource", "assembly/generated/compared-state.ts");
