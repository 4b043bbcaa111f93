// Guest memory accesses by linear address. Every access is checked against the RAM size, so no
// guest can reach emulator state; reads verify the ECC check bytes; writes keep them, honour
// stuck cells and append to the journal.
import {
  RAM_BASE, S_RAM_SIZE, S_RAM_ORIGIN, S_SHADOW_BASE, S_STUCK_COUNT, J_RAM, S_STATUS, ST_FAULT, S_FAULT,
  S_FAULT_ADDR, S_FAULT_INFO, FAULT_MEMORY, FAULT_WRITE, ECC_NONE, TRACE_READ, TRACE_WRITE,
} from "./layout";
import { tracing, traceNow } from "./trace";
import { aborted, setAborted, setStopRun } from "./cpu";
import { checkBytes, checkedBits, eccMode, eccVerifySlow } from "./ecc";
import { applyStuck } from "./stuck";
import { journal } from "./journal";
import { codePagesWritten } from "./jit";

export function memFault(lin: u32, size: u32, write: bool): void {
  if (aborted) return;
  store<u32>(S_STATUS, ST_FAULT);
  store<u32>(S_FAULT, FAULT_MEMORY);
  store<u32>(S_FAULT_ADDR, lin);
  store<u32>(S_FAULT_INFO, size | (write ? FAULT_WRITE : 0));
  setAborted(true);
  setStopRun(true);
}

// The physical address (RAM offset) of a linear address; inRam then bounds it.
@inline export function ramOrigin(): u32 { return load<u32>(S_RAM_ORIGIN); }
@inline export function toPhys(lin: u32): u32 { return lin - load<u32>(S_RAM_ORIGIN); }

// True when physical [p, p + size) lies inside RAM.
@inline export function inRam(p: u32, size: u32): bool {
  return p <= load<u32>(S_RAM_SIZE) - size;
}

// True when the guest buffer at linear [lin, lin + count) lies inside RAM (syscall arguments).
export function bufferOk(lin: u32, count: u32): bool {
  let ram = load<u32>(S_RAM_SIZE);
  let p = toPhys(lin);
  return p <= ram && count <= ram - p;
}

@inline function loadSized(p: usize, size: u32): u32 {
  return size == 4 ? load<u32>(p) : (size == 2 ? <u32>load<u16>(p) : <u32>load<u8>(p));
}
@inline function storeSized(p: usize, v: u32, size: u32): void {
  if (size == 4) store<u32>(p, v);
  else if (size == 2) store<u16>(p, <u16>v);
  else store<u8>(p, <u8>v);
}

@inline function eccCheck(lin: u32, v: u32, size: u32): u32 {
  let mode = eccMode();
  if (mode == ECC_NONE) return v;
  let diff = (checkBytes(v, size, mode) ^ loadSized(load<u32>(S_SHADOW_BASE) + lin, size)) & checkedBits(mode);
  return diff == 0 ? v : eccVerifySlow(lin, size);
}

// size is 1, 2 or 4.
@inline export function readMem(lin: u32, size: u32): u32 {
  let p = toPhys(lin);
  if (!inRam(p, size)) {
    memFault(lin, size, false);
    return 0;
  }
  if (tracing) traceNow(TRACE_READ, p, size);
  return eccCheck(p, loadSized(RAM_BASE + p, size), size);
}

@inline export function writeMem(lin: u32, v: u32, size: u32): void {
  if (aborted) return;
  let phys = toPhys(lin);
  if (!inRam(phys, size)) {
    memFault(lin, size, true);
    return;
  }
  if (tracing) traceNow(TRACE_WRITE, phys, size);
  let p = RAM_BASE + phys;
  let old = loadSized(p, size);
  storeSized(p, v, size);
  let oldCheck: u32 = 0;
  let mode = eccMode();
  if (mode != ECC_NONE) {
    let sh = load<u32>(S_SHADOW_BASE) + phys;
    oldCheck = loadSized(sh, size);
    storeSized(sh, checkBytes(v, size, mode), size);
  }
  if (load<u32>(S_STUCK_COUNT) != 0) applyStuck(phys, size);
  codePagesWritten(phys, size);
  journal((J_RAM << 8) | size, phys, v, old, oldCheck);
}

// Host pages the process's kernel has not handed out yet read as its shared zero page, and the
// first write to one copies it, a fault that, while another thread of the process runs on the
// other core, also interrupts that core to flush its TLB (19 us a page here, against 3 us for a
// page written first: docs/performance.md). Every write here reads the old value first, for the
// journal, so a fresh page always took the slow way. Memory the guest is about to use (its bss,
// the stack below its arguments, what brk and mmap hand out) is written once beforehand without
// changing it: an atomic add of 0, which faults as a write (an atomic or did not: it still mapped
// the zero page first); a plain store would need the old value, which is the read to avoid.
const HOST_PAGE: u32 = 4096;
function touchHost(from: usize, to: usize): void {
  if (to <= from) return;
  atomic.add<u32>(from & ~3, 0);
  for (let p = (from | (HOST_PAGE - 1)) + 1; p < to; p += HOST_PAGE) atomic.add<u32>(p, 0);
}

// RAM (physical) [phys, phys + len), clipped to RAM, and its check bytes.
export function touchRam(phys: u32, len: u32): void {
  let ram = load<u32>(S_RAM_SIZE);
  if (phys >= ram) return;
  let end = len > ram - phys ? ram : phys + len;
  touchHost(RAM_BASE + phys, RAM_BASE + end);
  if (eccMode() != ECC_NONE) touchHost(load<u32>(S_SHADOW_BASE) + phys, load<u32>(S_SHADOW_BASE) + end);
}

export function rd8(lin: u32): u32 { return readMem(lin, 1); }
export function rd16(lin: u32): u32 { return readMem(lin, 2); }
export function rd32(lin: u32): u32 { return readMem(lin, 4); }
export function wr8(lin: u32, v: u32): void { writeMem(lin, v & 0xff, 1); }
export function wr16(lin: u32, v: u32): void { writeMem(lin, v & 0xffff, 2); }
export function wr32(lin: u32, v: u32): void { writeMem(lin, v, 4); }

// Operand size code sz: 0 byte, 1 word, 2 dword. rdLin and wrLin are written out where they are
// called (the hot forms that skip the decode globals); rdSz and wrSz call.
@inline export function rdLin(sz: u32, lin: u32): u32 {
  return readMem(lin, 1 << sz);
}
@inline export function wrLin(sz: u32, lin: u32, v: u32): void {
  wrSz(sz, lin, v);
}
// Operand size code sz: 0 byte, 1 word, 2 dword.
@inline export function rdSz(sz: u32, lin: u32): u32 {
  return sz == 2 ? rd32(lin) : (sz == 1 ? rd16(lin) : rd8(lin));
}
@inline export function wrSz(sz: u32, lin: u32, v: u32): void {
  if (sz == 2) wr32(lin, v);
  else if (sz == 1) wr16(lin, v);
  else wr8(lin, v);
}
