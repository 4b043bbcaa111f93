// Instruction families the translator has code for (src/jit/codegen.ts supported()), at 8, 16
// and 32 bits, in every encoding form, with register and memory operands.
import type { Insn } from "./case";
import { plain, withImm, withRm, type Rm } from "./encode";
import { ECX, EDX, ESP, type Operands } from "./operands";

export type Family = (o: Operands) => Insn[];

/** 8, 16 or 32 bits, and the operand-size prefix it needs. */
function size(o: Operands, byte = true): { bits: number; pre: number[]; w: number } {
  const roll = o.rng.below(10);
  if (byte && roll < 3) return { bits: 8, pre: [], w: 0 };
  if (roll < 5) return { bits: 16, pre: [0x66], w: 1 };
  return { bits: 32, pre: [], w: 1 };
}

/** Occasional segment overrides (every base is 0 in flat mode) and lock on a memory destination. */
function extra(o: Operands, rm?: Rm, lockable = false): number[] {
  const r = o.rng;
  const out: number[] = [];
  if (r.chance(0.04)) out.push(r.pick([0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65]));
  if (lockable && rm && !("reg" in rm) && r.chance(0.04)) out.push(0xf0);
  return out;
}

const isMem = (rm: Rm) => !("reg" in rm);

/** add or adc sbb and sub xor cmp: E,G / G,E (00-03 +8*op), acc,imm (04/05), E,imm (80/81/83, 82). */
export const alu: Family = (o) => {
  const r = o.rng;
  const op = r.below(8);
  const { bits, pre, w } = size(o);
  const form = r.below(10);
  if (form < 5) {
    const toE = form < 3;
    const rm = o.rm(bits, toE && op !== 7);
    const g = toE ? o.src() : op === 7 ? o.src() : o.dst(bits);
    return [withRm([...extra(o, rm, toE && op !== 7), ...pre], [(op << 3) | (toE ? 0 : 2) | w], g, rm)];
  }
  if (form < 6) {
    return [withImm(pre, [(op << 3) | 4 | w], o.value(bits), bits / 8)];
  }
  const rm = o.rm(bits, op !== 7);
  if (bits === 8) return [withRm([...extra(o, rm, op !== 7), ...pre], [r.chance(0.1) ? 0x82 : 0x80], op, rm, { value: o.value(8), len: 1 })];
  const short = r.chance(0.5);
  return [withRm([...extra(o, rm, op !== 7), ...pre], [short ? 0x83 : 0x81], op, rm, { value: short ? o.value(8) : o.value(bits), len: short ? 1 : bits / 8 })];
};

/** test: 84/85 E,G; a8/a9 acc,imm; f6/f7 /0 E,imm. */
export const test: Family = (o) => {
  const r = o.rng;
  const { bits, pre, w } = size(o);
  const form = r.below(3);
  if (form === 0) {
    const rm = o.rm(bits, false);
    return [withRm([...extra(o), ...pre], [0x84 | w], o.src(), rm)];
  }
  if (form === 1) return [withImm(pre, [0xa8 | w], o.value(bits), bits / 8)];
  return [withRm([...extra(o), ...pre], [0xf6 | w], 0, o.rm(bits, false), { value: o.value(bits), len: bits / 8 })];
};

/** inc/dec (40-4f, fe/ff /0 /1), not (f6/f7 /2), neg (f6/f7 /3). */
export const unary: Family = (o) => {
  const r = o.rng;
  const { bits, pre, w } = size(o);
  const kind = r.below(4);
  if (kind === 0 && bits !== 8) return [plain(...pre, (r.chance(0.5) ? 0x40 : 0x48) | o.dst(bits))];
  const rm = o.rm(bits, true);
  const ext = kind === 2 ? 2 : kind === 3 ? 3 : r.below(2);
  const opcode = ext < 2 ? 0xfe | w : 0xf6 | w;
  return [withRm([...extra(o, rm, true), ...pre], [opcode], ext, rm)];
};

