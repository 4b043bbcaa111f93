// Instruction assembly from opcode bytes and one r/m operand (encoded by ../modrm.ts), with the
// places a linked address or an immediate goes.
import type { Insn, Target } from "./case";
import { modrm32, type Mem32 } from "../modrm";

export type { Mem32 } from "../modrm";

export type Rm = { reg: number } | { mem: Mem32 } | { abs: Target };

const le = (v: number, n: number) => Array.from({ length: n }, (_, i) => (v >>> (8 * i)) & 0xff);

/** ModR/M with reg field `reg` and the operand rm; `absAt` is where a linked disp32 goes. */
export function modrm(reg: number, rm: Rm): { bytes: number[]; absAt?: number; abs?: Target } {
  if ("abs" in rm) return { ...modrm32(reg, { abs: true }), abs: rm.abs };
  return modrm32(reg, rm);
}

/** prefixes, opcode, ModR/M (+SIB, displacement), then an immediate of immLen bytes. */
export function withRm(prefixes: number[], opcode: number[], reg: number, rm: Rm, imm?: { value: number; len: number }): Insn {
  const r = modrm(reg, rm);
  const head = [...prefixes, ...opcode];
  const bytes = [...head, ...r.bytes];
  const insn: Insn = { bytes };
  if (r.absAt !== undefined) insn.fix = { at: head.length + r.absAt, kind: "abs32", to: r.abs! };
  if (imm && imm.len) {
    insn.imm = { at: bytes.length, len: imm.len };
    bytes.push(...le(imm.value, imm.len));
  }
  return insn;
}

/** prefixes, opcode, then an immediate. */
export function withImm(prefixes: number[], opcode: number[], value: number, len: number): Insn {
  const bytes = [...prefixes, ...opcode];
  const insn: Insn = { bytes };
  if (len) {
    insn.imm = { at: bytes.length, len };
    bytes.push(...le(value, len));
  }
  return insn;
}

export const plain = (...bytes: number[]): Insn => ({ bytes });
