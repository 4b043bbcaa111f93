// One availability computation from its settings: the built-in campaign on the machine (the
// coverage a campaign file does not give, and the runs the simulation draws from), the measured
// resync length, then prediction and simulation. A generator, so the page's worker can report
// progress between runs; the CLI drains it.
import type { Mode } from "../harness/lockstep";
import { builtInCampaign, measureResyncCycles, SIZES } from "./machine-runs";
import { mergeCoverage, type CoverageTable } from "./coverage";
import { availabilityReport, type AvailabilityReport } from "./report";
import type { AvailabilitySettings } from "./settings";

export interface AvailabilityResult {
  report: AvailabilityReport;
  coverage: CoverageTable; // what the prediction used
  runs: CoverageTable; // the machine's runs the simulation drew from
}

export type Progress = { done: number; total: number };

export function* availabilitySteps(wasm: WebAssembly.Module, s: AvailabilitySettings, fromFiles: CoverageTable = {}): Generator<Progress, AvailabilityResult> {
  const sizes = (["simplex", "dmr", "tmr"] as const).filter((size) => s.modes.some((m) => SIZES[m].includes(size)));
  const runs: CoverageTable = {};
  // One seed for everything: the faults the machine runs and the simulation's draws.
  yield* builtInCampaign(wasm, { ...s.machine, seed: s.seed }, sizes, runs);
  const resyncCycles = measureResyncCycles(wasm, s.machine.ecc);
  const coverage = mergeCoverage(runs, fromFiles);
  const report = availabilityReport({ modes: s.modes as Mode[], rates: s.rates, repair: { ...s.repair, resyncCycles }, coverage, runs, years: s.years, seed: s.seed });
  return { report, coverage, runs };
}

export function runAvailability(wasm: WebAssembly.Module, s: AvailabilitySettings, fromFiles?: CoverageTable): AvailabilityResult {
  const steps = availabilitySteps(wasm, s, fromFiles);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
