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
import { bestCoreRun, bestQemuRun, bundleRunner, root, runsOption } from "./core-runner.mjs";

const runs = runsOption("measure-x87");
const dir = mkdtempSync(join(tmpdir(), "lockstep86-x87-measure-"));
try {
  const elf = join(dir, "x87-libm-loop");
  const cc = spawnSync("gcc", ["-m32", "-static", "-O2", join(root, "bench/x87-libm-loop.c"), "-o", elf, "-lm"], { encoding: "utf8" });
  if (cc.status !== 0) throw new Error(`gcc failed: ${cc.stderr}`);
  const runner = await bundleRunner();
  const withJit = bestCoreRun(runner, elf, "jit", runs);
  const noJit = bestCoreRun(runner, elf, "nojit", runs);
  const { seconds: qemuSeconds, stdout: qemuOut } = bestQemuRun(elf, runs);
  if (withJit.stdout !== qemuOut || noJit.stdout !== qemuOut) throw new Error(`outputs differ: ${withJit.stdout} ${noJit.stdout} ${qemuOut}`);
  const mips = (s) => (withJit.cycles / s / 1e6).toFixed(1);
  console.log(`x87-libm-loop: ${withJit.cycles} instructions, output ${qemuOut.trim()} (identical in all three)`);
  console.log(`lockstep86 simplex, translated blocks: ${mips(withJit.seconds)} MIPS (${withJit.seconds.toFixed(2)} s)`);
  console.log(`lockstep86 simplex, --no-jit:          ${mips(noJit.seconds)} MIPS (${noJit.seconds.toFixed(2)} s)`);
  console.log(`qemu-i386:                             ${mips(qemuSeconds)} MIPS (${qemuSeconds.toFixed(2)} s)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
