// The fetch-execute loop. run() stays in wasm until the cycles are done, the program stops, the
// journal must be drained or the host must serve input: never one host call per instruction.
import {
  S_EIP, S_CODE32, S_RAM_SIZE, S_CYCLE, S_STATUS, S_INSN_EIP, S_FETCHOK_BASE, S_JOURNAL_LEN,
  S_JOURNAL_CAP, RAM_BASE, FETCH_SCRATCH, SEG_CS, ECC_NONE, ST_RUNNING, ST_CYCLE_LIMIT,
  ST_JOURNAL_FULL, ST_NEED_INPUT, JOURNAL_SLACK, S_CPU_MODE, CPU_REAL, FAULT_GP, S_JIT_ON,
  S_STUCK_COUNT, ST_TRANSLATE, TRACE_FETCH,
} from "./layout";
import { tracing, traceNow } from "./trace";
import {
  beginInsn, beginFlatInsn, beginRunFlatInsn, fetch8, fetchPtr, segBase, insnEip, aborted, insnLength, bytesFetched, stopRun, setStopRun,
  pendingFault, setPendingFault, setAborted, setInsnEip, realMode, setRealMode, branched, setBranched,
} from "./cpu";
import { eccMode, eccVerifySlow, fetchVerifyLine } from "./ecc";
import { fetchWindowLo, fetchWindowHi, setFetchWindow } from "./fetch-window";
import { executeOne, dispatchHere } from "./exec";
import { recordAt, recordValid, recordBuild, recordForm, recordRun, F_GENERIC } from "./records";
import { tryBlock, translationDue } from "./jit";
import { memFault, toPhys, ramOrigin } from "./memory";
import { raiseFault } from "./faults";
import { deliverFault } from "./interrupts";
import { undoJournal } from "./undo";
import { saveInsnState, restoreInsnState, insnJournalAt } from "./snapshot";

@inline function lineVerified(line: u32): bool {
  return (load<u8>(load<u32>(S_FETCHOK_BASE) + (line >> 3)) & (1 << (line & 7))) != 0;
}

// Instruction fetch reads whole 64-byte lines, as a prefetcher does: each line's check bytes are
// verified once, then trusted until the host changes RAM behind the CPU's back. The last window
// of verified lines (or their whole page) is remembered so that code running there skips the
// bitmap. A line holding a stuck cell that SEC-DED corrects stays unverified: RAM keeps the stuck
// value, so its bytes must be read through the check every time, as the DIMM's ECC logic
// delivers them.
const FETCH_MCE = 0; // a machine check
const FETCH_RAW = 1; // every line verified: the bytes can be read from RAM as they are
const FETCH_CORRECTED = 2; // read the bytes through the check
function fetchLines(lin: u32): i32 {
  let first = lin >> 6;
  let last = (lin + 15) >> 6;
  let raw = true;
  for (let line = first; line <= last; line++) {
    if (!lineVerified(line)) {
      fetchVerifyLine(line);
      if (load<u32>(S_STATUS) != ST_RUNNING) return FETCH_MCE;
      if (!lineVerified(line)) raw = false;
    }
  }
  if (!raw) return FETCH_CORRECTED;
  // The window is the whole run of verified lines around these in their 4 KiB page (the page's
  // 64 bits in the bitmap are one u64): calls and branches among verified lines stay on the run
  // loop's short path. An interpreter loop whose code is spread over lines with unfetched ones
  // between (bytecode) left the window on every jump to another line when it held only the
  // fetched lines.
  let page = first >> 6;
  if (last >> 6 == page) {
    let bits = load<u64>(load<u32>(S_FETCHOK_BASE) + (page << 3));
    let l0 = <u64>(first & 63), l1 = <u64>(last & 63);
    let hi = l1 + ctz<u64>(~(bits >> l1)); // first unverified line above, or 64
    let lo = l0 + 1 - clz<u64>(~(bits << (63 - l0))); // lowest line of the run down from l0
    setFetchWindow((page << 12) + (<u32>lo << 6), (page << 12) + (<u32>hi << 6));
  } else {
    setFetchWindow(first << 6, (last + 1) << 6);
  }
  return FETCH_RAW;
}

// Bytes of an instruction that reaches the end of its 16-bit code segment (offset 0xFFFF: the
// 386 does not wrap) or of RAM, gathered into scratch.
let gathered: u32 = 0;
function gather(eip: u32, code32: bool, ram: u32): usize {
  let base = segBase(SEG_CS);
  gathered = 0;
  for (let k: u32 = 0; k < 16; k++) {
    let ip = eip + k;
    if (!code32 && ip > 0xffff) break;
    let lin = toPhys(base + ip); // physical from here on
    if (lin >= ram) break;
    let b = <u32>load<u8>(RAM_BASE + lin);
    if (eccMode() != ECC_NONE) {
      let f = fetchLines(lin & ~15);
      if (f == FETCH_MCE) return 0;
      if (f == FETCH_CORRECTED) {
        b = eccVerifySlow(lin, 1);
        if (load<u32>(S_STATUS) != ST_RUNNING) return 0;
      }
    }
    store<u8>(FETCH_SCRATCH + k, <u8>b);
    gathered = k + 1;
  }
  for (let k = gathered; k < 16; k++) store<u8>(FETCH_SCRATCH + k, 0);
  return FETCH_SCRATCH;
}