/** mov: 88-8b, b0-bf, c6/c7, a0-a3 (moffs). */
export const mov: Family = (o) => {
  const r = o.rng;
  const { bits, pre, w } = size(o);
  const form = r.below(10);
  if (form < 5) {
    const toE = form < 3;
    const rm = o.rm(bits, toE);
    return [withRm([...extra(o), ...pre], [0x88 | (toE ? 0 : 2) | w], toE ? o.src() : o.dst(bits), rm)];
  }
  if (form < 7) return [withImm(pre, [(bits === 8 ? 0xb0 : 0xb8) | o.dst(bits)], o.value(bits), bits / 8)];
  if (form < 9) {
    const rm = o.rm(bits, true);
    return [withRm([...extra(o), ...pre], [0xc6 | w], 0, rm, { value: o.value(bits), len: bits / 8 })];
  }
  // moffs: the address is the instruction's only operand bytes (a linked disp32 via a ModR/M-less form).
  const target = o.mem(bits / 8);
  const toAcc = r.chance(0.5);
  const insn = withImm(pre, [0xa0 | (toAcc ? 0 : 2) | w], 0, 4);
  if ("abs" in target) insn.fix = { at: insn.bytes.length - 4, kind: "abs32", to: target.abs };
  else insn.fix = { at: insn.bytes.length - 4, kind: "abs32", to: { label: "@", offset: o.layout.dataBase + r.below(o.layout.dataSize - 4) } };
  delete insn.imm;
  return [insn];
};

/** movzx/movsx (0f b6/b7/be/bf) to 16 or 32 bits. */
export const movExtend: Family = (o) => {
  const r = o.rng;
  const wide = r.chance(0.5); // from 16 bits
  const to16 = !wide && r.chance(0.3);
  const op = (r.chance(0.5) ? 0xb6 : 0xbe) | (wide ? 1 : 0);
  return [withRm([...extra(o), ...(to16 ? [0x66] : [])], [0x0f, op], o.dst(to16 ? 16 : 32), o.rm(wide ? 16 : 8, false))];
};

/** lea (8d): the address is computed, never accessed: any registers, any scale. */
export const lea: Family = (o) => {
  const r = o.rng;
  const bits = r.chance(0.2) ? 16 : 32;
  const index = r.below(8);
  const mem = { base: r.chance(0.9) ? r.below(8) : undefined, index: index === ESP ? undefined : index, scale: r.below(4), disp: r.chance(0.5) ? o.value(32) | 0 : r.range(-128, 127), dispSize: r.pick([0, 1, 4] as const) };
  return [withRm(bits === 16 ? [0x66] : [], [0x8d], o.dst(bits), r.chance(0.5) ? { mem } : o.mem(4))];
};

/** shl/shr/sar (and rarely sal, /6) by 1 (d0/d1), imm8 (c0/c1) or cl (d2/d3). */
export const shift: Family = (o) => {
  const r = o.rng;
  const { bits, pre, w } = size(o);
  const ext = r.chance(0.03) ? 6 : r.pick([4, 5, 7]);
  const rm = o.rm(bits, true);
  const how = r.below(3);
  if (how === 0) return [withRm([...extra(o), ...pre], [0xd0 | w], ext, rm)];
  if (how === 1) {
    const count = r.chance(0.7) ? r.below(bits + 1) : r.pick([0, 1, 31, 32, 33, 0x80, 0xff]);
    return [withRm([...extra(o), ...pre], [0xc0 | w], ext, rm, { value: count, len: 1 })];
  }
  return [withRm([...extra(o), ...pre], [0xd2 | w], ext, rm)];
};

/** imul r, r/m (0f af) and imul r, r/m, imm (69, 6b) at 16 and 32 bits. */
export const imul: Family = (o) => {
  const r = o.rng;
  const { bits, pre } = size(o, false);
  const rm = o.rm(bits, false);
  const form = r.below(3);
  if (form === 0) return [withRm([...extra(o), ...pre], [0x0f, 0xaf], o.dst(bits), rm)];
  if (form === 1) return [withRm([...extra(o), ...pre], [0x6b], o.dst(bits), rm, { value: o.value(8), len: 1 })];
  return [withRm([...extra(o), ...pre], [0x69], o.dst(bits), rm, { value: o.value(bits), len: bits / 8 })];
};

