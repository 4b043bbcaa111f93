// Builds one case: instruction bytes from opcode templates, and registers and memory arranged so
// that every memory operand lands inside the mapped pages. Families call prefixes(), emit the
// opcode, then modrm(), which fixes the registers a memory operand uses: operand values set
// afterwards never move an address.
import { Prng } from "../../../src/util/prng";
import { CODE_BASE, DATA_BASE, DATA_SIZE, STACK_BASE, STACK_SIZE, type FuzzCase } from "./fuzz-case";
import { InstructionBuilder, type CommonModrmOptions, type Operand as CommonOperand } from "../fuzz-common/instruction-builder";
import { EBP, EBX, EDI, ESI, ESP } from "../fuzz-common/registers";
import { modrmByte, sibByte } from "../modrm";
import type { InsnForm } from "../../../src/isa/table";
import { UNICORN_MEMORY_ONLY, UNICORN_NEVER_LOCKED } from "../fuzz-common/table-rows";

export { EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI } from "../fuzz-common/registers";

/** Operand values where flags and results change character. */
const EDGES = [
  0, 1, 2, 0x7f, 0x80, 0x81, 0xff, 0x100, 0x7fff, 0x8000, 0x8001, 0xffff, 0x10000, 0x7fffffff,
  0x80000000, 0x80000001, 0xfffffffe, 0xffffffff,
];

/** A memory operand is its linear address (all segment bases are 0). */
export type Operand = CommonOperand<number>;

export interface ModrmOptions extends CommonModrmOptions {
  /** Extra bytes needed below and above the address (bit strings reaching past the operand). */
  reach?: number;
}

export class CaseBuilder extends InstructionBuilder<number> {
  readonly patches = new Map<number, number>();
  private attemptFailed = false;
  eflags: number;
  /** 0x66 / 0x67 were emitted. */
  o16 = false;
  a16 = false;
  rep = false;
  undefinedDest: FuzzCase["undefinedDest"];
  protected readonly edges = EDGES;
  protected readonly registerValueFirst = false;

  constructor(rng: Prng) {
    super(rng);
    this.regs = Array.from({ length: 8 }, () => this.value(32));
    // The stack pointer usually points into the stack page, word aligned as compilers keep it.
    this.regs[ESP] = this.stackPointer();
    // Random arithmetic flags and DF; bit 1 always reads 1.
    this.eflags = 2 | (rng.nextU32() & 0x8d5) | (rng.chance(0.3) ? 0x400 : 0);
  }

  // ---- values ----
  stackPointer(): number {
    const r = this.rng;
    const sp = STACK_BASE + 0x300 + r.below(STACK_SIZE - 0x600);
    return r.chance(0.9) ? sp & ~3 : sp;
  }

  /** An address in the data pages with `before` and `after` bytes of room around it. */
  dataAddress(before: number, after: number): number {
    const lo = DATA_BASE + 16 + before;
    const hi = DATA_BASE + DATA_SIZE - 16 - after;
    const a = this.rng.range(lo, hi);
    return this.rng.chance(0.7) ? a & ~(this.rng.pick([1, 2, 4]) - 1) : a;
  }

  // ---- memory ----
  setMem(addr: number, bytes: number, v: number): void {
    for (let i = 0; i < bytes; i++) this.patches.set(addr + i, (v >>> (8 * i)) & 0xff);
  }
  /** An operand's value (a memory operand's bytes must have been set by setOperand). */
  getOperand(op: Operand, bits: number): number {
    if ("reg" in op) return this.getReg(op.reg, bits);
    let v = 0;
    for (let i = bits / 8 - 1; i >= 0; i--) v = (v * 256 + (this.patches.get(op.mem + i) ?? 0)) >>> 0;
    return v;
  }
  setOperand(op: Operand, bits: number, v: number): void {
    if ("reg" in op) this.setReg(op.reg, bits, v);
    else this.setMem(op.mem, bits / 8, v);
  }

  // ---- encoding ----
  /** The operand size in bits of a non-byte instruction. */
  get osize(): number {
    return this.o16 ? 16 : 32;
  }

  /**
   * Emits the prefixes: 0x66 when `o16` (or randomly when "maybe"), 0x67 likewise, the `extra`
   * ones (lock, rep), sometimes a segment override (all bases are 0 in flat mode) or a repeated
   * prefix, in random order.
   */
  prefixes(o16: boolean | "maybe" = false, a16: boolean | "maybe" = false, extra: number[] = []): void {
    const r = this.rng;
    this.o16 = o16 === "maybe" ? r.chance(0.3) : o16;
    this.a16 = a16 === "maybe" ? r.chance(0.12) : a16;
    const list = [...extra];
    if (this.o16) list.push(0x66);
    if (this.a16) list.push(0x67);
    if (r.chance(0.04)) list.push(r.pick([0x26, 0x2e, 0x36, 0x3e]));
    if (list.length && r.chance(0.03)) list.push(r.pick(list)); // a repeated prefix changes nothing
    for (let i = list.length - 1; i > 0; i--) {
      const j = r.below(i + 1);
      [list[i], list[j]] = [list[j], list[i]];
    }
    this.emit(...list);
  }

