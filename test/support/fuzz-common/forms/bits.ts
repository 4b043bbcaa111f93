// Bit tests (bt bts btr btc, by register and by immediate), as both fuzzers draw them once their
// prefixes are out.
import { UNDEFINED } from "../../fuzz/flag-masks";
import type { InstructionBuilder, Operand } from "../instruction-builder";

/**
 * bt bts btr btc (op 0-3) of the operand size: by register, 0f a3/ab/b3/bb Ev,Gv, or by immediate,
 * 0f ba /4-/7 Ev,Ib (taken modulo the operand size). A register offset is signed and, with a
 * memory operand, selects a bit outside it, how far depending on the mode's addressing:
 * `offsetOperand` fixes an offset in register g and returns the r/m operand it allows for.
 */
export function emitBitTest<M>(
  b: InstructionBuilder<M>,
  op: number,
  lock: boolean,
  offsetOperand: (g: number, bits: number) => Operand<M>,
): void {
  const r = b.rng;
  const bits = b.osize;
  if (r.chance(0.6)) {
    b.emit(0x0f, 0xa3 | (op << 3));
    const e = offsetOperand(r.below(8), bits);
    b.setOperand(e, bits, b.value(bits));
  } else {
    b.emit(0x0f, 0xba);
    const e = b.modrm(4 + op, { width: bits / 8, register: lock ? false : undefined });
    b.setOperand(e, bits, b.value(bits));
    b.emit(r.chance(0.5) ? r.below(bits) : r.below(256));
  }
  b.undefinedFlags = UNDEFINED.bitTest;
}

