// Shifts and rotates (c0/c1 imm8, d0/d1 by 1, d2/d3 by cl) and shld/shrd, as both fuzzers draw
// them once their prefixes are out, with counts at the edges of the 5-bit masking and of the
// operand size.
import type { Prng } from "../../../../src/util/prng";
import { rotateUndefined, shiftDoubleDestUndefined, shiftDoubleUndefined, shiftUndefined } from "../../fuzz/flag-masks";
import type { InstructionBuilder, Operand } from "../instruction-builder";
import { ECX } from "../registers";

function shiftCount(r: Prng, bits: number): number {
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

/** rol ror rcl rcr shl shr sar (and /6, sal's undocumented alias) of a byte or the operand size. */
export function emitShiftRotate<M>(b: InstructionBuilder<M>, byte: boolean): void {
  const r = b.rng;
  const bits = byte ? 8 : b.osize;
  const form = r.below(3); // 0 by imm8, 1 by 1, 2 by cl
  // /6 is drawn less often.
  const op = r.chance(0.03) ? 6 : r.pick([0, 1, 2, 3, 4, 5, 7]);
  b.emit((form === 0 ? 0xc0 : form === 1 ? 0xd0 : 0xd2) | (byte ? 0 : 1));
  const e = b.modrm(op, { width: bits / 8 });
  b.setOperand(e, bits, b.value(bits));
  let c = 1;
  if (form === 0) {
    c = shiftCount(r, bits);
    b.emit(c);
  } else if (form === 2) {
    b.setReg(ECX, 8, shiftCount(r, bits));
    c = b.getReg(ECX, 8); // the count a memory operand's address left in cl, if it uses ecx
  }
  b.undefinedFlags = op < 4 ? rotateUndefined(c) : shiftUndefined(op === 7, c, bits);
}

/**
 * shld (0f a4 imm8, a5 cl) and shrd (0f ac, ad) of the operand size. Returns the destination when
 * the SDM leaves its value undefined (a count above the operand size), for the caller to mark.
 */
export function emitShiftDouble<M>(b: InstructionBuilder<M>): Operand<M> | undefined {
  const r = b.rng;
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
    b.setReg(ECX, 8, shiftCount(r, bits));
    c = b.getReg(ECX, 8);
  } else {
    c = shiftCount(r, bits);
    b.emit(c);
  }
  b.undefinedFlags = shiftDoubleUndefined(c, bits);
  return shiftDoubleDestUndefined(c, bits) ? e : undefined;
}
