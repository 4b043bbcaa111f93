// Shifts and rotates (c0/c1 imm8, d0/d1 by 1, d2/d3 by cl) and shld/shrd, with counts at the
// edges of the 5-bit masking and of the operand size.
import { CaseBuilder, ECX } from "../builder";
import { rotateUndefined, shiftDoubleDestUndefined, shiftDoubleUndefined, shiftUndefined } from "../flag-masks";

function count(b: CaseBuilder, bits: number): number {
  const r = b.rng;
  return r.weighted([
    { weight: 2, value: 0 },
    { weight: 3, value: 1 },
    { weight: 2, value: bits - 1 },
    { weight: 2, value: bits },
    { weight: 2, value: bits + 1 },
    { weight: 2, value: 31 },
    { weight: 1, value: 32 }, // masked to 0
    { weight: 1, value: 33 }, // masked to 1
    { weight: 2, value: r.range(2, 31) },
    { weight: 2, value: r.below(256) },
  ]);
}

export function shiftRotate(b: CaseBuilder): void {
  const r = b.rng;
  const byte = r.chance(0.35);
  b.prefixes(byte ? false : "maybe", "maybe");
  const bits = byte ? 8 : b.osize;
  const form = r.below(3); // 0 by imm8, 1 by 1, 2 by cl
  // /6 is the undocumented alias of /4 (sal); it is drawn less often.
  const op = r.chance(0.03) ? 6 : r.pick([0, 1, 2, 3, 4, 5, 7]);
  b.emit((form === 0 ? 0xc0 : form === 1 ? 0xd0 : 0xd2) | (byte ? 0 : 1));
  const e = b.modrm(op, { width: bits / 8 });
  b.setOperand(e, bits, b.value(bits));
  let c = 1;
  if (form === 0) {
    c = count(b, bits);
    b.emit(c);
  } else if (form === 2) {
    b.setReg(ECX, 8, count(b, bits));
    c = b.getReg(ECX, 8); // the count a memory operand's address left in cl, if it uses ecx
  }
  b.undefinedFlags = op < 4 ? rotateUndefined(c) : shiftUndefined(op === 7, c, bits);
}

/** shld (0f a4 imm8, a5 cl) and shrd (0f ac, ad). */
export function shiftDouble(b: CaseBuilder): void {
  const r = b.rng;
  b.prefixes("maybe", "maybe");
  const bits = b.osize;
  const left = r.chance(0.5);
  const byCl = r.chance(0.5);
  b.emit(0x0f, (left ? 0xa4 : 0xac) | (byCl ? 1 : 0));
  const g = r.below(8);
  const e = b.modrm(g, { width: bits / 8 });
  b.setOperand(e, bits, b.value(bits));
  b.setReg(g, bits, b.value(bits));
  let c: number;
  if (byCl) {
    b.setReg(ECX, 8, count(b, bits));
    c = b.getReg(ECX, 8);
  } else {
    c = count(b, bits);
    b.emit(c);
  }
  b.undefinedFlags = shiftDoubleUndefined(c, bits);
  if (shiftDoubleDestUndefined(c, bits)) {
    b.undefinedDest = "reg" in e ? { reg: e.reg, size: bits / 8 } : { mem: e.mem, size: bits / 8 };
  }
}
