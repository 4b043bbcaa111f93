// The tests' one ModR/M encoder: the ModR/M and SIB bytes, and the 32-bit addressing forms with
// their displacement. The fuzzers choose their own forms (and solve for the address they want)
// but build the bytes here; the translator's tests encode whole operands with modrm32().

/** mod (0-3), reg (0-7), rm (0-7) as one byte. */
export const modrmByte = (mod: number, reg: number, rm: number): number => ((mod << 6) | (reg << 3) | rm) & 0xff;

/** scale (0-3, a shift), index (0-7; 4: none), base (0-7) as one byte. */
export const sibByte = (scale: number, index: number, base: number): number => ((scale << 6) | (index << 3) | base) & 0xff;

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

/** A register, memory, or an absolute disp32 filled in later (at `absAt`). */
export type Operand32 = { reg: number } | { mem: Mem32 } | { abs: true };

const le = (v: number, n: number) => Array.from({ length: n }, (_, i) => (v >>> (8 * i)) & 0xff);

/** ModR/M (and SIB, displacement) with reg field `reg` and the 32-bit-addressing operand `rm`. */
export function modrm32(reg: number, rm: Operand32): { bytes: number[]; absAt?: number } {
  if ("reg" in rm) return { bytes: [modrmByte(3, reg, rm.reg)] };
  if ("abs" in rm) return { bytes: [modrmByte(0, reg, 5), 0, 0, 0, 0], absAt: 1 };
  const m = rm.mem;
  let dispSize = m.dispSize;
  if (m.base === undefined) {
    // No base: SIB with base 5 and mod 0 always carries a disp32.
    return { bytes: [modrmByte(0, reg, 4), sibByte(m.scale, m.index ?? 4, 5), ...le(m.disp, 4)] };
  }
  if (m.base === 5 && dispSize === 0) dispSize = 1;
  const mod = dispSize === 0 ? 0 : dispSize === 1 ? 1 : 2;
  const disp = le(m.disp, dispSize);
  if (m.index === undefined && m.base !== 4 && !m.sib) return { bytes: [modrmByte(mod, reg, m.base), ...disp] };
  return { bytes: [modrmByte(mod, reg, 4), sibByte(m.scale, m.index ?? 4, m.base), ...disp] };
}
