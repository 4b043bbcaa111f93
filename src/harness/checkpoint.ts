// Checkpoints and rollback. A checkpoint saves each module's architectural state (the ranges
// layout.ts names); the journal, cleared at each checkpoint, holds every write since. Rolling
// back undoes the journal in wasm (old values and old check codes, newest first) and restores
// the saved state.
import * as L from "../../assembly/layout";
import type { CpuModule } from "../core/module";

export type SavedState = Uint8Array[];

// What a checkpoint saves and a rollback restores: the CPU, syscall and device state. It leaves
// out the sizes and bases set at init, the journal's length, and the stuck-cell table (a failed
// cell is hardware: rolling the program back does not repair it).
export const ARCH_STATE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [L.STATE_BASE, L.S_RAM_SIZE], // registers, flags, segments, cycle, status, faults, ECC mode
  [L.S_BRK, L.S_STUCK_COUNT], // brk, console input ring pointers
  [L.S_UART, L.STATE_BASE + L.STATE_SIZE], // UART, ATA
];

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
