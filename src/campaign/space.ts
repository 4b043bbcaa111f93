// Each fault kind's fault space, and faults drawn uniformly from it. A campaign is stratified by
// kind: case i is of kind kinds[i mod K] (equal allocation), and within its kind every point of
// the space (cycle x location x module) is equally likely, so a kind's sampled failure fraction
// times its space's size estimates how many of its faults fail. The sizes go into the results
// file's header, so the weights a report uses are the ones the sampler drew from.
import type { Prng } from "../util/prng";
import { FAULT_REGS, type ModuleName } from "../faults/spec";

/** The kinds a campaign draws (insert only follows a pull, so it is not drawn on its own). */
export const CAMPAIGN_KINDS = ["ram", "reg", "disk", "stuck", "halt", "pull"] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

/** What the faults strike: the fault-free run's length and the machine's sizes. */
export interface SpaceTarget {
  cycles: number;
  ramSize: number; // bytes per module
  ramOrigin?: number; // the guest address of RAM's first byte (0 unless the program is linked high)
  diskSize: number; // bytes per module
  modules: readonly ModuleName[];
}

const REG_BITS = FAULT_REGS.length * 32;

/** The number of distinct faults of a kind: cycles x locations x modules. */
export function spaceSize(kind: CampaignKind, t: SpaceTarget): number {
  const perModule = t.cycles * t.modules.length;
  switch (kind) {
    case "ram": return perModule * t.ramSize * 8;
    case "stuck": return perModule * t.ramSize * 8 * 2; // each bit stuck at 0 or at 1
    case "reg": return perModule * REG_BITS;
    case "disk": return perModule * t.diskSize * 8;
    case "halt":
    case "pull": return perModule;
  }
}

const hex = (v: number) => `0x${v.toString(16)}`;

/** The kind of case `index`: strata in turn, so any case's kind follows from its index alone. */
export function kindOf(index: number, kinds: readonly CampaignKind[]): CampaignKind {
  return kinds[index % kinds.length];
}

/** One fault of `kind`, uniform over its fault space, as an --inject spec. */
export function uniformFault(rng: Prng, t: SpaceTarget, kind: CampaignKind): string {
  const head = `${kind}@${rng.below(t.cycles)}/${rng.pick(t.modules)}`;
  switch (kind) {
    case "ram": return `${head}:addr=${hex((t.ramOrigin ?? 0) + rng.below(t.ramSize))},bit=${rng.below(8)}`;
    case "stuck": return `${head}:addr=${hex((t.ramOrigin ?? 0) + rng.below(t.ramSize))},bit=${rng.below(8)},value=${rng.below(2)}`;
    case "reg": {
      const bit = rng.below(REG_BITS);
      return `${head}:reg=${FAULT_REGS[bit >>> 5]},bit=${bit & 31}`;
    }
    case "disk": {
      const byte = rng.below(t.diskSize);
      return `${head}:sector=${Math.floor(byte / 512)},byte=${byte % 512},bit=${rng.below(8)}`;
    }
    case "halt":
    case "pull": return head;
  }
}