// The instruction ran past the end of its 16-bit code segment, or jumps past it (a 32-bit target).
// The 386 raises #GP before executing it, so what it did is undone.
function pastCodeLimit(journalAt: u32): void {
  if (load<u32>(S_STATUS) != ST_RUNNING) return;
  undoJournal(journalAt);
  setPendingFault(-1);
  setAborted(false);
  raiseFault(FAULT_GP);
}

// Real mode: delivers the fault the instruction raised, with the registers and memory as it found
// them (a rep instruction: as its last completed iteration left them). The 386's faults are
// restartable: PUSHA, ENTER and far CALL check their whole frame before they store any of it,
// so what the core stored before the fault is undone. The delivery is the cycle's work.
function enterFault(): void {
  if (load<u32>(S_JOURNAL_LEN) > insnJournalAt) undoJournal(insnJournalAt);
  restoreInsnState();
  deliverFault();
  store<u64>(S_CYCLE, load<u64>(S_CYCLE) + 1);
}

// After an aborted instruction: the fault it raised is taken, unless the module stopped
// meanwhile (a machine check); otherwise it is left to run again from its start.
@inline function settleAbort(): void {
  if (pendingFault >= 0 && load<u32>(S_STATUS) == ST_RUNNING) {
    enterFault();
    return;
  }
  setPendingFault(-1);
  store<u32>(S_INSN_EIP, insnEip);
}

// The common case off the general path: flat 32-bit code whose 16 bytes lie in RAM and, under
// a check code, inside the window of verified lines. Nothing of the 16-bit, real-mode or
// gathered cases can happen there, so only a fault is left to look at. False: step() must run
// (also while tracing, whose fetches the general path records).
@inline function stepFlat(): bool {
  if (realMode || tracing || load<u32>(S_CODE32) == 0) return false;
  let eip = load<u32>(S_EIP);
  let lin = toPhys(segBase(SEG_CS) + eip);
  if (lin > load<u32>(S_RAM_SIZE) - 16 ||
    (eccMode() != ECC_NONE && (lin < fetchWindowLo || lin + 16 > fetchWindowHi))) return false;
  executeOne(beginFlatInsn(eip, RAM_BASE + lin));
  if (aborted) {
    settleAbort();
    return true;
  }
  store<u32>(S_EIP, insnEip + insnLength());
  store<u64>(S_CYCLE, load<u64>(S_CYCLE) + 1);
  return true;
}

// Runs flat instructions as stepFlat does until the cycles are done, the run must stop or an
// instruction is off the short path (outside RAM or the fetch window: step() takes it). What stepFlat tests for each instruction is tested
// here once: the code segment's base (flat mode never changes it) and RAM's origin and size are
// fixed for the run, and so is the fetch window while no stuck cell exists (applyStuck empties it;
// only the host adds stuck cells). So the fetch is one range test of a local. eip lives in a local
// (nothing an instruction does reads S_EIP) and is written back on the way out; the cycle count
// is stored after each instruction (the journal and the clock syscalls read it) but never loaded.
// An instruction of one of the common forms runs from its decoded record (records.ts), which skips
// the prefix defaults, the opcode switch and the ModR/M decode; the rest through the switch.
function runFlat(limit: u64): void {
  let delta = segBase(SEG_CS) - ramOrigin(); // eip + delta: the physical address
  let lo: u32 = 0;
  let top = load<u32>(S_RAM_SIZE) - 16; // the highest physical address an instruction may start at
  if (eccMode() != ECC_NONE) {
    lo = fetchWindowLo;
    let hi = fetchWindowHi;
    if (hi < lo + 16) return;
    if (hi - 16 < top) top = hi - 16;
  }
  if (top < lo) return;
  let span = top - lo;
  let cyc = load<u64>(S_CYCLE);
  let eip = load<u32>(S_EIP);
  setAborted(false);
  while (cyc < limit) {
    let lin = eip + delta;
    if (lin - lo > span) break;
    let p = RAM_BASE + lin;
    let r = recordAt(lin);
    if (!recordValid(r, p)) recordBuild(r, p);
    let form = recordForm(r);
    let next: u32;
    if (form != F_GENERIC) {
      setInsnEip(eip);
      next = recordRun(r, form, eip);
    } else {
      dispatchHere(beginRunFlatInsn(eip, p));
      next = <u32>(fetchPtr - RAM_BASE) - delta; // insnEip + insnLength()
    }
    if (aborted) {
      store<u32>(S_EIP, eip);
      settleAbort();
      return;
    }
    eip = next;
    cyc++;
    store<u64>(S_CYCLE, cyc);
    if (stopRun) break;
  }
  store<u32>(S_EIP, eip);
}

export function step(): void {
  if (!stepFlat()) stepGeneral();
}

