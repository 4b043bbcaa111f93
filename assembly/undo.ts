// Rollback: undoes the journal's RAM and disk writes newest first, restoring each cell's old value
// and old check code (so a corrupted cell comes back corrupted, not laundered), down to entry `to`.
// Output entries have nothing to undo: output leaves the machine only after a checkpoint.
import {
  JOURNAL_ENTRY, S_JOURNAL_LEN, J_RAM, J_DISK, RAM_BASE, S_SHADOW_BASE, S_DISK_BASE,
  S_DISK_SUM_BASE, S_ECC_MODE, ECC_NONE, SECTOR_SIZE, S_STUCK_COUNT, S_STUCK_TABLE, STUCK_ENTRY,
  TRACE_UNDO, TRACE_DISK,
} from "./layout";
import { tracing, traceNow } from "./trace";
import { applyStuck } from "./stuck";
import { fetchOkClear } from "./ecc";
import { journalAt } from "./journal";

@inline function storeSized(p: usize, v: u32, size: u32): void {
  if (size == 4) store<u32>(p, v);
  else if (size == 2) store<u16>(p, <u16>v);
  else store<u8>(p, <u8>v);
}

export function undoJournal(to: u32): void {
  let n = load<u32>(S_JOURNAL_LEN);
  let ecc = load<u32>(S_ECC_MODE) != ECC_NONE;
  let shadow = load<u32>(S_SHADOW_BASE);
  let disk = load<u32>(S_DISK_BASE);
  let sums = load<u32>(S_DISK_SUM_BASE);
  let at = journalAt();
  while (n > to) {
    n--;
    let p = at + n * JOURNAL_ENTRY;
    let ks = load<u32>(p, 4);
    let kind = ks >> 8;
    let size = ks & 0xff;
    let addr = load<u32>(p, 8);
    let old = load<u32>(p, 16);
    let oldCheck = load<u32>(p, 20);
    if (kind == J_RAM) {
      if (tracing) traceNow(TRACE_UNDO, addr, size);
      storeSized(RAM_BASE + addr, old, size);
      if (ecc) storeSized(shadow + addr, oldCheck, size);
    } else if (kind == J_DISK) {
      if (tracing) traceNow(TRACE_DISK, addr, size);
      storeSized(disk + addr, old, size);
      store<u32>(sums + (addr / SECTOR_SIZE) * 4, oldCheck);
    }
  }
  store<u32>(S_JOURNAL_LEN, to);
  // A stuck cell stays stuck whatever was restored into it.
  let stuck = load<u32>(S_STUCK_COUNT);
  for (let i: u32 = 0; i < stuck; i++) applyStuck(load<u32>(S_STUCK_TABLE + i * STUCK_ENTRY), 1);
  fetchOkClear();
}
