// Timing: each runner runs a program once cold, then `warmRuns` more times; the best warm run
// counts (on a shared machine, the least disturbed run is the best estimate of the speed).
// The runner's startup, the best warm run of the trivial startup program, is subtracted.
// Every run's output must equal the first runner's: a benchmark of a wrong result is void.
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

export function timeRuns(run: () => RunOutput, warmRuns: number): { times: RunTimes; output: RunOutput } {
  let t = now();
  const output = run();
  const cold = now() - t;
  let best = Infinity;
  for (let i = 0; i < warmRuns; i++) {
    t = now();
    const again = run();
    best = Math.min(best, now() - t);
    if (!sameOutput(again, output)) throw new Error("a program gave different outputs in two runs");
  }
  return { times: { cold, best: warmRuns > 0 ? best : cold }, output };
}

/** How many warm runs a runner gets (long in-process runs are repeated less). */
export type WarmRuns = (r: Runner) => number;

/** Each runner's startup: its best time for the startup program, whose output is checked.
 *  Startup runs are short, so they are repeated more than the programs' runs. */
export function measureStartup(runners: readonly Runner[], startup: BuiltProgram, warmRuns: number): Record<string, number> {
  const result: Record<string, number> = {};
  for (const r of runners) {
    const run = r.prepare(startup);
    if (!run) {
      result[r.key] = 0;
      continue;
    }
    const { times, output } = timeRuns(run, warmRuns);
    if (output.stdout !== "Hello, world!\n" || output.exitCode !== 0)
      throw new Error(`${r.key}: ${startup.elf} did not print "Hello, world!": ${JSON.stringify(output)}`);
    result[r.key] = times.best;
  }
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
  let reference: { key: string; output: RunOutput } | undefined;
  for (const r of runners) {
    onRunner(r.key);
    const run = r.prepare(program);
    if (!run) {
      cells[r.key] = null;
      continue;
    }
    const { times, output } = timeRuns(run, warmRuns(r));
    cells[r.key] = { times, startup: startup[r.key], compute: times.best - startup[r.key], output };
    if (output.exitCode !== 0) problems.push(`${r.key}: exit status ${output.exitCode} ${output.stderr.trim()}`);
    if (!reference) reference = { key: r.key, output };
    else if (!sameOutput(output, reference.output)) problems.push(`${r.key}: output differs from ${reference.key}'s`);
  }
  const cycles = Object.values(cells).find((c) => c?.output.cycles !== undefined)?.output.cycles ?? null;
  return { program, cycles, cells, problems };
}