  // ---- table rows (fuzz-common/row-emitter.ts) ----
  rowPrefixes(osize: InsnForm["osize"], asize: InsnForm["asize"], addresses: boolean, extra: number[]): void {
    const a16 = asize === 16 ? true : asize === 32 ? false : addresses ? "maybe" : false;
    this.prefixes(osize === 16 ? true : osize === "v" ? "maybe" : false, a16, extra);
  }
  absoluteOffset(): { value: number; bytes: number } {
    return { value: this.dataAddress(0, 4), bytes: this.a16 ? 2 : 4 };
  }
  displacement(bytes: number): number {
    return bytes === 1 ? this.rng.below(256) : this.rng.range(-0x1000, 0x1000);
  }
  readonly memoryOnly = UNICORN_MEMORY_ONLY;
  readonly neverLocked = UNICORN_NEVER_LOCKED;

  /** Whether to lock a lockable instruction: then its destination must be memory (else #UD). */
  lock(): boolean {
    return this.rng.chance(0.08);
  }

  /**
   * Emits ModR/M (and SIB and displacement) with reg field `reg`; returns the r/m operand.
   * Registers fixed before the call (a stack pointer, a bit offset) keep their values: the
   * address is then solved through the other parts, and forms that cannot reach a mapped page
   * from them are drawn again.
   */
  modrm(reg: number, opts: ModrmOptions = {}): Operand {
    const r = this.rng;
    if (opts.register ?? r.chance(0.4)) return this.registerOperand(reg);
    const width = opts.width ?? 4;
    const reach = opts.reach ?? 0;
    for (let attempt = 0; attempt < 64; attempt++) {
      const mark = this.bytes.length;
      const restore = this.saveRegisters();
      const target = this.dataAddress(reach, width + reach);
      this.attemptFailed = false;
      const got = this.a16 ? this.mem16(reg, target, opts) : this.mem32(reg, target, opts);
      if (!this.attemptFailed && (opts.noAccess || this.mapped(got, width, reach))) return { mem: got };
      this.bytes.length = mark;
      restore();
    }
    throw new Error("no memory form reaches a mapped page from the fixed registers");
  }

  /** [addr - reach, addr + width + reach) lies inside the data or the stack pages, with room. */
  private mapped(addr: number, width: number, reach: number): boolean {
    const inside = (base: number, size: number) =>
      addr - reach >= base + 16 && addr + width + reach <= base + size - 16;
    return inside(DATA_BASE, DATA_SIZE) || inside(STACK_BASE, STACK_SIZE);
  }

  private disp8(): number {
    const r = this.rng;
    return r.chance(0.3) ? r.pick([0, 0x7f, -0x80, -1, 1]) : r.range(-128, 127);
  }
  private disp32(): number {
    const r = this.rng;
    return r.chance(0.5) ? r.nextU32() | 0 : r.range(-0x2000, 0x2000);
  }

  /** Gives register `r` the value `v`, or, when it is fixed already, reports the value it has. */
  private use(r: number, v: number, opts: ModrmOptions): number {
    if (opts.noAccess) return this.regs[r];
    if (this.reserved.has(r)) this.attemptFailed = true;
    if (this.fixed.has(r)) return this.regs[r];
    this.fix(r, v);
    return v >>> 0;
  }

