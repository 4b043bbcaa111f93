// Shifts and rotates and shld/shrd at 8, 16 and 32 bits; the forms and counts are shared with the
// real-mode fuzzer (fuzz-common/forms/shift.ts).
import type { CaseBuilder } from "../builder";
import { emitShiftDouble, emitShiftRotate } from "../../fuzz-common/forms/shift";

export function shiftRotate(b: CaseBuilder): void {
  const byte = b.rng.chance(0.35);
  b.prefixes(byte ? false : "maybe", "maybe");
  emitShiftRotate(b, byte);
}

/** shld/shrd; a 16-bit one by more than 16 leaves its destination undefined. */
export function shiftDouble(b: CaseBuilder): void {
  b.prefixes("maybe", "maybe");
  const e = emitShiftDouble(b);
  if (e) b.undefinedDest = "reg" in e ? { reg: e.reg, size: b.osize / 8 } : { mem: e.mem, size: b.osize / 8 };
}
