// Translated blocks. The host translates hot regions of guest code (the blocks reachable from a
// hot eip by direct control transfers, each block a straight run ending at a control transfer)
// into WebAssembly functions with exactly the interpreter's semantics, puts them in the function
// table and installs each block here as an entry (the region's function and the block's arm in
// it). The run loop looks a block up at each branch target and calls its function; the function
// runs from block to block of its region as long as the cycle budget allows, leaves eip, the
// cycle count, registers, lazy flags and journal as the interpreter would, and bails out to the
// interpreter before any instruction it cannot finish by itself (a fault, a machine check, a
// write to translated code).
//
// An installed block stays valid until its code could have changed: a guest write to a page
// holding translated code removes that page's blocks at once; a host change to RAM removes all.
// Its fetch lines were verified when it was installed, and they can only lose that status by a
// host change (which removes all blocks), so running it needs no check of its own.
import { setFetchWindow } from "./fetch-window";
import {
  JIT_MAP, JIT_SLOTS, JIT_ENTRY, JIT_HOT, JIT_QUEUE, JIT_QUEUE_MAX, S_JIT_THRESHOLD,
  S_JIT_RETIRED, S_EIP, S_CODEMARK_BASE, S_FETCHOK_BASE, S_ECC_MODE, ECC_NONE, S_JIT_ASKED, S_CYCLE,
  JIT_BATCH, JIT_WAIT, S_RAM_ORIGIN,
} from "./layout";
import { setStopRun } from "./cpu";

@inline function slot(eip: u32): usize {
  return JIT_MAP + (((eip ^ (eip >> 12)) & (JIT_SLOTS - 1)) * JIT_ENTRY);
}
@inline function lineVerified(line: u32): bool {
  return (load<u8>(load<u32>(S_FETCHOK_BASE) + (line >> 3)) & (1 << (line & 7))) != 0;
}

// A write to physical [lin, lin + size) in RAM: blocks on those pages are removed. Pages and
// lines here are physical (RAM offsets); a block's eip is linear.
@inline export function codePagesWritten(lin: u32, size: u32): void {
  let marks = load<u32>(S_CODEMARK_BASE);
  if ((load<u8>(marks + (lin >> 12)) | load<u8>(marks + ((lin + size - 1) >> 12))) != 0) {
    retirePages(lin >> 12, (lin + size - 1) >> 12);
  }
}

// Translated code was removed since the flag was last cleared (jit-step.ts: a region function that
// called the interpreter for one instruction must not go on if its own code may be gone).
export let codeRetired = false;
export function setCodeRetired(v: bool): void { codeRetired = v; }

function retirePages(first: u32, last: u32): void {
  codeRetired = true;
  let marks = load<u32>(S_CODEMARK_BASE);
  for (let p = first; p <= last; p++) store<u8>(marks + p, 0);
  for (let e: usize = JIT_MAP; e < <usize>(JIT_MAP + JIT_SLOTS * JIT_ENTRY); e += JIT_ENTRY) {
    if (load<u32>(e, 4) == 0) continue;
    let from = load<u32>(e, 20);
    let to = load<u32>(e, 16);
    if (from <= last && to >= first) {
      store<u32>(e, 0);
      store<u32>(e, 0, 4);
    }
  }
}

// Installs the block at `eip`, `length` bytes, as arm `arm` of the region function the host put
// at `index`; the region's code lies on physical pages firstPage..lastPage (a write to any of its
// blocks' pages removes every block of the region). Returns 0, or -1 if a line of the block's
// code has not been verified by instruction fetch yet (the interpreter must run it first; the eip
// may be asked for again). The host puts in a region only blocks whose lines are verified.
export function jitInstall(eip: u32, index: u32, arm: u32, length: u32, firstPage: u32, lastPage: u32): i32 {
  let phys = eip - load<u32>(S_RAM_ORIGIN);
  let last = phys + length - 1;
  if (load<u32>(S_ECC_MODE) != ECC_NONE) {
    for (let line = phys >> 6; line <= last >> 6; line++) {
      if (!lineVerified(line)) {
        store<u16>(hotCounter(eip), 0);
        return -1;
      }
    }
  }
  let e = slot(eip);
  store<u32>(e, eip);
  store<u32>(e, index, 4);
  store<u32>(e, length, 8);
  store<u32>(e, arm, 12);
  store<u32>(e, lastPage, 16);
  store<u32>(e, firstPage, 20);
  let marks = load<u32>(S_CODEMARK_BASE);
  for (let p = phys >> 12; p <= last >> 12; p++) store<u8>(marks + p, 1);
  return 0;
}

