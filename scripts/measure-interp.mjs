#!/usr/bin/env node
// Measures the interpreter alone: builds the bench programs (bench/bench-programs.ts) at sizes
// where the interpreter takes about a second, runs each in the lockstep machine (simplex,
// --no-jit) with the x87 measurement's runner, and prints MIPS (instructions retired per
// wall-clock second of the run, startup excluded), the best of --runs (default 3). The machine
// is shared: quote the load average (printed) with the numbers.
// --core FILE measures another build of the core instead of build/core.wasm (an older commit's).
// Usage: node scripts/measure-interp.mjs [--runs N] [--core FILE]   (after npm run build; needs gcc -m32)
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { bestCoreRun, bundleRunner, root, runsOption } from "./core-runner.mjs";

// Sizes between the bench's "quick" and "full": 20-95 M instructions each.
const PROGRAMS = [
  ["fib", "FIB_N", 30], ["crc32", "CRC_LEN", 1048576], ["qsort", "QSORT_N", 100000],
  ["sieve", "SIEVE_N", 2000000], ["int64", "INT64_N", 50000], ["strings", "STRINGS_MAXLEN", 800],
];

const runs = runsOption("measure-interp");
const coreAt = process.argv.indexOf("--core");
const core = coreAt > 0 ? process.argv[coreAt + 1] : undefined;
if (coreAt > 0 && !core) {
  console.error("measure-interp: --core needs a file");
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), "lockstep86-interp-measure-"));
try {
  const b = spawnSync(process.execPath, [join(root, "scripts/build-programs.mjs"), "--out", dir,
    ...PROGRAMS.map(([, macro, n]) => `-D${macro}=${n}`), ...PROGRAMS.map(([name]) => name)], { encoding: "utf8" });
  if (b.status !== 0) throw new Error(`build-programs failed: ${b.stderr.trim()}`);
  const runner = await bundleRunner();
  console.log(`load average at the start: ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  for (const [name, macro, n] of PROGRAMS) {
    const best = bestCoreRun(runner, join(dir, `${name}.elf`), "nojit", runs, core);
    if (best.exitCode !== 0) throw new Error(`${name}: exit status ${best.exitCode}`);
    const mips = (best.cycles / best.seconds / 1e6).toFixed(1);
    console.log(`${name.padEnd(8)} ${`${macro}=${n}`.padEnd(20)} ${String(best.cycles).padStart(10)} instructions  ${best.seconds.toFixed(2)} s  ${mips} MIPS`);
  }
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
