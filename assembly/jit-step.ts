// The interpreter's step as translated code calls it: an instruction the translator has no code of
// its own for is run by the core's own semantics (one definition of each instruction), and the
// region function goes on after it when nothing it assumes has changed. The caller has put
// registers, lazy flags, eip and the cycle back into the module, as at an exit.
import {
  S_CYCLE, S_EIP, S_STATUS, S_CODE32, S_JOURNAL_LEN, S_JOURNAL_CAP, JOURNAL_SLACK, ST_RUNNING,
  SEG_CS, SEG_DS, SEG_ES, SEG_SS,
} from "./layout";
import { step } from "./run";
import { segBase, stopRun, realMode } from "./cpu";
import { codeRetired, setCodeRetired } from "./jit";

// Returns -1 when the instruction ran and the translated code may go on at `next`: it retired,
// the module still runs, eip is `next`, the segments are still flat, no translated code was
// removed, the run need not stop, and the journal still has room for `room` more entries and the
// interpreter's slack. Otherwise the number of instructions retired (0 or 1): the translated code
// returns at once, the module's state being the interpreter's. Nothing runs (0) when the journal
// is already where the run loop would stop.
export function jitStep(next: u32, room: u32): i32 {
  if (load<u32>(S_JOURNAL_LEN) + JOURNAL_SLACK >= load<u32>(S_JOURNAL_CAP)) return 0;
  let before = load<u64>(S_CYCLE);
  setCodeRetired(false);
  step();
  let ran = <i32>(load<u64>(S_CYCLE) - before);
  if (ran == 1 && load<u32>(S_STATUS) == ST_RUNNING && load<u32>(S_EIP) == next && !codeRetired && !stopRun &&
    !realMode && load<u32>(S_CODE32) != 0 &&
    (segBase(SEG_CS) | segBase(SEG_DS) | segBase(SEG_ES) | segBase(SEG_SS)) == 0 &&
    load<u32>(S_JOURNAL_LEN) + room + JOURNAL_SLACK < load<u32>(S_JOURNAL_CAP)) {
    return -1;
  }
  return ran;
}
