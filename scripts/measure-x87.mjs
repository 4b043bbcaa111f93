#!/usr/bin/env node
// Measures the x87 path's speed: builds bench/x87-libm-loop.c (gcc -m32 -static -O2, glibc), runs
// it in the lockstep machine (simplex) with translated blocks and without, and under qemu-i386,
// checks all three print the same, and prints MIPS (guest instructions per wall-clock second;
// qemu's from the same instruction count). Each is the best of --runs (default 3).
// Usage: node scripts/measure-x87.mjs [--runs N]   (after npm run build)
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";

const root = new URL("..", import.meta.url).pathname;
const runsAt = process.argv.indexOf("--runs");
const runs = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 3;
if (!Number.isInteger(runs) || runs < 1) {
  console.error("measure-x87: --runs must be a positive integer");
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), "lockstep86-x87-measure-"));
try {
  const elf = join(dir, "x87-libm-loop");
  const cc = spawnSync("gcc", ["-m32", "-static", "-O2", join(root, "bench/x87-libm-loop.c"), "-o", elf, "-lm"], { encoding: "utf8" });
  if (cc.status !== 0) throw new Error(`gcc failed: ${cc.stderr}`);
  const runner = join(root, "dist", "x87-measure.mjs"); // beside the other bundles: it finds build/core.wasm from there
  await build({
    entryPoints: [join(root, "bench/x87-measure.ts")], outfile: runner, bundle: true, platform: "node", format: "esm",
    target: "node20", logLevel: "warning",
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const ours = (jit) => {
    let best;
    for (let i = 0; i < runs; i++) {
      const p = spawnSync(process.execPath, [runner, elf, jit], { encoding: "utf8", cwd: root });
      if (p.status !== 0) throw new Error(`lockstep run failed: ${p.stderr}`);
      const r = JSON.parse(p.stdout);
      if (!best || r.seconds < best.seconds) best = r;
    }
    return best;
  };
  const withJit = ours("jit");
  const noJit = ours("nojit");
  let qemuSeconds = Infinity;
  let qemuOut = "";
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const q = spawnSync("qemu-i386", [elf], { encoding: "utf8" });
    qemuSeconds = Math.min(qemuSeconds, Number(process.hrtime.bigint() - t) / 1e9);
    qemuOut = q.stdout;
  }
  if (withJit.stdout !== qemuOut || noJit.stdout !== qemuOut) throw new Error(`outputs differ: ${withJit.stdout} ${noJit.stdout} ${qemuOut}`);
  const mips = (s) => (withJit.cycles / s / 1e6).toFixed(1);
  console.log(`x87-libm-loop: ${withJit.cycles} instructions, output ${qemuOut.trim()} (identical in all three)`);
  console.log(`lockstep86 simplex, translated blocks: ${mips(withJit.seconds)} MIPS (${withJit.seconds.toFixed(2)} s)`);
  console.log(`lockstep86 simplex, --no-jit:          ${mips(noJit.seconds)} MIPS (${noJit.seconds.toFixed(2)} s)`);
  console.log(`qemu-i386:                             ${mips(qemuSeconds)} MIPS (${qemuSeconds.toFixed(2)} s)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
