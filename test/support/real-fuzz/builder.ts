// Builds one real-mode case: segment registers, CS:IP and registers drawn toward the edges,
// instruction bytes from opcode templates, and memory operands solved so that every access stays
// inside its 64 KiB segment (Unicorn does not enforce real-mode limits; those faults have unit
// tests of their own). Families call prefixes(), emit the opcode, then modrm(), which fixes the
// registers an address uses: operand values set afterwards never move it.
import { Prng } from "../../../src/util/prng";
import { CS, DS, ES, FS, GS, RESERVED, SS, type RealCase } from "./real-case";
import { InstructionBuilder, type CommonModrmOptions, type Operand as CommonOperand } from "../fuzz-common/instruction-builder";
import { EBP, EBX, EDI, ESI, ESP } from "../fuzz-common/registers";
import { modrmByte, sibByte } from "../modrm";
import type { InsnForm } from "../../../src/isa/table";
import { UNICORN_MEMORY_ONLY, UNICORN_NEVER_LOCKED } from "../fuzz-common/table-rows";

export { EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI } from "../fuzz-common/registers";

/** Operand values where flags and results change character. */
const EDGES = [
  0, 1, 2, 0x7f, 0x80, 0x81, 0xff, 0x100, 0x7fff, 0x8000, 0x8001, 0xfffe, 0xffff, 0x10000, 0x7fffffff,
  0x80000000, 0x80000001, 0xfffffffe, 0xffffffff,
];
/** Selectors: the ends of the 1 MiB space, the vector table's, and those past 1 MiB. */
const SEG_EDGES = [0, 1, 0x40, 0x1000, 0x7fff, 0x8000, 0x9fff, 0xf000, 0xfff0, 0xffff];

/** A memory operand: its segment, the offset accessed, and the linear address. */
export interface MemOperand {
  seg: number;
  off: number;
  lin: number;
}
export type Operand = CommonOperand<MemOperand>;

export interface ModrmOptions extends CommonModrmOptions {
  /** The access lies this many bytes past the effective address (bt with a register offset),
   *  wrapped to the address size. */
  shift?: number;
  /** With 32-bit addressing, mostly take this register as the SIB base (push/pop of [esp+...]). */
  base?: number;
}

export class RealBuilder extends InstructionBuilder<MemOperand> {
  readonly segs: number[];
  readonly ip: number;
  eflags: number;
  cr0: number | undefined;
  cr3: number | undefined;
  ignoredCr0: number | undefined;
  /** Data and stack bytes by linear address. */
  readonly mem = new Map<number, number>();
  /** Linear ranges the case's data may not touch: the vector table, the handler, the code. */
  private readonly keepOut: [number, number][];
  /** Set when the case cannot be built as drawn: generateRealCase draws it again. */
  failed = false;
  o32 = false;
  a32 = false;
  /** The segment override prefix's segment, if any. */
  override: number | undefined;
  rep = false;
  unjudgedFlags = 0;
  ignoredReg: RealCase["ignoredReg"];
  undefinedMem: RealCase["undefinedMem"];
  protected readonly edges = EDGES;
  protected readonly registerValueFirst = true;

  constructor(rng: Prng) {
    super(rng);
    const r = rng;
    this.segs = Array.from({ length: 6 }, () => this.selector());
    // Programs often share segments; the same base for two of them tests nothing new but is common.
    if (r.chance(0.3)) this.segs[DS] = this.segs[SS];
    if (r.chance(0.3)) this.segs[ES] = this.segs[DS];
    this.ip = r.weighted([
      { weight: 6, value: r.below(0xffe0) },
      { weight: 1, value: r.below(0x100) },
      { weight: 1, value: 0xffe0 + r.below(0x10) },
    ]);
    this.regs = Array.from({ length: 8 }, () => this.value(32));
    this.regs[ESP] = ((this.regs[ESP] & 0xffff0000) | this.stackPointer(0, 0)) >>> 0;
    // Random arithmetic flags, DF, IF, IOPL and NT; bit 1 always reads 1, TF stays clear.
    this.eflags = (2 | (r.nextU32() & 0x7ed5)) >>> 0;
    const code = this.segs[CS] * 16 + this.ip;
    this.keepOut = [...RESERVED, [code, code + 17]];
  }

