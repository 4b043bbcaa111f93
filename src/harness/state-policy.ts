// The ranges of module memory that checkpoints save, compare checks and resync copies, derived
// from the policies declared beside the memory map (assembly/layout.ts): one place says what
// each piece of state is, and the three agree by construction.
import * as L from "../../assembly/layout";

export type Range = readonly [from: number, to: number];

/** [from, to) runs of adjacent entries whose policy passes `keep` (and whose keys match). */
function runs(entries: number[][], keep: (policy: number) => boolean, key: (offset: number) => string = () => ""): Array<{ from: number; to: number; key: string }> {
  const out: Array<{ from: number; to: number; key: string }> = [];
  for (const [offset, size, policy] of entries) {
    if (!keep(policy)) continue;
    const last = out[out.length - 1];
    if (last && last.to === offset && last.key === key(offset)) last.to = offset + size;
    else out.push({ from: offset, to: offset + size, key: key(offset) });
  }
  return out;
}

const inCheckpoint = (p: number) => p === L.P_COMPARED || p === L.P_SAVED;

/** What a checkpoint saves and a rollback restores (compared or saved state). */
export const SAVED_RANGES: readonly Range[] = runs(L.statePolicy(), inCheckpoint).map((r) => [r.from, r.to] as const);

/** What resync copies in its pause besides RAM and disk: the saved state and the resync-only regions. */
export const RESYNC_RANGES: readonly Range[] = [
  ...SAVED_RANGES,
  ...runs(L.regionPolicy(), (p) => p === L.P_RESYNC).map((r) => [r.from, r.to] as const),
];

/** Host configuration and this module's own hardware (its stuck cells): what no checkpoint,
 *  rollback or resync copies between modules or back in time. */
export const HOST_RANGES: readonly Range[] = runs(L.statePolicy(), (p) => p === L.P_HOST).map((r) => [r.from, r.to] as const);

/** What modules are compared on at a checkpoint, each range with the name a divergence reports. */
export function comparedRanges(name: (offset: number) => string): ReadonlyArray<readonly [number, number, string]> {
  return runs(L.statePolicy(), (p) => p === L.P_COMPARED, name).map((r) => [r.from, r.to, r.key] as const);
}
