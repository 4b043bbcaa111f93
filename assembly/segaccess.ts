// Memory accesses by segment and offset. Each access is checked against the segment's limit
// first: in real mode every segment is 64 KiB, and an access running past offset 0xFFFF (a word
// at 0xFFFF, or any offset above it with 32-bit addressing) raises #SS on the stack segment and
// #GP on the others, as on the 386, instead of wrapping as the 8086 did. Flat segments span
// 4 GiB: RAM's bounds check their accesses.
import { S_SEG_LIMIT, SEG_SS, FAULT_STACK, FAULT_GP } from "./layout";
import { segBase, realMode } from "./cpu";
import { rdSz, wrSz } from "./memory";
import { raiseFault } from "./faults";

// Raises the fault of an access past the limit and returns false, withinLimit's answer.
function overrun(seg: u32): bool {
  raiseFault(seg == SEG_SS ? FAULT_STACK : FAULT_GP);
  return false;
}

// True when `bytes` bytes at offset `off` lie inside segment `seg`; otherwise the fault is raised.
@inline export function withinLimit(seg: u32, off: u32, bytes: u32): bool {
  return !realMode || off <= load<u32>(S_SEG_LIMIT + (seg << 2)) - (bytes - 1) || overrun(seg);
}

// sz: 0 byte, 1 word, 2 dword. A read that faults returns 0 (the instruction is aborted).
// Inlined so that a constant size picks its access at compile time (push and pop are hot).
@inline export function rdSeg(sz: u32, seg: u32, off: u32): u32 {
  return withinLimit(seg, off, 1 << sz) ? rdSz(sz, segBase(seg) + off) : 0;
}

@inline export function wrSeg(sz: u32, seg: u32, off: u32, v: u32): void {
  if (withinLimit(seg, off, 1 << sz)) wrSz(sz, segBase(seg) + off, v);
}