  // ---- values ----
  selector(): number {
    return this.rng.chance(0.4) ? this.rng.pick(SEG_EDGES) : this.rng.below(0x10000);
  }

  /**
   * An offset where `width` bytes fit below the segment's end, drawn toward both ends of it.
   * `below`/`above` more bytes must fit before and after.
   */
  offset(width: number, below = 0, above = 0): number {
    const r = this.rng;
    const lo = below, hi = 0x10000 - width - above;
    if (hi < lo) throw new Error(`no offset fits ${width}+${below}+${above} bytes`);
    const roll = r.below(10);
    if (roll < 2) return lo + r.below(Math.min(16, hi - lo + 1));
    if (roll < 4) return hi - r.below(Math.min(16, hi - lo + 1));
    return r.range(lo, hi);
  }

  /**
   * A stack pointer from which `pushed` bytes can be pushed and `popped` popped without running
   * past the segment's end. SP = 0 wraps to 0xFFFE on the first push, which is within the limit;
   * SP in 1..5 is never drawn (an exception's frame could not be pushed).
   */
  stackPointer(pushed: number, popped: number): number {
    const r = this.rng;
    const room = Math.max(pushed, 6);
    for (;;) {
      let sp = r.weighted([
        { weight: 1, value: 0 },
        { weight: 2, value: 0x10000 - popped - r.below(16) },
        { weight: 2, value: room + r.below(16) },
        { weight: 6, value: r.range(room, 0x10000 - popped) },
      ]) & 0xffff;
      if (r.chance(0.85)) sp &= ~1;
      if (sp === 0 ? popped === 0 : sp >= room && sp + popped <= 0x10000) return sp;
    }
  }

  /** Sets SP (keeping ESP's upper half) for a stack instruction and keeps it out of addresses. */
  setStack(pushed: number, popped: number, addressable = false): number {
    const sp = this.stackPointer(pushed, popped);
    // Fixed, so that no operand value overwrites it; reserved, so that no address uses it, unless
    // an address may take it as it is (push and pop of [esp+...]).
    this.fix(ESP, ((this.regs[ESP] & 0xffff0000) | sp) >>> 0);
    if (!addressable) this.reserve(ESP);
    return sp;
  }

  // ---- memory ----
  segBase(seg: number): number {
    return this.segs[seg] * 16;
  }
  /** Places `bytes` bytes of v at seg:off (which must not wrap past the segment's end). */
  setMem(seg: number, off: number, bytes: number, v: number): void {
    const lin = this.segBase(seg) + off;
    this.claim(lin, bytes);
    for (let i = 0; i < bytes; i++) this.mem.set(lin + i, Math.floor(v / 2 ** (8 * i)) & 0xff);
  }
  /** The case fails when [lin, lin + bytes) overlaps the vector table, the handler or the code. */
  claim(lin: number, bytes: number): void {
    for (const [lo, hi] of this.keepOut) if (lin < hi && lin + bytes > lo) this.failed = true;
  }
  setOperand(op: Operand, bits: number, v: number): void {
    if ("reg" in op) this.setReg(op.reg, bits, v);
    else this.setMem(op.mem.seg, op.mem.off, bits / 8, v);
  }
  getOperand(op: Operand, bits: number): number {
    if ("reg" in op) return this.getReg(op.reg, bits);
    let v = 0;
    for (let i = bits / 8 - 1; i >= 0; i--) v = (v * 256 + (this.mem.get(op.mem.lin + i) ?? 0)) >>> 0;
    return v;
  }

