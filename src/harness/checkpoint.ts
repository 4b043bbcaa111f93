// Checkpoints and rollback. A checkpoint saves each module's architectural state (the ranges
// layout.ts's state policy gives); the journal, cleared at each checkpoint, holds every write since. Rolling
// back undoes the journal in wasm (old values and old check codes, newest first) and restores
// the saved state.
import * as L from "../../assembly/layout";
import type { CpuModule } from "../core/module";
import { SAVED_RANGES } from "./state-policy";

/** The saved ranges, one after the other in one buffer. */
export type SavedState = Uint8Array;

// What a checkpoint saves and a rollback restores: the state layout.ts marks compared or saved
// (CPU, syscall and device state). Sizes and bases set at init, the journal's length and the
// stuck-cell table are not in it (a failed cell is hardware: rolling back does not repair it).
export const ARCH_STATE_RANGES = SAVED_RANGES;
const SAVED_BYTES = SAVED_RANGES.reduce((n, [from, to]) => n + to - from, 0);

/** Saves the state into `into` when given (a checkpoint every epoch reuses its buffer: eight
 *  fresh ones an epoch had been 5% of a CPU profile of simplex at the default epoch, collection aside). */
export function saveState(m: CpuModule, into?: SavedState): SavedState {
  m.exports.materializeFlags();
  const out = into?.length === SAVED_BYTES ? into : new Uint8Array(SAVED_BYTES);
  let at = 0;
  for (const [from, to] of ARCH_STATE_RANGES) {
    out.set(m.bytes.subarray(from, to), at);
    at += to - from;
  }
  return out;
}

export function restoreState(m: CpuModule, saved: SavedState): void {
  let at = 0;
  for (const [from, to] of ARCH_STATE_RANGES) {
    m.bytes.set(saved.subarray(at, at + to - from), from);
    at += to - from;
  }
}

export function rollback(m: CpuModule, saved: SavedState): void {
  m.exports.undoJournal(0);
  restoreState(m, saved);
}
