// Builds the playground (web/) into dist/web/: the page and its worker bundled by esbuild, the
// core's wasm, and the example programs with a manifest (name, kind, what each shows) read from
// programs/README.md, so the gallery lists exactly what programs/ holds.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const out = "dist/web";
mkdirSync(join(out, "programs"), { recursive: true });

await build({
  entryPoints: { main: "web/main.ts", worker: "web/worker.ts" },
  outdir: out,
  bundle: true,
  minify: true,
  platform: "browser",
  format: "esm",
  target: "es2022",
  sourcemap: true,
  logLevel: "warning",
  metafile: false,
});
copyFileSync("web/index.html", join(out, "index.html"));
copyFileSync("web/style.css", join(out, "style.css"));
copyFileSync("build/core.wasm", join(out, "core.wasm"));

// "| `qsort.c` | quicksort of LCG ints: ... |" -> { qsort: "quicksort of LCG ints: ..." }
const shows = {};
for (const line of readFileSync("programs/README.md", "utf8").split("\n")) {
  const m = /^\| `([a-z0-9]+)\.(c|asm)` \| ([^|]+)\|/.exec(line);
  if (m) shows[m[1]] = m[3].trim().replace(/`/g, "");
}
const examples = [];
for (const file of readdirSync("programs").sort()) {
  const m = /^([a-z0-9]+)\.asm$/.exec(file);
  if (!m) continue;
  copyFileSync(join("programs", file), join(out, "programs", file));
  examples.push({ name: m[1], kind: "asm", file, builds: [], shows: shows[m[1]] ?? "" });
}
const elves = readdirSync("programs/bin").filter((f) => f.endsWith(".elf")).sort();
for (const file of elves) copyFileSync(join("programs/bin", file), join(out, "programs", file));
for (const file of readdirSync("programs").sort()) {
  const m = /^([a-z0-9]+)\.c$/.exec(file);
  if (!m) continue;
  // NAME.elf is the default -O2 build; NAME.O0.elf, NAME.O3.elf and NAME.i386.elf are variants.
  const builds = elves.filter((f) => f.startsWith(`${m[1]}.`)).map((f) => f.slice(m[1].length + 1, -4) || "O2");
  examples.push({ name: m[1], kind: "elf", file: `${m[1]}.elf`, builds, shows: shows[m[1]] ?? "" });
}
writeFileSync(join(out, "programs", "manifest.json"), JSON.stringify(examples, null, 1));
console.log(`build:web: ${out}/ (${examples.length} examples)`);