  // ---- encoding ----
  get osize(): number {
    return this.o32 ? 32 : 16;
  }
  // ---- table rows (fuzz-common/row-emitter.ts) ----
  rowPrefixes(osize: InsnForm["osize"], asize: InsnForm["asize"], _addresses: boolean, extra: number[]): void {
    this.prefixes(osize === 32 ? true : osize === 16 ? false : 0.4, asize === 32 ? true : asize === 16 ? false : 0.3, extra);
  }
  absoluteOffset(): { value: number; bytes: number } {
    return { value: this.offset(4), bytes: this.a32 ? 4 : 2 };
  }
  displacement(bytes: number): number {
    return this.rng.below(bytes === 1 ? 0x100 : 0x10000);
  }
  readonly memoryOnly = UNICORN_MEMORY_ONLY;
  readonly neverLocked = UNICORN_NEVER_LOCKED;

  /**
   * Whether to lock a read-modify-write of memory (its operand must then be memory). Unicorn
   * raises #UD for LOCK on only some of the forms the 386 rejects: those are unit tests.
   */
  lock(): boolean {
    return this.rng.chance(0.06);
  }

  /** Where the instruction ends (its length so far from IP); call after its last byte. */
  get next(): number {
    return this.ip + this.bytes.length;
  }
  /** The segment a data access uses: the override, else `def`. */
  dataSeg(def: number): number {
    return this.override ?? def;
  }

  /**
   * Emits the prefixes in random order: 0x66 when `o32` (randomly when a probability), 0x67
   * likewise, the `extra` ones (rep, lock), sometimes a segment override (FS and GS the most
   * often) and a repeated prefix.
   */
  prefixes(o32: boolean | number = 0.4, a32: boolean | number = 0.3, extra: number[] = [], override = 0.35): void {
    const r = this.rng;
    this.o32 = typeof o32 === "number" ? r.chance(o32) : o32;
    this.a32 = typeof a32 === "number" ? r.chance(a32) : a32;
    const list = [...extra];
    if (this.o32) list.push(0x66);
    if (this.a32) list.push(0x67);
    if (r.chance(override)) {
      const [byte, seg] = r.pick([[0x26, ES], [0x2e, CS], [0x36, SS], [0x3e, DS], [0x64, FS], [0x65, GS], [0x64, FS], [0x65, GS]]);
      list.push(byte);
      this.override = seg;
    }
    if (list.length && r.chance(0.03)) {
      const again = r.pick(list);
      // A second override would have to be the same one to keep `override` true.
      list.push(again);
    }
    for (let i = list.length - 1; i > 0; i--) {
      const j = r.below(i + 1);
      [list[i], list[j]] = [list[j], list[i]];
    }
    this.emit(...list);
  }

  /**
   * Emits ModR/M (and SIB and displacement) with reg field `reg`; returns the r/m operand.
   * Registers fixed before the call keep their values: the address is solved through the other
   * parts, and forms that cannot reach the target from them are drawn again.
   */
  modrm(reg: number, opts: ModrmOptions = {}): Operand {
    const r = this.rng;
    if (opts.register ?? r.chance(0.35)) return this.registerOperand(reg);
    const width = opts.width ?? 2;
    for (let attempt = 0; attempt < 64; attempt++) {
      const mark = this.bytes.length;
      const restore = this.saveRegisters();
      const access = this.offset(width);
      const shift = opts.shift ?? 0;
      const ea = this.a32 ? (access - shift) >>> 0 : (access - shift) & 0xffff;
      const got = this.a32 ? this.mem32(reg, ea, opts) : this.mem16(reg, ea, opts);
      if (got) {
        const off = this.a32 ? (got.ea + shift) >>> 0 : (got.ea + shift) & 0xffff;
        if (opts.noAccess || off === access) return { mem: { seg: got.seg, off, lin: this.segBase(got.seg) + off } };
      }
      this.bytes.length = mark;
      restore();
    }
    this.failed = true;
    this.emit(modrmByte(3, reg, 0));
    return { reg: 0 };
  }

