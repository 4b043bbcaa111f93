// Builds the playground (web/) into dist/web/: the page and its worker bundled by esbuild, the
// core's wasm, and the example programs the gallery lists.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const out = "dist/web";
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await build({
  entryPoints: { main: "web/main.ts", worker: "web/worker.ts", "availability-worker": "web/availability-worker.ts", campaign: "web/campaign-worker.ts" },
  outdir: out,
  bundle: true,
  minify: !process.env.NOMIN,
  platform: "browser",
  format: "esm",
  target: "es2022",
  sourcemap: true,
  logLevel: "warning",
  metafile: false,
});
copyFileSync("web/index.html", join(out, "index.html"));
copyFileSync("web/style.css", join(out, "style.css"));
copyFileSync("web/availability.css", join(out, "availability.css"));
copyFileSync("build/core.wasm", join(out, "core.wasm"));

// The examples programs/examples.json lists (scripts/examples-manifest.mjs): each built program,
// and the source of each assembly one (the editor shows it).
const { examples } = JSON.parse(readFileSync("programs/examples.json", "utf8"));
mkdirSync(join(out, "programs", "bin"), { recursive: true });
for (const e of examples) {
  copyFileSync(join("programs", e.file), join(out, "programs", e.file));
  if (e.kind === "asm") copyFileSync(join("programs", e.source), join(out, "programs", e.source));
}
// The lessons of lessons/ and their list, in file-name order (the page fetches them).
const lessons = readdirSync("lessons").filter((f) => f.endsWith(".json")).sort();
mkdirSync(join(out, "lessons"), { recursive: true });
for (const f of lessons) copyFileSync(join("lessons", f), join(out, "lessons", f));
writeFileSync(join(out, "lessons", "index.json"), JSON.stringify(lessons));
console.log(`build:web: ${out}/ (${examples.length} examples, ${lessons.length} lessons)`);
