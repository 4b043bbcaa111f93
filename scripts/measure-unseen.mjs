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
import { bestCoreRun, bestQemuRun, bundleRunner, root, runsOption } from "./core-runner.mjs";

const runs = runsOption("measure-unseen");
// Sizes: each program runs about a billion instructions.
const DEFINES = { mix: ["-DMIX_N=16"] };
const dir = mkdtempSync(join(tmpdir(), "lockstep86-unseen-"));
try {
  const runner = await bundleRunner();
  for (const file of readdirSync(join(root, "bench/unseen")).filter((f) => f.endsWith(".c")).sort()) {
    const name = file.slice(0, -2);
    const elf = join(dir, name);
    const cc = spawnSync("gcc", ["-m32", "-static", "-O2", "-march=i686", ...(DEFINES[name] ?? []), join(root, "bench/unseen", file), "-o", elf], { encoding: "utf8" });
    if (cc.status !== 0) throw new Error(`gcc failed on ${file}: ${cc.stderr}`);
    const ours = bestCoreRun(runner, elf, "jit", runs);
    const { seconds: qemuSeconds, stdout: qemuOut } = bestQemuRun(elf, runs);
    if (ours.stdout !== qemuOut) throw new Error(`${file}: outputs differ: ${ours.stdout} / ${qemuOut}`);
    const mips = (s) => (ours.cycles / s / 1e6).toFixed(0);
    console.log(`${name}: ${(ours.cycles / 1e6).toFixed(0)} M instructions, output identical; simplex ${mips(ours.seconds)} MIPS (${ours.seconds.toFixed(2)} s), qemu-i386 ${mips(qemuSeconds)} MIPS (${qemuSeconds.toFixed(2)} s): ${(qemuSeconds / ours.seconds).toFixed(3)}x qemu-i386`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
