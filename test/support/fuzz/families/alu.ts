// The ALU group in every operand form, test, inc/dec, neg/not.
import { CaseBuilder, EAX } from "../builder";
import { UNDEFINED } from "../flag-masks";

const isLogic = (op: number) => op === 1 || op === 4 || op === 6; // or, and, xor

/** 00-3d: add or adc sbb and sub xor cmp as Eb,Gb / Ev,Gv / Gb,Eb / Gv,Ev / AL,Ib / eAX,Iv. */
export function aluForms(b: CaseBuilder): void {
  const r = b.rng;
  const op = r.below(8);
  const form = r.below(6);
  const byte = form % 2 === 0;
  const lock = form < 2 && op !== 7 && b.lock(); // a memory destination may be locked
  b.prefixes(byte ? r.chance(0.05) : "maybe", form < 4 ? "maybe" : false, lock ? [0xf0] : []);
  const bits = byte ? 8 : b.osize;
  b.emit((op << 3) | form);
  if (form < 4) {
    const g = r.below(8);
    const e = b.modrm(g, { width: bits / 8, register: lock ? false : undefined });
    b.setOperand(e, bits, b.value(bits));
    b.setReg(g, bits, b.value(bits));
  } else {
    b.setReg(EAX, bits, b.value(bits));
    b.imm(b.value(bits), bits / 8);
  }
  b.undefinedFlags = isLogic(op) ? UNDEFINED.logic : UNDEFINED.arith;
}

/** 80 Eb,Ib / 81 Ev,Iv / 82 Eb,Ib (alias of 80) / 83 Ev,Ib sign-extended. */
export function group1(b: CaseBuilder): void {
  const r = b.rng;
  const opcode = r.pick([0x80, 0x81, 0x82, 0x83, 0x83]);
  const byte = opcode === 0x80 || opcode === 0x82;
  const op = r.below(8);
  const lock = op !== 7 && b.lock();
  b.prefixes(byte ? false : "maybe", "maybe", lock ? [0xf0] : []);
  const bits = byte ? 8 : b.osize;
  b.emit(opcode);
  const e = b.modrm(op, { width: bits / 8, register: lock ? false : undefined });
  b.setOperand(e, bits, b.value(bits));
  b.imm(b.value(opcode === 0x81 ? bits : 8), opcode === 0x81 ? bits / 8 : 1);
  b.undefinedFlags = isLogic(op) ? UNDEFINED.logic : UNDEFINED.arith;
}

/** test: 84/85 E,G; a8/a9 accumulator, imm; f6/f7 /0 E, imm. */
export function test(b: CaseBuilder): void {
  const r = b.rng;
  const form = r.below(3);
  const byte = r.chance(0.4);
  b.prefixes(byte ? false : "maybe", form === 1 ? false : "maybe");
  const bits = byte ? 8 : b.osize;
  if (form === 0) {
    b.emit(byte ? 0x84 : 0x85);
    const g = r.below(8);
    const e = b.modrm(g, { width: bits / 8 });
    b.setOperand(e, bits, b.value(bits));
    b.setReg(g, bits, b.value(bits));
  } else if (form === 1) {
    b.emit(byte ? 0xa8 : 0xa9);
    b.setReg(EAX, bits, b.value(bits));
    b.imm(b.value(bits), bits / 8);
  } else {
    // /1 is an undocumented alias that Unicorn rejects (#UD): only /0 is fuzzed.
    b.emit(byte ? 0xf6 : 0xf7);
    const e = b.modrm(0, { width: bits / 8 });
    b.setOperand(e, bits, b.value(bits));
    b.imm(b.value(bits), bits / 8);
  }
  b.undefinedFlags = UNDEFINED.logic;
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
