// ALU, unary, multiply and divide forms in real mode, at 8, 16 and 32 bits (0x66), with 16- and
// 32-bit (0x67) addressing and any segment override.
import { EAX, EDX, type Operand, RealBuilder } from "../builder";
import { UNDEFINED } from "../../fuzz/flag-masks";
import { dividendFor } from "../../fuzz/families/muldiv";

const LOGIC = new Set([1, 4, 6]); // or and xor

/** 00-3d: op Eb,Gb / Ev,Gv / Gb,Eb / Gv,Ev / AL,Ib / eAX,Iv. */
export function alu(b: RealBuilder): void {
  const r = b.rng;
  const op = r.below(8), form = r.below(6);
  const lock = form < 2 && op !== 7 && b.lock();
  b.prefixes(0.4, 0.3, lock ? [0xf0] : []);
  b.emit((op << 3) | form);
  const bits = form & 1 ? b.osize : 8;
  if (form < 4) {
    const g = r.below(8);
    const e = b.modrm(g, { width: bits / 8, register: lock ? false : undefined });
    b.setReg(g, bits, b.value(bits));
    b.setOperand(e, bits, b.value(bits));
  } else {
    b.setReg(EAX, bits, b.value(bits));
    b.imm(b.value(bits), bits / 8);
  }
  b.undefinedFlags = LOGIC.has(op) ? UNDEFINED.logic : 0;
}

/** 80-83: op E,imm (82 is 80's alias, 83 a sign-extended imm8). */
export function group1(b: RealBuilder): void {
  const r = b.rng;
  const opcode = r.pick([0x80, 0x81, 0x82, 0x83, 0x83]);
  const op = r.below(8);
  const lock = op !== 7 && b.lock();
  b.prefixes(0.4, 0.3, lock ? [0xf0] : []);
  const bits = opcode & 1 ? b.osize : 8;
  b.emit(opcode);
  const e = b.modrm(op, { width: bits / 8, register: lock ? false : undefined });
  b.setOperand(e, bits, b.value(bits));
  b.imm(b.value(opcode === 0x81 ? bits : 8), opcode === 0x81 ? bits / 8 : 1);
  b.undefinedFlags = LOGIC.has(op) ? UNDEFINED.logic : 0;
}

/** test: 84/85 E,G, a8/a9 acc,imm, f6/f7 /0 E,imm. */
export function test(b: RealBuilder): void {
  const r = b.rng;
  b.prefixes();
  const form = r.below(3);
  const byte = r.chance(0.4);
  const bits = byte ? 8 : b.osize;
  if (form === 0) {
    b.emit(byte ? 0x84 : 0x85);
    const g = r.below(8);
    const e = b.modrm(g, { width: bits / 8 });
    b.setReg(g, bits, b.value(bits));
    b.setOperand(e, bits, b.value(bits));
  } else if (form === 1) {
    b.emit(byte ? 0xa8 : 0xa9);
    b.setReg(EAX, bits, b.value(bits));
    b.imm(b.value(bits), bits / 8);
  } else {
    b.emit(byte ? 0xf6 : 0xf7);
    const e = b.modrm(0, { width: bits / 8 });
    b.setOperand(e, bits, b.value(bits));
    b.imm(b.value(bits), bits / 8);
  }
  b.undefinedFlags = UNDEFINED.logic;
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
  const bits = byte ? 8 : b.osize;
  const g = r.below(8);
  if (form <= 1) {
    b.emit(byte ? 0xf6 : 0xf7);
    const e = b.modrm(form === 0 ? 4 : 5, { width: bits / 8 });
    b.setOperand(e, bits, b.value(bits));
    b.setReg(EAX, bits, b.value(bits));
  } else if (form === 2) {
    b.emit(0x0f, 0xaf);
    const e = b.modrm(g, { width: bits / 8 });
    b.setOperand(e, bits, b.value(bits));
    b.setReg(g, bits, b.value(bits));
  } else {
    const imm8 = r.chance(0.5);
    b.emit(imm8 ? 0x6b : 0x69);
    const e = b.modrm(g, { width: bits / 8 });
    b.setOperand(e, bits, b.value(bits));
    b.imm(b.value(imm8 ? 8 : bits), imm8 ? 1 : bits / 8);
  }
  b.undefinedFlags = UNDEFINED.mul;
}

/** div, idiv (f6/f7 /6 /7): in range, just out of range (#DE) and by zero (#DE). */
export function divide(b: RealBuilder): void {
  const r = b.rng;
  const signed = r.chance(0.5);
  const byte = r.chance(0.3);
  b.prefixes();
  const bits = byte ? 8 : b.osize;
  b.emit(byte ? 0xf6 : 0xf7);
  b.reserve(EAX);
  b.reserve(EDX);
  const e = b.modrm(signed ? 7 : 6, { width: bits / 8 });
  const divisor = r.weighted([
    { weight: 1, value: 0 },
    { weight: 2, value: signed ? -1 : 1 },
    { weight: 6, value: b.value(bits) },
    { weight: 3, value: r.range(2, 20) * (signed && r.chance(0.5) ? -1 : 1) },
  ]);
  b.setOperand(e, bits, divisor >>> 0);
  b.undefinedFlags = UNDEFINED.div;
  if (overlapsDividend(e, bits)) return;
  const v = dividendFor(b, bits, signed, divisor);
  if (bits === 8) {
    b.setReg(EAX, 16, Number(v & 0xffffn));
  } else {
    const m = (1n << BigInt(bits)) - 1n;
    b.setReg(EAX, bits, Number(v & m));
    b.setReg(EDX, bits, Number((v >> BigInt(bits)) & m));
  }
  // Unicorn 2.0.1 divides natively and dies of SIGFPE on the most negative dividend over -1
  // (16- and 32-bit idiv); the dividend one above it overflows (#DE) as well.
  const low = b.getReg(EAX, bits), high = b.getReg(EDX, bits);
  if (signed && bits > 8 && low === 0 && high === 2 ** (bits - 1) && b.getOperand(e, bits) === 2 ** bits - 1) {
    b.setReg(EAX, bits, 1);
  }
}

function overlapsDividend(e: Operand, bits: number): boolean {
  if (!("reg" in e)) return false;
  return bits === 8 ? e.reg === 0 || e.reg === 4 : e.reg === EAX || e.reg === EDX;
}
