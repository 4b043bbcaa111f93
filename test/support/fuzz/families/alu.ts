// The ALU group in every operand form, test, inc/dec, neg/not; the ALU, group 1 and test forms are
// shared with the real-mode fuzzer (fuzz-common/forms/alu.ts).
import { CaseBuilder } from "../builder";
import { UNDEFINED } from "../flag-masks";
import { emitAlu, emitGroup1, emitTest } from "../../fuzz-common/forms/alu";
import { lockable } from "../../fuzz-common/lockable";

/** 00-3d: add or adc sbb and sub xor cmp as Eb,Gb / Ev,Gv / Gb,Eb / Gv,Ev / AL,Ib / eAX,Iv. */
export function aluForms(b: CaseBuilder): void {
  const r = b.rng;
  const op = r.below(8);
  const form = r.below(6);
  const byte = form % 2 === 0;
  const lock = lockable([(op << 3) | form], 0) && b.lock(); // a memory destination may be locked
  b.prefixes(byte ? r.chance(0.05) : "maybe", form < 4 ? "maybe" : false, lock ? [0xf0] : []);
  emitAlu(b, op, form, lock);
}

/** 80 Eb,Ib / 81 Ev,Iv / 82 Eb,Ib (alias of 80) / 83 Ev,Ib sign-extended. */
export function group1(b: CaseBuilder): void {
  const r = b.rng;
  const opcode = r.pick([0x80, 0x81, 0x82, 0x83, 0x83]);
  const byte = opcode === 0x80 || opcode === 0x82;
  const op = r.below(8);
  const lock = lockable([opcode], op) && b.lock();
  b.prefixes(byte ? false : "maybe", "maybe", lock ? [0xf0] : []);
  emitGroup1(b, opcode, op, lock);
}

/** test: 84/85 E,G; a8/a9 accumulator, imm; f6/f7 /0 E, imm. */
export function test(b: CaseBuilder): void {
  const r = b.rng;
  const form = r.below(3);
  const byte = r.chance(0.4);
  b.prefixes(byte ? false : "maybe", form === 1 ? false : "maybe");
  emitTest(b, form, byte);
}

/** inc/dec: fe /0 /1, ff /0 /1, 40-4f; neg/not: f6/f7 /3 /2. */
export function unary(b: CaseBuilder): void {
  const r = b.rng;
  const kind = r.below(4); // 0 fe/ff inc-dec, 1 40-4f, 2 not, 3 neg
  const byte = kind !== 1 && r.chance(0.4);
  // Unicorn 2.0.1 computes lock neg's flags from the wrong value; neg is fuzzed unlocked.
  const lock = kind !== 1 && kind !== 3 && b.lock();
  b.prefixes(byte ? false : "maybe", kind === 1 ? false : "maybe", lock ? [0xf0] : []);
  const bits = byte ? 8 : b.osize;
  if (kind === 1) {
    const reg = r.below(8);
    b.emit((r.chance(0.5) ? 0x40 : 0x48) | reg);
    b.setReg(reg, bits, b.value(bits));
  } else {
    b.emit(kind === 0 ? (byte ? 0xfe : 0xff) : byte ? 0xf6 : 0xf7);
    const ext = kind === 0 ? r.below(2) : kind === 2 ? 2 : 3;
    const e = b.modrm(ext, { width: bits / 8, register: lock ? false : undefined });
    b.setOperand(e, bits, b.value(bits));
  }
  b.undefinedFlags = UNDEFINED.arith;
}
