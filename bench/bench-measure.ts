// Timing: each runner runs a program once cold, then `warmRuns` more times; the best warm run
// counts (on a shared machine, the least disturbed run is the best estimate of the speed).
// The warm runs are interleaved: round after round, every runner runs once, each round starting
// one runner further on, so that a disturbed stretch of the machine's time (another tenant, a
// collection) falls on every runner alike rather than on the one whose turn it was, and the
// ratios between runners stay fair. The runner's startup, the best warm run of the trivial
// startup program, is subtracted. Every run's output must equal the first runner's: a benchmark
// of a wrong result is void.
import type { BuiltProgram } from "./bench-build";
import type { Runner, RunOutput } from "./bench-runners";

export interface RunTimes {
  cold: number; // seconds, first run in this process
  best: number; // seconds, best warm run (the cold one if there were none)
}

export interface Cell {
  times: RunTimes;
  startup: number; // seconds, the runner's best time for the startup program
  /** best - startup: the program's own run time; <= 0 when lost in startup noise. */
  compute: number;
  output: RunOutput;
}

export interface ProgramResult {
  program: BuiltProgram;
  cycles: number | null; // the core's retired instructions
  cells: Record<string, Cell | null>; // by runner key; null: nothing to run
  problems: string[]; // output mismatches, failures
}

const now = () => Number(process.hrtime.bigint()) / 1e9;

function sameOutput(a: RunOutput, b: RunOutput): boolean {
  return a.stdout === b.stdout && a.exitCode === b.exitCode;
}

function timed(run: () => RunOutput): { seconds: number; output: RunOutput } {
  const t = now();
  const output = run();
  return { seconds: now() - t, output };
}

interface Timing {
  run: () => RunOutput;
  warm: number; // warm runs wanted
  cold: number;
  best: number;
  output: RunOutput;
}

// The cold run of each, in order, then the warm runs in rotating rounds (above).
function timeInterleaved(entries: Array<{ run: () => RunOutput; warm: number }>): Timing[] {
  const timings: Timing[] = entries.map((e) => {
    const first = timed(e.run);
    return { ...e, cold: first.seconds, best: Infinity, output: first.output };
  });
  const rounds = Math.max(0, ...timings.map((t) => t.warm));
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < timings.length; k++) {
      const t = timings[(round + k) % timings.length];
      if (round >= t.warm) continue;
      const again = timed(t.run);
      t.best = Math.min(t.best, again.seconds);
      if (!sameOutput(again.output, t.output)) throw new Error("a program gave different outputs in two runs");
    }
  }
  for (const t of timings) if (t.best === Infinity) t.best = t.cold;
  return timings;
}

/** How many warm runs a runner gets (long in-process runs are repeated less). */
export type WarmRuns = (r: Runner) => number;

/** Each runner's startup: its best time for the startup program, whose output is checked.
 *  Startup runs are short, so they are repeated more than the programs' runs. */
export function measureStartup(runners: readonly Runner[], startup: BuiltProgram, warmRuns: number): Record<string, number> {
  const result: Record<string, number> = {};
  const prepared: Array<{ key: string; run: () => RunOutput; warm: number }> = [];
  for (const r of runners) {
    const run = r.prepare(startup);
    if (run) prepared.push({ key: r.key, run, warm: warmRuns });
    else result[r.key] = 0;
  }
  const timings = timeInterleaved(prepared);
  prepared.forEach(({ key }, i) => {
    const t = timings[i];
    if (t.output.stdout !== "Hello, world!\n" || t.output.exitCode !== 0)
      throw new Error(`${key}: ${startup.elf} did not print "Hello, world!": ${JSON.stringify(t.output)}`);
    result[key] = t.best;
  });
  return result;
}

export function measureProgram(
  runners: readonly Runner[],
  program: BuiltProgram,
  startup: Record<string, number>,
  warmRuns: WarmRuns,
  onRunner: (key: string) => void = () => {},
): ProgramResult {
  const cells: Record<string, Cell | null> = {};
  const problems: string[] = [];
  const prepared: Array<{ runner: Runner; run: () => RunOutput; warm: number }> = [];
  for (const r of runners) {
    const run = r.prepare(program);
    if (run) prepared.push({ runner: r, run: announced(run, r.key, onRunner), warm: warmRuns(r) });
    else cells[r.key] = null;
  }
  const timings = timeInterleaved(prepared);
  let reference: { key: string; output: RunOutput } | undefined;
  prepared.forEach(({ runner: r }, i) => {
    const t = timings[i];
    const times = { cold: t.cold, best: t.best };
    cells[r.key] = { times, startup: startup[r.key], compute: times.best - startup[r.key], output: t.output };
    if (t.output.exitCode !== 0) problems.push(`${r.key}: exit status ${t.output.exitCode} ${t.output.stderr.trim()}`);
    if (!reference) reference = { key: r.key, output: t.output };
    else if (!sameOutput(t.output, reference.output)) problems.push(`${r.key}: output differs from ${reference.key}'s`);
  });
  const ordered: Record<string, Cell | null> = {};
  for (const r of runners) ordered[r.key] = cells[r.key];
  const cycles = Object.values(ordered).find((c) => c?.output.cycles !== undefined)?.output.cycles ?? null;
  return { program, cycles, cells: ordered, problems };
}

// The progress line names the runner at its first (cold) run only.
function announced(run: () => RunOutput, key: string, onRunner: (key: string) => void): () => RunOutput {
  let first = true;
  return () => {
    if (first) onRunner(key);
    first = false;
    return run();
  };
}