  /** Gives register `r` the value `v` (or reports the value it keeps); false when it is reserved. */
  private use(r: number, v: number, noAccess: boolean | undefined): number | undefined {
    if (noAccess) return this.regs[r];
    if (this.reserved.has(r)) return undefined;
    if (this.fixed.has(r)) return this.regs[r];
    this.fix(r, v);
    return v >>> 0;
  }

  /** A 16-bit memory form whose effective address is `ea`. */
  private mem16(reg: number, ea: number, opts: ModrmOptions): { ea: number; seg: number } | undefined {
    const r = this.rng;
    const mod = r.below(3);
    const rm = r.below(8);
    if (rm === 6 && mod === 0) {
      this.emit(modrmByte(0, reg, 6)); // [disp16]
      this.imm(ea, 2);
      return { ea, seg: this.dataSeg(DS) };
    }
    const disp = mod === 1 ? r.pick([0, 0x7f, -0x80, -1, 1, r.range(-128, 127)]) : mod === 2 ? this.value(16) : 0;
    this.emit(modrmByte(mod, reg, rm));
    this.imm(disp, mod);
    const parts = [[EBX, ESI], [EBX, EDI], [EBP, ESI], [EBP, EDI], [ESI], [EDI], [EBP], [EBX]][rm];
    const seg = this.dataSeg(rm === 2 || rm === 3 || rm === 6 ? SS : DS);
    // Fixed registers first, so that a free one can take the rest.
    parts.sort((a, b) => Number(this.fixed.has(b)) - Number(this.fixed.has(a)));
    let rest = (ea - disp) & 0xffff;
    let sum = disp;
    for (let i = 0; i < parts.length; i++) {
      const want = i === parts.length - 1 ? rest : this.value(16);
      const got = this.use(parts[i], ((this.regs[parts[i]] & 0xffff0000) | (want & 0xffff)) >>> 0, opts.noAccess);
      if (got === undefined) return undefined;
      rest = (rest - got) & 0xffff;
      sum += got;
    }
    return { ea: sum & 0xffff, seg };
  }

