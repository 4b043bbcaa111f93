// The machine itself, run under faults for the availability model: the built-in campaign (per
// machine size and fault kind, faults drawn uniformly from the kind's fault space, exactly as
// `lockstep86 campaign` draws them) and the measured resync length. The workload is small
// (workload.ts) and so are the modules (1 MiB of RAM, a 64 KiB disk), so a few hundred runs
// take seconds in Node and in the page's worker alike.
import type { EccMode } from "../core/module";
import { Experiments, kindsFor } from "../campaign/experiment";
import { CAMPAIGN_KINDS, type CampaignKind } from "../campaign/space";
import { Lockstep, type Mode } from "../harness/lockstep";
import { parseFault } from "../faults/spec";
import { addCase, classOf, type CoverageTable } from "./coverage";
import { workloadImage } from "./workload";

export const WORKLOAD_RAM = 1 << 20;
export const WORKLOAD_DISK = 64 << 10;

export interface MachineSetup {
  ecc: EccMode;
  runsPerClass: number; // faulted runs per machine size and fault kind
  seed: number;
}

export const DEFAULT_MACHINE: MachineSetup = { ecc: "parity", runsPerClass: 24, seed: 1 };

/** The machine sizes a mode passes through as modules fail: tmr -> dmr -> simplex. */
export const SIZES: Record<Mode, readonly Mode[]> = { simplex: ["simplex"], dmr: ["simplex", "dmr"], tmr: ["simplex", "dmr", "tmr"] };

/** The kinds the built-in campaign runs in a machine size: a simplex machine has no second module
 *  to hand over to, so a pulled module there is down by definition and is not run (model.ts). */
export const runKinds = (size: Mode): CampaignKind[] => kindsFor(size, CAMPAIGN_KINDS);

const runOptions = (ecc: EccMode) => ({ ecc, ramSize: WORKLOAD_RAM, disk: new Uint8Array(WORKLOAD_DISK) });

/**
 * Runs the built-in campaign for the given machine sizes, one case at a time: each step yields
 * how many runs are done of how many, so a worker can report progress and stay responsive.
 */
export function* builtInCampaign(wasm: WebAssembly.Module, setup: MachineSetup, sizes: readonly Mode[], table: CoverageTable): Generator<{ done: number; total: number }> {
  const image = workloadImage();
  const total = sizes.reduce((s, m) => s + runKinds(m).length * setup.runsPerClass, 0);
  let done = 0;
  for (const size of sizes) {
    const kinds = runKinds(size);
    const ex = new Experiments(wasm, image, { mode: size, seed: setup.seed, kinds, run: runOptions(setup.ecc) });
    // Case i is of kind kinds[i mod K]: K x runsPerClass cases give each kind runsPerClass runs.
    for (let i = 0; i < kinds.length * setup.runsPerClass; i++) {
      const c = ex.run(i);
      addCase(table, size, c.kind, classOf(c));
      yield { done: ++done, total };
    }
  }
}

export function runBuiltInCampaign(wasm: WebAssembly.Module, setup: MachineSetup, sizes: readonly Mode[]): CoverageTable {
  const table: CoverageTable = {};
  for (const _ of builtInCampaign(wasm, setup, sizes, table));
  return table;
}

/** The machine's resync length in cycles: a dmr run of the workload whose module B halts and is
 *  replaced (--auto-replace); the resync report says how long bringing the new one online took. */
export function measureResyncCycles(wasm: WebAssembly.Module, ecc: EccMode): number {
  const r = new Lockstep(wasm, workloadImage(32), { ...runOptions(ecc), mode: "dmr", autoReplace: true, faults: [parseFault("halt@1000/B")] }).run();
  const done = r.resyncs[0];
  if (!done) throw new Error("the resync did not finish before the workload ended");
  return done.cycles;
}
