// Running a lesson's scenario to the end and reading its facts, and its small campaign: pure
// code over the core's wasm and a reader of the example programs, so the test, the CLI and the
// page's worker run lessons the same way.
import { Lockstep } from "../harness/lockstep";
import { classifyRun } from "../harness/outcome";
import { scenarioToOptions, type ExampleReader, type Scenario, type ScenarioRun } from "../scenario/index";
import { Experiments } from "../campaign/experiment";
import { OUTCOMES, type Outcome } from "../harness/outcome";
import type { RunFacts, CampaignCounts } from "./claims";
import type { LessonCampaign } from "./format";

const text = new TextDecoder();

/** Runs a scenario and the fault-free run it is judged against (as the page and `run` do). */
export function runFacts(wasm: WebAssembly.Module, scenario: Scenario, readExample: ExampleReader): RunFacts {
  const { image, options } = scenarioToOptions(scenario, readExample);
  const r = new Lockstep(wasm, image, options).run();
  const golden = new Lockstep(wasm, image, { ...options, mode: "simplex", faults: [], autoReplace: false }).run();
  return {
    outcome: classifyRun(r, golden),
    exitCode: r.exitCode,
    cycles: r.cycles,
    epoch: scenario.epoch,
    stdout: text.decode(r.stdout),
    goldenStdout: text.decode(golden.stdout),
    events: r.events,
    modules: r.modules,
  };
}

export interface CampaignRow {
  mode: string;
  n: number;
  outcomes: Record<Outcome, number>;
}

/** The lesson's campaign: `faults` random single faults of its kinds in each of its modes, on the
 *  scenario's program and settings (its own faults left out). Calls onCase after each case. */
export function runCampaign(wasm: WebAssembly.Module, run: ScenarioRun, c: LessonCampaign, onCase?: (mode: string, done: number, row: CampaignRow) => void): CampaignRow[] {
  const { faults: _f, mode: _m, autoReplace: _a, onOutput: _o, onCheckpoint: _c, ...base } = run.options;
  return c.modes.map((mode) => {
    const x = new Experiments(wasm, run.image, { mode, seed: c.seed, kinds: c.kinds, run: base });
    const row: CampaignRow = { mode, n: 0, outcomes: Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number> };
    for (let i = 0; i < c.faults; i++) {
      row.outcomes[x.run(i).outcome]++;
      row.n++;
      onCase?.(mode, i + 1, row);
    }
    return row;
  });
}

export const campaignCounts = (rows: readonly CampaignRow[]): CampaignCounts => Object.fromEntries(rows.map((r) => [r.mode, r.outcomes]));
