// The ALU group in every operand form, group 1 (op E,imm) and test, as both fuzzers draw them
// once their prefixes are out.
import { UNDEFINED } from "../../fuzz/flag-masks";
import type { InstructionBuilder } from "../instruction-builder";
import { EAX } from "../registers";

const isLogic = (op: number) => op === 1 || op === 4 || op === 6; // or, and, xor

/** 00-3d: add or adc sbb and sub xor cmp (op) as Eb,Gb / Ev,Gv / Gb,Eb / Gv,Ev / AL,Ib / eAX,Iv (form). */
export function emitAlu<M>(b: InstructionBuilder<M>, op: number, form: number, lock: boolean): void {
  const bits = form & 1 ? b.osize : 8;
  b.emit((op << 3) | form);
  if (form < 4) b.operandPair(bits, lock);
  else accumulatorImmediate(b, bits);
  b.undefinedFlags = isLogic(op) ? UNDEFINED.logic : UNDEFINED.arith;
}

/** 80 Eb,Ib / 81 Ev,Iv / 82 Eb,Ib (alias of 80) / 83 Ev,Ib sign-extended, with reg field op. */
export function emitGroup1<M>(b: InstructionBuilder<M>, opcode: number, op: number, lock: boolean): void {
  const bits = opcode & 1 ? b.osize : 8;
  b.emit(opcode);
  const e = b.modrm(op, { width: bits / 8, register: lock ? false : undefined });
  b.setOperand(e, bits, b.value(bits));
  b.imm(b.value(opcode === 0x81 ? bits : 8), opcode === 0x81 ? bits / 8 : 1);
  b.undefinedFlags = isLogic(op) ? UNDEFINED.logic : UNDEFINED.arith;
}

/** test, form 0: 84/85 E,G; 1: a8/a9 accumulator,imm; 2: f6/f7 /0 E,imm. */
export function emitTest<M>(b: InstructionBuilder<M>, form: number, byte: boolean): void {
  const bits = byte ? 8 : b.osize;
  if (form === 0) {
    b.emit(byte ? 0x84 : 0x85);
    b.operandPair(bits);
  } else if (form === 1) {
    b.emit(byte ? 0xa8 : 0xa9);
    accumulatorImmediate(b, bits);
  } else {
    // /1 is an undocumented alias that Unicorn rejects (#UD): only /0 is fuzzed.
    b.emit(byte ? 0xf6 : 0xf7);
    const e = b.modrm(0, { width: bits / 8 });
    b.setOperand(e, bits, b.value(bits));
    b.imm(b.value(bits), bits / 8);
  }
  b.undefinedFlags = UNDEFINED.logic;
}

/** Random values in the accumulator and the immediate that follows. */
function accumulatorImmediate<M>(b: InstructionBuilder<M>, bits: number): void {
  b.setReg(EAX, bits, b.value(bits));
  b.imm(b.value(bits), bits / 8);
}
