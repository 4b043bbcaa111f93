// One benchmark run: build the variants, pick the runners this host has, measure every
// program under every runner. Printing is the caller's (bench/bench.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { buildBenchPrograms, repoRoot } from "./bench-build";
import { detectNativeI386, loadNow, machineFacts, type NativeI386 } from "./bench-host";
import { measureProgram, measureStartup, type ProgramResult, type WarmRuns } from "./bench-measure";
import { BENCH_PROGRAMS, type BenchScale } from "./bench-programs";
import { hasQemu, interpreterRunner, lockstepRunner, nativeRunner, qemuRunner, simplexRunner, type Runner } from "./bench-runners";
import { measureResync, type ResyncMeasure } from "./bench-resync";
import { simplexPairRunner } from "./bench-pair";
import type { Ratio } from "./bench-table";

export interface BenchOptions {
  scale: BenchScale;
  names?: string[]; // a subset of BENCH_PROGRAMS
  warmRuns: WarmRuns;
  startupRuns: number;
  log?: (line: string) => void; // progress
}

export interface BenchReport {
  scale: BenchScale;
  facts: [string, string][];
  cores: number; // the cores module threads could use (the goals for threads depend on them)
  native: NativeI386;
  runners: Runner[];
  ratios: Ratio[];
  startup: Record<string, number>;
  results: ProgramResult[];
  resync: ResyncMeasure;
  notes: string[];
}

/** The core's runners: the reference (simplex) first, then the lockstep modes: on one thread, on
 *  worker threads, and dmr under the cheaper --compare settings (one thread: their cost alone). */
export function coreRunners(): Runner[] {
  return [
    simplexRunner(), lockstepRunner("dmr"), lockstepRunner("tmr"), simplexPairRunner(), lockstepRunner("dmr", true), lockstepRunner("tmr", true),
    lockstepRunner("dmr", false, "state"), lockstepRunner("dmr", false, "output"),
  ];
}

export function runBench(opts: BenchOptions): BenchReport {
  const log = opts.log ?? (() => {});
  const loadAtStart = loadNow();
  const programs = opts.names?.length ? BENCH_PROGRAMS.filter((p) => opts.names!.includes(p.name)) : BENCH_PROGRAMS;
  const unknown = (opts.names ?? []).filter((n) => !BENCH_PROGRAMS.some((p) => p.name === n));
  if (unknown.length) throw new Error(`not a benchmark program: ${unknown.join(", ")}`);

  const native = detectNativeI386(join(repoRoot(), "programs", "bin", "hello.elf"));
  const notes: string[] = [];
  const [reference, ...modes] = coreRunners();
  const external: Runner[] = [];
  if (hasQemu()) external.push(qemuRunner());
  else notes.push("qemu-i386 not found (apt-get install qemu-user): no qemu column");
  external.push(nativeRunner(native));
  const interpreter = interpreterRunner();
  const runners = [reference, ...modes, interpreter, ...external];
  // Other core modes beside the reference (throughput cost); the reference beside the
  // interpreter (what translation gains) and the others.
  const ratios: Ratio[] = [
    ...modes.map((m) => ({ of: m.key, to: reference.key })),
    ...[interpreter, ...external].map((r) => ({ of: reference.key, to: r.key })),
  ];

  const dir = mkdtempSync(join(tmpdir(), "lockstep86-bench-"));
  try {
    log(`building ${opts.scale} variants in ${dir}`);
    const build = buildBenchPrograms(programs, opts.scale, dir, { nativeX64: !native.canExec });
    notes.push(...build.notes);
    log("measuring startup");
    const startup = measureStartup(runners, build.startup, opts.startupRuns);
    const results = build.programs.map((p) =>
      measureProgram(runners, p, startup, opts.warmRuns, (key) => log(`${p.name} (${p.size}): ${key}`)),
    );
    log("measuring resync of a 16 MiB module");
    const resync = measureResync(opts.warmRuns(reference));
    return { scale: opts.scale, facts: machineFacts(loadAtStart), cores: availableParallelism(), native, runners, ratios, startup, results, resync, notes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
