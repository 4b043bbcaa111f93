// ALU, unary, multiply and divide forms in real mode, at 8, 16 and 32 bits (0x66), with 16- and
// 32-bit (0x67) addressing and any segment override. All but inc/dec/not/neg are shared with the
// flat-mode fuzzer (fuzz-common/forms/).
import { RealBuilder } from "../builder";
import { emitAlu, emitGroup1, emitTest } from "../../fuzz-common/forms/alu";
import { emitDivide, emitMultiply } from "../../fuzz-common/forms/muldiv";
import { lockable } from "../../fuzz-common/lockable";

/** 00-3d: op Eb,Gb / Ev,Gv / Gb,Eb / Gv,Ev / AL,Ib / eAX,Iv. */
export function alu(b: RealBuilder): void {
  const r = b.rng;
  const op = r.below(8), form = r.below(6);
  const lock = lockable([(op << 3) | form], 0) && b.lock();
  b.prefixes(0.4, 0.3, lock ? [0xf0] : []);
  emitAlu(b, op, form, lock);
}

/** 80-83: op E,imm (82 is 80's alias, 83 a sign-extended imm8). */
export function group1(b: RealBuilder): void {
  const r = b.rng;
  const opcode = r.pick([0x80, 0x81, 0x82, 0x83, 0x83]);
  const op = r.below(8);
  const lock = lockable([opcode], op) && b.lock();
  b.prefixes(0.4, 0.3, lock ? [0xf0] : []);
  emitGroup1(b, opcode, op, lock);
}

/** test: 84/85 E,G, a8/a9 acc,imm, f6/f7 /0 E,imm. */
export function test(b: RealBuilder): void {
  const r = b.rng;
  b.prefixes();
  const form = r.below(3);
  const byte = r.chance(0.4);
  emitTest(b, form, byte);
}

/** inc/dec (fe/ff /0 /1, 40-4f), not/neg (f6/f7 /2 /3). */
export function unary(b: RealBuilder): void {
  const r = b.rng;
  b.prefixes();
  const byte = r.chance(0.35);
  const bits = byte ? 8 : b.osize;
  const kind = r.below(3);
  if (kind === 0 && !byte) {
    const reg = r.below(8);
    b.emit((r.chance(0.5) ? 0x40 : 0x48) | reg);
    b.setReg(reg, bits, b.value(bits));
    return;
  }
  const op = kind === 0 ? r.below(2) : 2 + r.below(2);
  // Unicorn computes lock neg's flags from the wrong value (see the flat-mode fuzzer): not locked.
  const lock = op !== 3 && b.lock();
  if (lock) b.emit(0xf0);
  b.emit((op < 2 ? 0xfe : 0xf6) | (byte ? 0 : 1));
  const e = b.modrm(op, { width: bits / 8, register: lock ? false : undefined });
  b.setOperand(e, bits, b.value(bits));
}

/** mul, imul E (f6/f7 /4 /5), imul G,E (0f af), imul G,E,imm (69, 6b). */
export function multiply(b: RealBuilder): void {
  const r = b.rng;
  b.prefixes();
  const form = r.below(4);
  const byte = form <= 1 && r.chance(0.35);
  emitMultiply(b, form, byte);
}

/** div, idiv (f6/f7 /6 /7): in range, just out of range (#DE) and by zero (#DE). */
export function divide(b: RealBuilder): void {
  const r = b.rng;
  const signed = r.chance(0.5);
  const byte = r.chance(0.3);
  b.prefixes();
  emitDivide(b, signed, byte);
}
