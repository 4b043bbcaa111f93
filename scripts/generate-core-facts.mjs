// Writes assembly/generated/decode-facts.ts from the instruction table (src/isa/core-facts.ts),
// before `asc` compiles the core. The table is TypeScript: esbuild bundles it in memory first.
import { build } from "esbuild";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "assembly/generated/decode-facts.ts");
const bundled = await build({
  entryPoints: [join(root, "src/isa/core-facts.ts")],
  bundle: true,
  write: false,
  format: "esm",
  platform: "neutral",
  logLevel: "warning",
});
const url = "data:text/javascript;base64," + Buffer.from(bundled.outputFiles[0].text).toString("base64");
const { coreFactsSource } = await import(url);
const text = coreFactsSource();
let old = "";
try {
  old = readFileSync(out, "utf8");
} catch {}
// Unchanged output keeps its timestamp.
if (old !== text) {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
}