  /** A 32-bit memory form (0x67) whose effective address is `ea`. */
  private mem32(reg: number, ea: number, opts: ModrmOptions): { ea: number; seg: number } | undefined {
    const r = this.rng;
    const mod = r.below(3);
    const forced = opts.base !== undefined && r.chance(0.7);
    const rm = forced ? 4 : r.below(8);
    const disp = mod === 1 ? r.range(-128, 127) : mod === 2 ? (r.chance(0.5) ? this.value(32) : r.range(-0x2000, 0x2000)) : 0;
    if (rm === 5 && mod === 0) {
      this.emit(modrmByte(0, reg, 5)); // [disp32]
      this.imm(ea, 4);
      return { ea, seg: this.dataSeg(DS) };
    }
    const dispBytes = mod === 1 ? 1 : mod === 2 ? 4 : 0;
    if (rm !== 4) {
      this.emit(modrmByte(mod, reg, rm));
      this.imm(disp, dispBytes);
      const v = this.use(rm, (ea - disp) >>> 0, opts.noAccess);
      if (v === undefined) return undefined;
      return { ea: (v + disp) >>> 0, seg: this.dataSeg(rm === 5 ? SS : DS) };
    }
    const scale = r.below(4);
    const index = r.below(8); // 4: no index
    const base = forced ? opts.base! : r.below(8); // 5 with mod 0: no base, disp32
    this.emit(modrmByte(mod, reg, 4), sibByte(scale, index, base));
    const scaled = (v: number) => Math.imul(v, 1 << scale) >>> 0;
    const noBase = base === 5 && mod === 0;
    const seg = this.dataSeg(!noBase && (base === 4 || base === 5) ? SS : DS);
    if (noBase) {
      const iv = index === 4 ? 0 : this.use(index, this.value(32), opts.noAccess);
      if (iv === undefined) return undefined;
      this.imm(ea - scaled(iv), 4);
      return { ea, seg };
    }
    this.imm(disp, dispBytes);
    const rest = (ea - disp) >>> 0;
    if (index === 4) {
      const bv = this.use(base, rest, opts.noAccess);
      return bv === undefined ? undefined : { ea: (bv + disp) >>> 0, seg };
    }
    if (base === index) {
      // [r + r*scale]: r * (1 + 2^scale) = rest; 3, 5, 9 are invertible modulo 2^32, 2 needs an even rest.
      const k = 1 + (1 << scale);
      if (k === 2 && rest & 1) return undefined;
      const v = k === 2 ? (rest >>> 1) + (r.chance(0.5) ? 0x80000000 : 0) : Math.imul(rest, INVERSE[k]) >>> 0;
      const got = this.use(index, v, opts.noAccess);
      return got === undefined ? undefined : { ea: (Math.imul(got, k) + disp) >>> 0, seg };
    }
    if (this.fixed.has(base) && !this.fixed.has(index) && !opts.noAccess) {
      // The index takes the rest, which must then be a multiple of the scale.
      const need = (rest - this.regs[base]) >>> 0;
      if (need % (1 << scale) !== 0) return undefined;
      const high = scale ? r.below(1 << scale) * 2 ** (32 - scale) : 0; // shifted out by the scale
      const iv = this.use(index, (need >>> scale) + high, opts.noAccess);
      return iv === undefined ? undefined : { ea: (this.regs[base] + scaled(iv) + disp) >>> 0, seg };
    }
    const iv = this.use(index, r.chance(0.6) ? this.value(32) : r.below(0x800), opts.noAccess);
    if (iv === undefined) return undefined;
    const bv = this.use(base, (rest - scaled(iv)) >>> 0, opts.noAccess);
    return bv === undefined ? undefined : { ea: (bv + scaled(iv) + disp) >>> 0, seg };
  }

  build(seed: number, index: number, family: string): RealCase {
    const code = this.segBase(CS) + this.ip;
    if (this.bytes.length > 15 || this.ip + this.bytes.length + 1 > 0x10000) this.failed = true;
    // The code and its HLT must not land on the vector table or the handler either.
    for (const [lo, hi] of RESERVED) if (code < hi && code + this.bytes.length + 1 > lo) this.failed = true;
    // An exception's frame (6 bytes below SS:SP) must not land on the vector table either.
    const sp = this.regs[ESP] & 0xffff;
    if (sp >= 1 && sp <= 5) this.failed = true;
    this.claim(this.segBase(SS) + ((sp - 6) & 0xffff), 6);
    const mem = new Map(this.mem);
    this.bytes.forEach((b, k) => mem.set(code + k, b));
    mem.set(code + this.bytes.length, 0xf4);
    return {
      seed,
      index,
      family,
      regs: this.regs,
      segs: this.segs,
      ip: this.ip,
      eflags: this.eflags,
      ...(this.cr0 === undefined ? {} : { cr0: this.cr0 }),
      ...(this.cr3 === undefined ? {} : { cr3: this.cr3 }),
      ...(this.ignoredCr0 === undefined ? {} : { ignoredCr0: this.ignoredCr0 }),
      code: [...this.bytes],
      mem: [...mem.entries()].sort((a, b) => a[0] - b[0]),
      rep: this.rep,
      undefinedFlags: this.undefinedFlags,
      unjudgedFlags: this.unjudgedFlags,
      ignoredReg: this.ignoredReg,
      undefinedMem: this.undefinedMem,
    };
  }
}

// Multiplicative inverses modulo 2^32 of 3, 5 and 9.
const INVERSE: Record<number, number> = { 3: 0xaaaaaaab | 0, 5: 0xcccccccd | 0, 9: 0x38e38e39 };
