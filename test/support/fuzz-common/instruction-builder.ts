// What the flat-mode and the real-mode case builders have in common, and what the instruction
// forms in forms/ build on: the instruction's bytes, values drawn toward the edges, ModR/M
// operands and the flags the SDM leaves undefined. The modes differ in their prefixes, in how
// a memory operand is addressed (M), and in what else a case holds.
import type { Prng } from "../../../src/util/prng";
import { CaseRegisters, mask } from "./registers";
import { modrmByte } from "../modrm";

/** A ModR/M r/m operand: a register, or memory as the mode addresses it. */
export type Operand<M> = { reg: number } | { mem: M };

/** The ModR/M options both modes take. */
export interface CommonModrmOptions {
  /** Force a register (true) or memory (false) operand; random when absent. */
  register?: boolean;
  /** Bytes accessed at the address. */
  width?: number;
  /** The address is computed but never accessed (lea, nop): any register values will do. */
  noAccess?: boolean;
}

export abstract class InstructionBuilder<M> extends CaseRegisters {
  readonly bytes: number[] = [];
  /** EFLAGS bits the SDM leaves undefined for this instruction and operands. */
  undefinedFlags = 0;
  /** Operand values where flags and results change character (the modes' lists differ). */
  protected abstract readonly edges: readonly number[];
  /**
   * Which value of an E,G form operandPair() draws first. The two fuzzers drew them in opposite
   * orders before they shared the forms, and each one's seeded cases depend on its own.
   */
  protected abstract readonly registerValueFirst: boolean;

  constructor(readonly rng: Prng) {
    super();
  }

  /** A value of `bits` bits weighted toward the edges. */
  value(bits: number): number {
    const r = this.rng;
    const roll = r.below(100);
    let v: number;
    if (roll < 55) {
      v = r.pick(this.edges);
      // and their complements (0xffffff80, 0xffff7fff, ...), which are edges in the upper bits.
      if (r.chance(0.3)) v = ~v >>> 0;
    } else if (roll < 65) v = r.below(17);
    else v = r.nextU32();
    return (v & mask(bits)) >>> 0;
  }

  /** The operand size in bits of a non-byte instruction, as the prefixes left it. */
  abstract get osize(): number;
  /** Emits ModR/M (and SIB and displacement) with reg field `reg`; returns the r/m operand. */
  abstract modrm(reg: number, opts?: CommonModrmOptions): Operand<M>;
  abstract getOperand(op: Operand<M>, bits: number): number;
  abstract setOperand(op: Operand<M>, bits: number, v: number): void;

  emit(...b: number[]): void {
    for (const x of b) this.bytes.push(x & 0xff);
  }
  /** `bytes` bytes of v, little-endian (v may be negative: two's complement). */
  imm(v: number, bytes: number): void {
    for (let i = 0; i < bytes; i++) this.bytes.push((v >>> (8 * i)) & 0xff);
  }

  /** ModR/M's register form (mod 3): reg field `reg`, a random r/m register. */
  protected registerOperand(reg: number): { reg: number } {
    const rm = this.rng.below(8);
    this.emit(modrmByte(3, reg, rm));
    return { reg: rm };
  }

  /**
   * An E,G form's ModR/M, its reg field a random register g, with random values in both operands;
   * returns the r/m operand. A locked form gets a memory operand (with a register, LOCK is #UD).
   */
  operandPair(bits: number, lock = false): Operand<M> {
    const g = this.rng.below(8);
    const e = this.modrm(g, { width: bits / 8, register: lock ? false : undefined });
    if (this.registerValueFirst) {
      this.setReg(g, bits, this.value(bits));
      this.setOperand(e, bits, this.value(bits));
    } else {
      this.setOperand(e, bits, this.value(bits));
      this.setReg(g, bits, this.value(bits));
    }
    return e;
  }
}
