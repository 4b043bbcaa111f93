// Bit tests (bt bts btr btc, by register and by immediate) and bit scans (bsf bsr), as both fuzzers
// draw them once their prefixes are out.
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

/** bsf/bsr (0f bc/bd); a zero source leaves the destination unchanged (compared, as Intel and
 *  AMD hardware behave, though the SDM calls it undefined). */
export function emitBitScan<M>(b: InstructionBuilder<M>): void {
  const r = b.rng;
  const bits = b.osize;
  b.emit(0x0f, r.chance(0.5) ? 0xbc : 0xbd);
  const g = r.below(8);
  const e = b.modrm(g, { width: bits / 8 });
  b.setReg(g, bits, b.value(bits));
  b.setOperand(e, bits, r.chance(0.2) ? 0 : b.value(bits));
  b.undefinedFlags = UNDEFINED.bitScan;
}
