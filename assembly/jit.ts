// Translated blocks. The host translates hot straight-line runs of guest code (ending at a
// control transfer) into WebAssembly functions with exactly the interpreter's semantics, puts
// them in the function table and installs them here. The run loop looks a block up at each
// branch target and calls it; a block runs as many iterations as the cycle budget allows, leaves
// eip, the cycle count, registers, lazy flags and journal as the interpreter would, and bails
// out to the interpreter before any instruction it cannot finish by itself (a fault, a machine
// check, a write to translated code).
//
// A block is valid while the generations of its pages are those it was installed with: a write
// to a page holding translated code bumps the page's generation. Host changes to RAM flush all.
import {
  JIT_MAP, JIT_SLOTS, JIT_ENTRY, JIT_HOT, JIT_QUEUE, JIT_QUEUE_MAX, JIT_MAX_BYTES, S_JIT_THRESHOLD,
  S_EIP, S_RAM_SIZE, S_PAGEGEN_BASE, S_CODEMARK_BASE, S_FETCHOK_BASE, S_ECC_MODE,
  ECC_NONE,
} from "./layout";

@inline function slot(eip: u32): usize {
  return JIT_MAP + (((eip ^ (eip >> 12)) & (JIT_SLOTS - 1)) * JIT_ENTRY);
}
@inline function pageGen(page: u32): u32 {
  return load<u32>(load<u32>(S_PAGEGEN_BASE) + (page << 2));
}
@inline function lineVerified(line: u32): bool {
  return (load<u8>(load<u32>(S_FETCHOK_BASE) + (line >> 3)) & (1 << (line & 7))) != 0;
}

// A write to [lin, lin + size) in RAM: pages holding translated code get a new generation.
@inline export function codePagesWritten(lin: u32, size: u32): void {
  let marks = load<u32>(S_CODEMARK_BASE);
  if ((load<u8>(marks + (lin >> 12)) | load<u8>(marks + ((lin + size - 1) >> 12))) != 0) {
    retirePages(lin >> 12, (lin + size - 1) >> 12);
  }
}

function retirePages(first: u32, last: u32): void {
  let marks = load<u32>(S_CODEMARK_BASE);
  let gens = load<u32>(S_PAGEGEN_BASE);
  for (let p = first; p <= last; p++) {
    if (load<u8>(marks + p) != 0) {
      store<u8>(marks + p, 0);
      store<u32>(gens + (p << 2), load<u32>(gens + (p << 2)) + 1);
    }
  }
}

// Installs the block at `eip` (the host calls this after putting its function at `index`).
export function jitInstall(eip: u32, index: u32, length: u32, writes: u32): void {
  let e = slot(eip);
  let last = eip + length - 1;
  store<u32>(e, eip);
  store<u32>(e, index, 4);
  store<u32>(e, length, 8);
  store<u32>(e, writes, 12);
  store<u32>(e, pageGen(eip >> 12), 16);
  store<u32>(e, pageGen(last >> 12), 20);
  let marks = load<u32>(S_CODEMARK_BASE);
  store<u8>(marks + (eip >> 12), 1);
  store<u8>(marks + (last >> 12), 1);
}

// Forgets every installed block and every hit count (the host changed RAM behind the CPU's back).
export function jitFlush(): void {
  memory.fill(JIT_MAP, 0, JIT_SLOTS * JIT_ENTRY);
  memory.fill(JIT_HOT, 0, JIT_SLOTS * 2);
}

// Counts a branch to an eip that has no block; at the threshold, asks the host for one.
function countHit(eip: u32): void {
  let h = JIT_HOT + (((eip ^ (eip >> 12)) & (JIT_SLOTS - 1)) << 1);
  let n = <u32>load<u16>(h) + 1;
  if (n > 0xffff) return;
  store<u16>(h, <u16>n);
  if (n != load<u32>(S_JIT_THRESHOLD)) return;
  let q = load<u32>(JIT_QUEUE);
  if (q >= <u32>JIT_QUEUE_MAX) return;
  store<u32>(JIT_QUEUE + 4 + (q << 2), eip);
  store<u32>(JIT_QUEUE, q + 1);
}

// Runs the block at eip if there is a valid one, within `budget` cycles; returns the number of
// instructions it retired (0: nothing ran, interpret instead).
export function tryBlock(budget: u32): u32 {
  let eip = load<u32>(S_EIP);
  if (eip > load<u32>(S_RAM_SIZE) - JIT_MAX_BYTES) return 0;
  let e = slot(eip);
  let index = load<u32>(e, 4);
  if (load<u32>(e) != eip || index == 0) {
    countHit(eip);
    return 0;
  }
  let last = eip + load<u32>(e, 8) - 1;
  if (load<u32>(e, 16) != pageGen(eip >> 12) || load<u32>(e, 20) != pageGen(last >> 12)) {
    store<u32>(e, 0, 4); // stale: its code was written
    countHit(eip);
    return 0;
  }
  // Instruction fetch verifies the check bytes of the lines it reads; the interpreter does that.
  if (load<u32>(S_ECC_MODE) != ECC_NONE && (!lineVerified(eip >> 6) || !lineVerified(last >> 6))) return 0;
  return call_indirect<u32>(index, budget);
}