/** push (50+r, 6a, 68, ff /6) and pop (58+r, 8f /0) of dwords. */
export const pushPop: Family = (o) => {
  const r = o.rng;
  const form = r.below(7);
  if (form === 0 || form === 1) return [plain(0x50 | o.src())];
  if (form === 2) return [plain(0x58 | o.dst(32))];
  if (form === 3) return [r.chance(0.5) ? withImm([], [0x6a], o.value(8), 1) : withImm([], [0x68], o.value(32), 4)];
  if (form === 4) return [withRm(extra(o), [0xff], 6, o.rm(32, false, false))];
  if (form === 5) return [withRm(extra(o), [0x8f], 0, o.rm(32, true, r.chance(0.2)))];
  return [plain(0x50 | o.src()), plain(0x58 | o.dst(32))];
};

/** cdq (99), cwde (98). */
export const convert: Family = (o) => [plain(o.rng.chance(0.5) ? 0x98 : 0x99)];

/** xchg: 86/87 E,G and 90+r with eAX. */
export const xchg: Family = (o) => {
  const r = o.rng;
  const { bits, pre, w } = size(o);
  if (bits !== 8 && r.chance(0.3)) return [plain(...pre, 0x90 | o.dst(bits))];
  return [withRm([...extra(o, undefined), ...pre], [0x86 | w], o.dst(bits), o.rm(bits, true))];
};

/** setcc (0f 90+cc) to a byte register or memory; the reg field is ignored. */
export const setcc: Family = (o) => {
  const r = o.rng;
  return [withRm(extra(o), [0x0f, 0x90 | r.below(16)], r.chance(0.9) ? 0 : r.below(8), o.rm(8, true))];
};

/** cmovcc (0f 40+cc) at 16 or 32 bits: the source is read even when the condition is false. */
export const cmov: Family = (o) => {
  const r = o.rng;
  const { bits, pre } = size(o, false);
  return [withRm([...extra(o), ...pre], [0x0f, 0x40 | r.below(16)], o.dst(bits), o.rm(bits, false))];
};

/** nop, 66 nop, nop r/m (0f 1f /0: its memory is never accessed), endbr32. */
export const nop: Family = (o) => {
  const r = o.rng;
  const form = r.below(4);
  if (form === 0) return [plain(0x90)];
  if (form === 1) return [plain(0x66, 0x90)];
  if (form === 2) {
    const anywhere: Rm = { mem: { base: r.below(8), scale: 0, disp: o.value(32) | 0, dispSize: 4 } };
    return [withRm(r.chance(0.3) ? [0x66] : [], [0x0f, 0x1f], 0, r.chance(0.5) ? o.mem(4) : anywhere)];
  }
  return [plain(0xf3, 0x0f, 0x1e, 0xfb)];
};

/** A stack frame: push ebp, mov ebp, esp, leave (esp = ebp, pop ebp); rarely leave alone, with
 *  whatever ebp holds (often a fault). */
export const leave: Family = (o) => (o.rng.chance(0.9) ? [plain(0x55), plain(0x89, 0xe5), plain(0xc9)] : [plain(0xc9)]);

/** mul, imul, div, idiv on r/m. A division mostly follows what keeps its quotient in range
 *  (edx or ah cleared, or sign-extended for idiv); otherwise it is often #DE. */
export const mulDiv: Family = (o) => {
  const r = o.rng;
  const { bits, pre, w } = size(o);
  const ext = r.chance(0.6) ? 4 + r.below(2) : 6 + r.below(2);
  const op = withRm([...extra(o), ...pre], [0xf6 | w], ext, o.rm(bits, false));
  if (ext < 6 || !o.free.includes(EDX) || r.chance(0.15)) return [op];
  const signed = ext === 7;
  if (bits === 8) return [signed ? plain(0x66, 0x98) : plain(0x30, 0xe4), op]; // cbw / xor ah, ah
  return [signed ? plain(...pre, 0x99) : plain(...pre, 0x31, 0xd2), op]; // cdq (cwd) / xor edx, edx
};