function stepGeneral(): void {
  let eip = load<u32>(S_EIP);
  let code32 = load<u32>(S_CODE32) != 0;
  let journalAt: u32 = 0;
  if (realMode) {
    saveInsnState();
    journalAt = load<u32>(S_JOURNAL_LEN);
  }
  let lin = toPhys(segBase(SEG_CS) + eip); // physical from here on
  if (tracing) traceNow(TRACE_FETCH, lin, 16);
  let ram = load<u32>(S_RAM_SIZE);
  let ptr: usize;
  let slow = false;
  let direct = lin <= ram - 16 && (code32 || eip <= 0xfff0);
  if (direct && eccMode() != ECC_NONE && (lin < fetchWindowLo || lin + 16 > fetchWindowHi)) {
    let f = fetchLines(lin);
    if (f == FETCH_MCE) return; // machine check on fetch
    direct = f == FETCH_RAW;
  }
  if (direct) {
    ptr = RAM_BASE + lin;
  } else {
    ptr = gather(eip, code32, ram);
    if (ptr == 0) return;
    slow = true;
  }
  beginInsn(eip, code32, ptr);
  executeOne(fetch8());
  // An instruction running off the end of its segment or of RAM is found only after it executed;
  // the first raises #GP, the second stops the module with a fetch fault either way.
  if (slow && bytesFetched() > gathered) {
    if (!code32 && eip + gathered > 0xffff) pastCodeLimit(journalAt);
    else if (!aborted) memFault(segBase(SEG_CS) + eip + gathered, 1, false);
  }
  // Where the instruction leads. 16-bit code: falling through to 0x10000 faults when that is
  // fetched (the 386 does not wrap to 0); only a jump (to a 32-bit target) leads further, and
  // faults at the jump. (A 32-bit jump to exactly 0x10000 faults on the fetch there instead.)
  let next = insnEip + insnLength();
  if (!code32 && next > 0x10000 && !aborted) pastCodeLimit(journalAt);
  if (aborted) {
    settleAbort();
    return;
  }
  store<u32>(S_EIP, next);
  store<u64>(S_CYCLE, load<u64>(S_CYCLE) + 1);
}

@inline function journalNearlyFull(): bool {
  return load<u32>(S_JOURNAL_LEN) + JOURNAL_SLACK >= load<u32>(S_JOURNAL_CAP);
}

export function run(maxCycles: u32): i32 {
  let st = load<u32>(S_STATUS);
  if (st != ST_RUNNING && st != ST_CYCLE_LIMIT && st != ST_JOURNAL_FULL && st != ST_NEED_INPUT &&
    st != ST_TRANSLATE) {
    return <i32>st;
  }
  store<u32>(S_STATUS, ST_RUNNING);
  if (journalNearlyFull()) {
    store<u32>(S_STATUS, ST_JOURNAL_FULL);
    return ST_JOURNAL_FULL;
  }
  setStopRun(false);
  setRealMode(load<u32>(S_CPU_MODE) == CPU_REAL);
  let limit = load<u64>(S_CYCLE) + <u64>maxCycles;
  // Translated blocks run in flat mode only, and not while a stuck cell needs every write forced.
  let blocks = load<u32>(S_JIT_ON) != 0 && !realMode && load<u32>(S_STUCK_COUNT) == 0 &&
    load<u32>(S_CODE32) != 0 && segBase(SEG_CS) == 0;
  setBranched(true);
  // Flat 32-bit code outside tracing takes runFlat when blocks are off; what it tests once stays
  // true for the run (only the host changes tracing, the mode and the code segment's size). With
  // blocks on, the interpreter runs a few instructions between two lookups, and entering runFlat
  // for them cost more than it saved (sieve 216 -> 190 MIPS, bytecode 238 -> 215): stepFlat
  // takes them.
  let flat = !blocks && !realMode && !tracing && load<u32>(S_CODE32) != 0;
  let resumed = true; // the first lookup is where the last run stopped, not a branch's target
  while (load<u64>(S_CYCLE) < limit) {
    if (flat && load<u32>(S_STUCK_COUNT) == 0) {
      runFlat(limit);
      if (stopRun) break;
      if (load<u64>(S_CYCLE) >= limit) break;
      // The next instruction is not on runFlat's path: step() sorts it out.
    }
    if (blocks && branched) {
      let left = limit - load<u64>(S_CYCLE);
      let ran = tryBlock(left > 0xffffffff ? 0xffffffff : <u32>left, !resumed);
      resumed = false;
      if (ran != 0) {
        if (journalNearlyFull()) setStopRun(true);
        if (stopRun) break;
        continue; // a block ends at a branch: look again where it led
      }
      setBranched(false);
    }
    if (!stepFlat()) stepGeneral();
    if (stopRun) break;
  }
  if (load<u32>(S_STATUS) == ST_RUNNING) {
    let st = ST_CYCLE_LIMIT;
    if (journalNearlyFull()) st = ST_JOURNAL_FULL;
    else if (load<u64>(S_CYCLE) < limit && translationDue()) st = ST_TRANSLATE;
    store<u32>(S_STATUS, st);
  }
  return <i32>load<u32>(S_STATUS);
}
