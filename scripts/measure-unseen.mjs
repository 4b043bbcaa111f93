#!/usr/bin/env node
// Measures simplex beside qemu-i386 on CPU-bound programs `npm run bench` does not run and the
// core was not tuned on (bench/unseen/*.c): builds each (gcc -m32 -static -O2 -march=i686, glibc),
// runs it in the lockstep machine (simplex, translated blocks) and under qemu-i386, checks both
// print the same, and prints MIPS and the ratio. Each is the best of --runs (default 3); the core's
// time is in-process (module creation included, Node's startup not), qemu's is its whole process.
// Usage: node scripts/measure-unseen.mjs [--runs N]   (after npm run build)
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";

const root = new URL("..", import.meta.url).pathname;
const runsAt = process.argv.indexOf("--runs");
const runs = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 3;
if (!Number.isInteger(runs) || runs < 1) {
  console.error("measure-unseen: --runs must be a positive integer");
  process.exit(2);
}
// Sizes: each program runs about a billion instructions.
const DEFINES = { mix: ["-DMIX_N=16"] };
const dir = mkdtempSync(join(tmpdir(), "lockstep86-unseen-"));
try {
  const runner = join(root, "dist", "x87-measure.mjs"); // beside the other bundles: it finds build/core.wasm from there
  await build({
    entryPoints: [join(root, "bench/x87-measure.ts")], outfile: runner, bundle: true, platform: "node", format: "esm",
    target: "node20", logLevel: "warning",
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  for (const file of readdirSync(join(root, "bench/unseen")).filter((f) => f.endsWith(".c")).sort()) {
    const name = file.slice(0, -2);
    const elf = join(dir, name);
    const cc = spawnSync("gcc", ["-m32", "-static", "-O2", "-march=i686", ...(DEFINES[name] ?? []), join(root, "bench/unseen", file), "-o", elf], { encoding: "utf8" });
    if (cc.status !== 0) throw new Error(`gcc failed on ${file}: ${cc.stderr}`);
    let ours;
    for (let i = 0; i < runs; i++) {
      const p = spawnSync(process.execPath, [runner, elf, "jit"], { encoding: "utf8", cwd: root });
      if (p.status !== 0) throw new Error(`lockstep run of ${file} failed: ${p.stderr}`);
      const r = JSON.parse(p.stdout);
      if (!ours || r.seconds < ours.seconds) ours = r;
    }
    let qemuSeconds = Infinity;
    let qemuOut = "";
    for (let i = 0; i < runs; i++) {
      const t = process.hrtime.bigint();
      const q = spawnSync("qemu-i386", [elf], { encoding: "utf8" });
      qemuSeconds = Math.min(qemuSeconds, Number(process.hrtime.bigint() - t) / 1e9);
      qemuOut = q.stdout;
    }
    if (ours.stdout !== qemuOut) throw new Error(`${file}: outputs differ: ${ours.stdout} / ${qemuOut}`);
    const mips = (s) => (ours.cycles / s / 1e6).toFixed(0);
    console.log(`${name}: ${(ours.cycles / 1e6).toFixed(0)} M instructions, output identical; simplex ${mips(ours.seconds)} MIPS (${ours.seconds.toFixed(2)} s), qemu-i386 ${mips(qemuSeconds)} MIPS (${qemuSeconds.toFixed(2)} s): ${(qemuSeconds / ours.seconds).toFixed(3)}x qemu-i386`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
