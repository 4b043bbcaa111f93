// Checkpoints and rollback. A checkpoint saves each module's architectural state (the ranges
// layout.ts's state policy gives); the journal, cleared at each checkpoint, holds every write since. Rolling
// back undoes the journal in wasm (old values and old check codes, newest first) and restores
// the saved state.
import * as L from "../../assembly/layout";
import type { CpuModule } from "../core/module";
import { SAVED_RANGES } from "./state-policy";

export type SavedState = Uint8Array[];

// What a checkpoint saves and a rollback restores: the state layout.ts marks compared or saved
// (CPU, syscall and device state). Sizes and bases set at init, the journal's length and the
// stuck-cell table are not in it (a failed cell is hardware: rolling back does not repair it).
export const ARCH_STATE_RANGES = SAVED_RANGES;

export function saveState(m: CpuModule): SavedState {
  m.exports.materializeFlags();
  return ARCH_STATE_RANGES.map(([from, to]) => m.bytes.slice(from, to));
}

export function restoreState(m: CpuModule, saved: SavedState): void {
  ARCH_STATE_RANGES.forEach(([from], i) => m.bytes.set(saved[i], from));
}

export function rollback(m: CpuModule, saved: SavedState): void {
  m.exports.undoJournal(0);
  restoreState(m, saved);
}
