// Stuck-at RAM cells: a failed DIMM cell that always reads as 0 or 1, whatever was written.
// The check byte keeps describing what the CPU wrote, so ECC finds the cell when it is read.
import { S_STUCK_COUNT, S_STUCK_TABLE, STUCK_ENTRY, STUCK_MAX, RAM_BASE, S_FETCHOK_BASE } from "./layout";
import { setFetchWindow } from "./fetch-window";

// Forces the stuck bits inside [lin, lin + size) back to their stuck values.
export function applyStuck(lin: u32, size: u32): void {
  let n = load<u32>(S_STUCK_COUNT);
  for (let i: u32 = 0; i < n; i++) {
    let e = S_STUCK_TABLE + i * STUCK_ENTRY;
    let addr = load<u32>(e);
    if (addr - lin < size) {
      let mask = <u32>load<u8>(e + 4);
      let value = <u32>load<u8>(e + 5);
      let b = <u32>load<u8>(RAM_BASE + addr);
      let forced = (b & ~mask) | (value & mask);
      if (forced != b) {
        store<u8>(RAM_BASE + addr, <u8>forced);
        // The line no longer matches its check bytes: the next fetch from it must verify again.
        let map = load<u32>(S_FETCHOK_BASE);
        let line = addr >> 6;
        store<u8>(map + (line >> 3), load<u8>(map + (line >> 3)) & ~<u8>(<u32>1 << (line & 7)));
        setFetchWindow(0, 0);
      }
    }
  }
}

// Adds a stuck cell; returns 0, or -1 when the table is full.
export function stuckAdd(addr: u32, bit: u32, value: u32): i32 {
  let n = load<u32>(S_STUCK_COUNT);
  if (n >= <u32>STUCK_MAX) return -1;
  let e = S_STUCK_TABLE + n * STUCK_ENTRY;
  store<u32>(e, addr);
  store<u8>(e + 4, <u8>(<u32>1 << (bit & 7)));
  store<u8>(e + 5, <u8>(value ? 0xff : 0));
  store<u32>(S_STUCK_COUNT, n + 1);
  applyStuck(addr, 1);
  return 0;
}
