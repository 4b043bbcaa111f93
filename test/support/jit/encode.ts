// ModR/M, SIB and displacement bytes of the 32-bit addressing forms, and instruction assembly
// from opcode bytes and one r/m operand.
import type { Insn, Target } from "./case";

/** [base + index << scale + disp]; dispSize 0, 1 or 4 (0 with base ebp becomes disp8 0). */
export interface Mem32 {
  base?: number;
  index?: number; // never esp (4: no index)
  scale: number; // 0..3
  disp: number;
  dispSize: 0 | 1 | 4;
  /** Encode with a SIB byte even without an index. */
  sib?: boolean;
}

export type Rm = { reg: number } | { mem: Mem32 } | { abs: Target };

const le = (v: number, n: number) => Array.from({ length: n }, (_, i) => (v >>> (8 * i)) & 0xff);

/** ModR/M with reg field `reg` and the operand rm; `absAt` is where a linked disp32 goes. */
export function modrm(reg: number, rm: Rm): { bytes: number[]; absAt?: number; abs?: Target } {
  if ("reg" in rm) return { bytes: [0xc0 | (reg << 3) | rm.reg] };
  if ("abs" in rm) return { bytes: [(reg << 3) | 5, 0, 0, 0, 0], absAt: 1, abs: rm.abs };
  const m = rm.mem;
  let dispSize = m.dispSize;
  if (m.base === undefined) {
    // No base: SIB with base 5 and mod 0 always carries a disp32.
    const index = m.index ?? 4;
    return { bytes: [(reg << 3) | 4, (m.scale << 6) | (index << 3) | 5, ...le(m.disp, 4)] };
  }
  if (m.base === 5 && dispSize === 0) dispSize = 1;
  const mod = dispSize === 0 ? 0 : dispSize === 1 ? 1 : 2;
  const disp = le(m.disp, dispSize);
  if (m.index === undefined && m.base !== 4 && !m.sib) return { bytes: [(mod << 6) | (reg << 3) | m.base, ...disp] };
  const index = m.index ?? 4;
  return { bytes: [(mod << 6) | (reg << 3) | 4, (m.scale << 6) | (index << 3) | m.base, ...disp] };
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