/** bsf/bsr (0f bc/bd) at 16 and 32 bits. */
export const bitScan: Family = (o) => {
  const { bits, pre } = size(o, false);
  return [withRm([...extra(o), ...pre], [0x0f, o.rng.chance(0.5) ? 0xbc : 0xbd], o.dst(bits), o.rm(bits, false))];
};

/** 32-bit shld/shrd by imm8 (0f a4/ac) or cl (0f a5/ad). */
export const shiftDouble: Family = (o) => {
  const r = o.rng;
  const byCl = r.chance(0.5);
  const op = (r.chance(0.5) ? 0xa4 : 0xac) | (byCl ? 1 : 0);
  const count = r.chance(0.8) ? r.below(33) : r.pick([0x20, 0x3f, 0xff]);
  return [withRm(extra(o), [0x0f, op], o.src(), o.rm(32, true), byCl ? undefined : { value: count, len: 1 })];
};

/** A pointer or the index moves: add/sub p, imm8; inc/dec p; lea p, [p + d]. */
export const step: Family = (o) => {
  const r = o.rng;
  const p = o.index !== undefined && r.chance(0.3) ? o.index : (o.pointer() ?? ECX);
  const d = r.pick([1, 2, 4, 4, 8, 16, -1, -4]);
  const form = r.below(3);
  if (form === 0) return [withRm([], [0x83], d < 0 ? 5 : 0, { reg: p }, { value: Math.abs(d), len: 1 })];
  if (form === 1) return [plain((d < 0 ? 0x48 : 0x40) | p)];
  return [withRm([], [0x8d], p, { mem: { base: p, scale: 0, disp: d, dispSize: 1 } })];
};

/** A write that changes the program: an immediate of another instruction goes up, down or
 *  anywhere (read-modify-write, or a register that changes from one iteration to the next). */
export const codeWrite: Family = (o) => {
  const r = o.rng;
  const at: Rm = { abs: { code: r.nextU32() } };
  const kind = r.below(5);
  if (kind === 0) return [withRm([], [0xfe], r.below(2), at)]; // inc/dec byte
  if (kind === 1) return [withRm([], [0x80], r.pick([0, 5, 6]), at, { value: 1 + r.below(255), len: 1 })]; // add/sub/xor byte, imm8
  if (kind === 2) return [withRm([], [0xf6], 2 + r.below(2), at)]; // not/neg byte
  return [withRm([], [kind === 3 ? 0x00 : 0x88], o.src(), at)]; // add/mov byte, reg8
};

/** Families with their shares of the generated instructions. */
export const TRANSLATED: Array<{ weight: number; value: Family; name: string }> = [
  { weight: 16, value: alu, name: "alu" },
  { weight: 4, value: test, name: "test" },
  { weight: 6, value: unary, name: "inc/dec/neg/not" },
  { weight: 8, value: mov, name: "mov" },
  { weight: 3, value: movExtend, name: "movzx/movsx" },
  { weight: 3, value: lea, name: "lea" },
  { weight: 7, value: shift, name: "shift" },
  { weight: 4, value: imul, name: "imul" },
  { weight: 6, value: pushPop, name: "push/pop" },
  { weight: 2, value: convert, name: "cdq/cwde" },
  { weight: 3, value: xchg, name: "xchg" },
  { weight: 4, value: setcc, name: "setcc" },
  { weight: 4, value: cmov, name: "cmovcc" },
  { weight: 2, value: nop, name: "nop" },
  { weight: 1, value: leave, name: "leave" },
  { weight: 3, value: mulDiv, name: "mul/imul/div/idiv" },
  { weight: 2, value: bitScan, name: "bsf/bsr" },
  { weight: 2, value: shiftDouble, name: "shld/shrd" },
  { weight: 6, value: step, name: "pointer step" },
];

