// The fetch-execute loop. run() stays in wasm until the cycles are done, the program stops, the
// journal must be drained or the host must serve input: never one host call per instruction.
import {
  S_EIP, S_CODE32, S_RAM_SIZE, S_CYCLE, S_STATUS, S_INSN_EIP, S_FETCHOK_BASE, S_JOURNAL_LEN,
  S_JOURNAL_CAP, RAM_BASE, FETCH_SCRATCH, SEG_CS, ECC_NONE, ST_RUNNING, ST_CYCLE_LIMIT,
  ST_JOURNAL_FULL, ST_NEED_INPUT, JOURNAL_SLACK,
} from "./layout";
import {
  beginInsn, fetch8, segBase, insnEip, aborted, nextEip, insnLength, stopRun, setStopRun,
} from "./cpu";
import { eccMode, fetchVerifyLine, fetchWindowLo, fetchWindowHi, setFetchWindow } from "./ecc";
import { executeOne } from "./exec";
import { memFault } from "./memory";

@inline function lineVerified(line: u32): bool {
  return (load<u8>(load<u32>(S_FETCHOK_BASE) + (line >> 3)) & (1 << (line & 7))) != 0;
}

// Instruction fetch reads whole 64-byte lines, as a prefetcher does: each line's check bytes are
// verified once, then trusted until the host changes RAM behind the CPU's back. The last window
// of verified lines is remembered so that straight-line code skips the bitmap.
function fetchLinesOk(lin: u32): bool {
  let first = lin >> 6;
  let last = (lin + 15) >> 6;
  for (let line = first; line <= last; line++) {
    if (!lineVerified(line)) {
      fetchVerifyLine(line);
      if (load<u32>(S_STATUS) != ST_RUNNING) return false;
    }
  }
  setFetchWindow(first << 6, (last + 1) << 6);
  return true;
}

// Bytes of an instruction that wraps at 64 KiB or reaches the end of RAM, gathered into scratch.
let gathered: u32 = 0;
function gather(eip: u32, code32: bool, ram: u32): usize {
  let base = segBase(SEG_CS);
  gathered = 0;
  for (let k: u32 = 0; k < 16; k++) {
    let ip = code32 ? eip + k : (eip + k) & 0xffff;
    let lin = base + ip;
    if (lin >= ram) break;
    if (eccMode() != ECC_NONE && !fetchLinesOk(lin & ~15)) return 0;
    store<u8>(FETCH_SCRATCH + k, load<u8>(RAM_BASE + lin));
    gathered = k + 1;
  }
  for (let k = gathered; k < 16; k++) store<u8>(FETCH_SCRATCH + k, 0);
  return FETCH_SCRATCH;
}

export function step(): void {
  let eip = load<u32>(S_EIP);
  let code32 = load<u32>(S_CODE32) != 0;
  let lin = segBase(SEG_CS) + eip;
  let ram = load<u32>(S_RAM_SIZE);
  let ptr: usize;
  let slow = false;
  if (lin <= ram - 16 && (code32 || eip <= 0xfff0)) {
    if ((lin < fetchWindowLo || lin + 16 > fetchWindowHi) && eccMode() != ECC_NONE && !fetchLinesOk(lin)) {
      return; // machine check on fetch
    }
    ptr = RAM_BASE + lin;
  } else {
    ptr = gather(eip, code32, ram);
    if (ptr == 0) return;
    slow = true;
  }
  beginInsn(eip, code32, ptr);
  executeOne(fetch8());
  // An instruction running off the end of RAM is found only after it executed; the module stops
  // with a fetch fault either way.
  if (slow && insnLength() > gathered && !aborted) {
    memFault(segBase(SEG_CS) + eip + gathered, 1, false);
  }
  if (aborted) {
    store<u32>(S_INSN_EIP, insnEip);
    return;
  }
  store<u32>(S_EIP, nextEip());
  store<u64>(S_CYCLE, load<u64>(S_CYCLE) + 1);
}

@inline function journalNearlyFull(): bool {
  return load<u32>(S_JOURNAL_LEN) + JOURNAL_SLACK >= load<u32>(S_JOURNAL_CAP);
}

export function run(maxCycles: u32): i32 {
  let st = load<u32>(S_STATUS);
  if (st != ST_RUNNING && st != ST_CYCLE_LIMIT && st != ST_JOURNAL_FULL && st != ST_NEED_INPUT) {
    return <i32>st;
  }
  store<u32>(S_STATUS, ST_RUNNING);
  if (journalNearlyFull()) {
    store<u32>(S_STATUS, ST_JOURNAL_FULL);
    return ST_JOURNAL_FULL;
  }
  setStopRun(false);
  let limit = load<u64>(S_CYCLE) + <u64>maxCycles;
  while (load<u64>(S_CYCLE) < limit) {
    step();
    if (stopRun) break;
  }
  if (load<u32>(S_STATUS) == ST_RUNNING) {
    store<u32>(S_STATUS, journalNearlyFull() ? ST_JOURNAL_FULL : ST_CYCLE_LIMIT);
  }
  return <i32>load<u32>(S_STATUS);
}
