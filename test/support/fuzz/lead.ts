// A flag-setting instruction run just before the one under test, so that it starts from lazy
// flags (the core computes EFLAGS only when read) rather than from flags the host just wrote:
// of each operand size, from add/sub/adc/sbb/cmp/neg/inc/dec, which define all six flags. It
// writes no register the case depends on exactly (an address, a count, a built dividend), nor ecx,
// whose low byte the shift families' flag masks were computed from.
import { CaseBuilder, ECX, ESP } from "./builder";
import { modrmByte } from "../modrm";

export function leadInstruction(b: CaseBuilder): number[] {
  const r = b.rng;
  const bits = r.pick([8, 16, 32]);
  const size = bits === 8 ? [] : bits === 16 ? [0x66] : [];
  const wide = bits === 8 ? 0 : 1;
  // The registers it may write: the full register neither kept, nor esp, nor ecx.
  const writable = [0, 1, 2, 3, 4, 5, 6, 7].filter((reg) => {
    const full = bits === 8 ? reg & 3 : reg;
    return !b.isKept(full) && full !== ECX && !(bits !== 8 && full === ESP);
  });
  const src = r.below(8);
  const kind = writable.length === 0 ? 0 : r.below(4);
  if (kind === 0) {
    // cmp r, r (writes nothing): 38/39 /r
    return [...size, 0x38 | wide, modrmByte(3, src, r.below(8))];
  }
  const dest = r.pick(writable);
  if (kind === 1) {
    // add adc sbb sub r, r: 00/10/18/28 (+1) /r
    const op = r.pick([0x00, 0x10, 0x18, 0x28]);
    return [...size, op | wide, modrmByte(3, src, dest)];
  }
  if (kind === 2) {
    // inc/dec r: fe/ff /0 /1 (inc and dec keep CF)
    return [...size, 0xfe | wide, modrmByte(3, r.below(2), dest)];
  }
  // neg r: f6/f7 /3
  return [...size, 0xf6 | wide, 0xd8 | dest];
}