  /** A 32-bit memory form addressing `target`; returns the address it reaches. */
  private mem32(reg: number, target: number, opts: ModrmOptions): number {
    const r = this.rng;
    const mod = r.below(3);
    const rm = r.below(8);
    const disp = mod === 1 ? this.disp8() : mod === 2 ? this.disp32() : 0;
    const dispBytes = mod === 1 ? 1 : mod === 2 ? 4 : 0;
    if (rm === 5 && mod === 0) {
      this.emit(modrmByte(0, reg, 5)); // [disp32]
      this.imm(target, 4);
      return target;
    }
    if (rm !== 4) {
      this.emit(modrmByte(mod, reg, rm));
      this.imm(disp, dispBytes);
      return (this.use(rm, target - disp, opts) + disp) >>> 0;
    }
    const scale = r.below(4);
    const index = r.below(8); // 4: no index
    const base = r.below(8); // 5 with mod 0: no base, disp32
    this.emit(modrmByte(mod, reg, 4), sibByte(scale, index, base));
    const scaled = (v: number) => Math.imul(v, 1 << scale) >>> 0;
    if (base === 5 && mod === 0) {
      // [index*scale + disp32]: the displacement takes what the index leaves.
      const iv = index === 4 ? 0 : this.use(index, this.indexValue(), opts);
      this.imm(target - scaled(iv), 4);
      return target;
    }
    this.imm(disp, dispBytes);
    const rest = (target - disp) >>> 0;
    if (index === 4) return (this.use(base, rest, opts) + disp) >>> 0;
    if (base === index) {
      // [r + r*scale]: r * (1 + 2^scale) = rest; 3, 5, 9 are invertible modulo 2^32, and 2
      // needs an even rest (the address moves down a byte when it is odd).
      const k = 1 + (1 << scale);
      const even = k === 2 ? (rest & ~1) >>> 0 : rest;
      const v = k === 2 ? (even >>> 1) + (r.chance(0.5) ? 0x80000000 : 0) : Math.imul(rest, INVERSE[k]) >>> 0;
      const got = this.use(index, v, opts);
      return (Math.imul(got, k) + disp) >>> 0;
    }
    if (this.fixed.has(base) && !this.fixed.has(index) && !opts.noAccess) {
      // The index takes the rest, rounded down to a multiple of the scale.
      const need = (rest - this.regs[base]) >>> 0;
      const high = scale ? r.below(1 << scale) * 2 ** (32 - scale) : 0; // shifted out by the scale
      const iv = this.use(index, (need >>> scale) + high, opts);
      return (this.regs[base] + scaled(iv) + disp) >>> 0;
    }
    const iv = this.use(index, this.indexValue(), opts);
    const bv = this.use(base, rest - scaled(iv), opts);
    return (bv + scaled(iv) + disp) >>> 0;
  }

  /** An index register's value: an edge (so the address arithmetic wraps) or a small offset. */
  private indexValue(): number {
    return this.rng.chance(0.5) ? this.value(32) : this.rng.range(0, 0x800);
  }

  /** A 16-bit memory form addressing `target` (below 64 KiB); returns the address it reaches. */
  private mem16(reg: number, target: number, opts: ModrmOptions): number {
    const r = this.rng;
    const mod = r.below(3);
    const rm = r.below(8);
    const disp = mod === 1 ? this.disp8() : mod === 2 ? r.below(0x10000) : 0;
    if (rm === 6 && mod === 0) {
      this.emit(modrmByte(0, reg, 6)); // [disp16]
      this.imm(target, 2);
      return target;
    }
    this.emit(modrmByte(mod, reg, rm));
    this.imm(disp, mod === 1 ? 1 : mod === 2 ? 2 : 0);
    const pairs = [[EBX, ESI], [EBX, EDI], [EBP, ESI], [EBP, EDI], [ESI], [EDI], [EBP], [EBX]];
    const parts = pairs[rm];
    let rest = (target - disp) & 0xffff;
    let sum = disp;
    // A fixed register goes first, so that a free one can take the rest.
    parts.sort((a, b) => Number(this.fixed.has(b)) - Number(this.fixed.has(a)));
    for (let i = 0; i < parts.length; i++) {
      const last = i === parts.length - 1;
      const want = last ? rest : r.below(0x10000);
      const got = this.use16(parts[i], want, opts);
      rest = (rest - got) & 0xffff;
      sum += got;
    }
    return sum & 0xffff;
  }

  /** Like use(), for the low 16 bits; the upper half stays random (16-bit addressing ignores it). */
  private use16(r: number, v: number, opts: ModrmOptions): number {
    if (this.reserved.has(r) && !opts.noAccess) this.attemptFailed = true;
    if (opts.noAccess || this.fixed.has(r)) return this.regs[r] & 0xffff;
    this.fix(r, ((this.regs[r] & 0xffff0000) | (v & 0xffff)) >>> 0);
    return v & 0xffff;
  }

  /** The case: `lead` (an instruction run first, see lead.ts) then the instruction built here. */
  build(seed: number, index: number, family: string, lead: number[] = []): FuzzCase {
    const r = this.rng;
    return {
      seed,
      index,
      family,
      eip: CODE_BASE + r.below(0x800),
      code: [...lead, ...this.bytes],
      lead: lead.length,
      regs: this.regs,
      eflags: this.eflags,
      patches: [...this.patches.entries()].sort((a, b) => a[0] - b[0]),
      rep: this.rep,
      undefinedFlags: this.undefinedFlags,
      undefinedDest: this.undefinedDest,
    };
  }
}

// Multiplicative inverses modulo 2^32 of 3, 5 and 9.
const INVERSE: Record<number, number> = { 3: 0xaaaaaaab | 0, 5: 0xcccccccd | 0, 9: 0x38e38e39 };

