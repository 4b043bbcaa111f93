// Random single faults for a program, drawn from a seeded generator: the same seed and target
// give the same faults. They are written as --inject specs, so every case a campaign reports can
// be replayed with `lockstep86 run --inject`.
import type { Prng } from "../util/prng";
import { FAULT_REGS, type ModuleName } from "./spec";

/** The kinds a campaign draws (insert only follows a pull, so it is not drawn on its own). */
export const RANDOM_KINDS = ["ram", "reg", "disk", "stuck", "halt", "pull"] as const;
export type RandomKind = (typeof RANDOM_KINDS)[number];

/** What the faults are aimed at: the program's fault-free run and its memory. */
export interface FaultTarget {
  cycles: number; // length of the fault-free run: faults strike before it ends
  segments: ReadonlyArray<{ address: number; memSize: number }>;
  ramSize: number;
  ramOrigin?: number; // the guest address of RAM's first byte
  stackTop: number;
  diskSectors: number;
}

const hex = (v: number) => `0x${v.toString(16)}`;

// Faults that never reach anything the program uses are benign and teach little, so most RAM
// faults hit the program's own bytes or the stack; some hit anywhere.
function address(rng: Prng, t: FaultTarget): number {
  const r = rng.below(10);
  if (r < 5 && t.segments.length) {
    const s = rng.pick(t.segments);
    return s.address + rng.below(Math.max(1, s.memSize));
  }
  if (r < 9) return Math.max(t.ramOrigin ?? 0, t.stackTop - rng.below(8192));
  return (t.ramOrigin ?? 0) + rng.below(t.ramSize);
}

// Programs write their records at the start of the disk; most disk faults land there.
function sector(rng: Prng, t: FaultTarget): number {
  return rng.chance(0.7) ? rng.below(Math.min(64, t.diskSectors)) : rng.below(t.diskSectors);
}

/** One fault spec of the given kind on one of `modules`, at a cycle before the run ends. */
export function randomFault(rng: Prng, t: FaultTarget, modules: readonly ModuleName[], kind: RandomKind): string {
  const head = `${kind}@${rng.below(Math.max(1, t.cycles))}/${rng.pick(modules)}`;
  switch (kind) {
    case "ram": return `${head}:addr=${hex(address(rng, t))},bit=${rng.below(8)}`;
    case "stuck": return `${head}:addr=${hex(address(rng, t))},bit=${rng.below(8)},value=${rng.below(2)}`;
    case "reg": return `${head}:reg=${rng.pick(FAULT_REGS)},bit=${rng.below(32)}`;
    case "disk": return `${head}:sector=${sector(rng, t)},byte=${rng.below(512)},bit=${rng.below(8)}`;
    case "halt":
    case "pull": return head;
  }
}
