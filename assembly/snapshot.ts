// Real mode: the registers, flags and segments as the current instruction found them, put back
// when it faults so that the exception never sees a half-done instruction.
import { S_REGS, INSN_SNAPSHOT, INSN_SNAPSHOT_SIZE, S_JOURNAL_LEN } from "./layout";
import { realMode } from "./cpu";

// The journal's length when the state was saved: a fault undoes the writes made since.
export let insnJournalAt: u32 = 0;

@inline export function saveInsnState(): void {
  memory.copy(INSN_SNAPSHOT, S_REGS, INSN_SNAPSHOT_SIZE);
  insnJournalAt = load<u32>(S_JOURNAL_LEN);
}

@inline export function restoreInsnState(): void {
  memory.copy(S_REGS, INSN_SNAPSHOT, INSN_SNAPSHOT_SIZE);
}

// A rep string instruction keeps the iterations it completed when a later one faults.
export function keepRepProgress(): void {
  if (realMode) saveInsnState();
}