// The host could not translate the block at `eip` yet (a line of its code is not verified by
// instruction fetch): its hit count starts again, so it is asked for again later.
export function jitRetryLater(eip: u32): void {
  store<u16>(hotCounter(eip), 0);
}

// Forgets every installed block, every hit count and the fetch window (the host changed RAM, or
// put back saved memory with its verified-lines bitmap, behind the CPU's back: the window may
// cover lines that bitmap no longer holds verified).
export function jitFlush(): void {
  codeRetired = true;
  setFetchWindow(0, 0);
  memory.fill(JIT_MAP, 0, JIT_SLOTS * JIT_ENTRY);
  memory.fill(JIT_HOT, 0, JIT_SLOTS * 2);
}

@inline function hotCounter(eip: u32): usize {
  return JIT_HOT + (((eip ^ (eip >> 12)) & (JIT_SLOTS - 1)) << 1);
}

// Counts a branch to an eip that has no block; at the threshold, asks the host for one.
function countHit(eip: u32): void {
  let h = hotCounter(eip);
  let n = <u32>load<u16>(h) + 1;
  if (n > 0xffff) return;
  store<u16>(h, <u16>n);
  if (n != load<u32>(S_JIT_THRESHOLD)) return;
  let q = load<u32>(JIT_QUEUE);
  if (q >= <u32>JIT_QUEUE_MAX) return;
  store<u32>(JIT_QUEUE + 4 + (q << 2), eip);
  store<u32>(JIT_QUEUE, q + 1);
  if (q == 0) store<u32>(S_JIT_ASKED, <u32>load<u64>(S_CYCLE));
}

// Enough hot code waits for the host to translate it: a batch, or one that has waited long.
export function translationDue(): bool {
  let q = load<u32>(JIT_QUEUE);
  return q >= <u32>JIT_BATCH || (q != 0 && <u32>load<u64>(S_CYCLE) - load<u32>(S_JIT_ASKED) >= <u32>JIT_WAIT);
}

// The most cycles one call of a region function may run. A region can loop for the whole epoch
// without returning, and the engine replaces a function's baseline code by its optimized code
// only at the next call: returning now and then lets hot regions get the optimized code.
const CALL_BUDGET: u32 = 1 << 16;

// Runs the block at eip if there is one, within `budget` cycles; returns the number of
// instructions it retired (0: nothing ran, interpret instead). `arrived` says a branch led here;
// a run resuming where the last one stopped (an epoch's end, usually in the middle of a block)
// does not count as a branch to that eip: counted, such eips grew hot one by one with the epochs
// and each was translated as a region of its own, duplicating the code around it.
export function tryBlock(budget: u32, arrived: bool): u32 {
  if (budget > CALL_BUDGET) budget = CALL_BUDGET;
  let eip = load<u32>(S_EIP);
  let e = slot(eip);
  let index = load<u32>(e, 4);
  if (load<u32>(e) != eip || index == 0) {
    if (!arrived) return 0;
    countHit(eip);
    if (translationDue()) setStopRun(true);
    return 0;
  }
  let retired = call_indirect<u32>(index, budget, load<u32>(e, 12));
  store<u64>(S_JIT_RETIRED, load<u64>(S_JIT_RETIRED) + <u64>retired);
  return retired;
}
