/**
 * Operands and instruction lines of generated programs that refer to the program's symbols:
 * memory operands built from labels and constants (`[table+ebx*4]`, `[es:di+buf-2]`), immediates
 * that are addresses, label differences or constant expressions, each within its field, and
 * prefixed string instructions. The program generator (generate-program.ts) owns the symbols.
 */
import type { Prng } from "../../../src/util/prng.js";
import { operand, type Constant, type ExprGenerator, type GenExpr } from "./generate-expr.js";
import { REG16, REG32, REG8, SREG } from "../../../src/isa/registers.js";

export type Sect = ".text" | ".data" | ".bss";
export type Size = 8 | 16 | 32;

export const KW: Record<Size, string> = { 8: "byte", 16: "word", 32: "dword" };
const ALU = ["add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"];

/** What the program generator has defined or promised so far. */
export interface Symbols {
  readonly bits: 16 | 32;
  /** org above 64K: labels never in 16-bit fields. */
  readonly wide: boolean;
  readonly consts: readonly Constant[];
  /** Numbers that depend on the layout (label differences): bounded by the program size. */
  readonly layoutNums: readonly string[];
  /** `equ` aliases of addresses (label plus constant). */
  readonly addrAliases: readonly { name: string }[];
  /** Locals of finished blocks, by qualified name (`fn3.loop2`). */
  readonly pastLocals: readonly { name: string }[];
  /** A global label of `sect`, defined already or promised. */
  globalOf(sect: Sect): string;
}

export class OperandGenerator {
  constructor(
    private readonly r: Prng,
    private readonly x: ExprGenerator,
    private readonly s: Symbols,
  ) {}

  reg(size: Size): string {
    return this.r.pick(size === 8 ? REG8 : size === 16 ? REG16 : REG32);
  }

  /** Label whose address suits a `bits`-bit field (any in 32 bits; in 16, only below 64K). */
  private addressLabel(): string {
    const r = this.r;
    const p = r.below(10);
    if (p < 1 && this.s.pastLocals.length) return r.pick(this.s.pastLocals).name;
    if (p < 2 && this.s.addrAliases.length) return r.pick(this.s.addrAliases).name;
    return this.s.globalOf(r.pick([".data", ".data", ".bss", ".text"] as const));
  }

  /** An address: a label, plus or minus a constant, or `$`, `$$`. */
  address(): GenExpr {
    const r = this.r;
    const p = r.below(10);
    if (p < 1) return { text: r.pick(["$", "$$"]), prec: 6 };
    const label = this.addressLabel();
    if (p < 6) return { text: label, prec: 6 };
    const k = this.x.literal(BigInt(r.range(1, 64)));
    return r.chance(0.5) ? { text: `${label} ${r.pick(["+", "-"])} ${k}`, prec: 4 } : { text: `${k} + ${label}`, prec: 4 };
  }

  /** A number NASM computes from the layout: a label difference, `$-$$`, a length constant. */
  layoutNumber(): GenExpr {
    const r = this.r;
    if (this.s.layoutNums.length && r.chance(0.4)) return { text: r.pick(this.s.layoutNums), prec: 6 };
    if (r.chance(0.3)) return { text: "($ - $$)", prec: 6 };
    const sect = r.pick([".text", ".data", ".bss"] as const);
    const a = this.s.globalOf(sect);
    const b = this.s.globalOf(sect);
    // The section base may be negated or doubled along the way (NASM's vectors allow it).
    const text = r.pick([`(${a} - ${b})`, `(${a} - ${b})`, `(-${b} + ${a})`, `(2*${a} - ${b} - ${a})`]);
    return { text, prec: 6 };
  }

  /** An immediate for a `size`-bit field. */
  value(size: Size): GenExpr {
    const r = this.r;
    const p = r.below(10);
    if (p < 3 && (size === 32 || (size === 16 && !this.s.wide))) return this.address();
    if (p < 5) {
      const n = this.layoutNumber();
      return size === 8 ? this.x.masked(n, 0x7fn) : n;
    }
    if (p < 6) return this.x.charConstant(size / 8);
    return this.x.fit(this.x.expr(r.range(0, 3), this.s.consts), size);
  }

  /** A memory operand whose displacement uses labels and constants (`[table+ebx*4]`). */
  mem(): string {
    const r = this.r;
    const asize: 16 | 32 = this.s.wide || r.chance(0.8) ? this.s.bits : this.s.bits === 16 ? 32 : 16;
    const parts: string[] = [];
    if (asize === 32) {
      const index = () => r.pick(REG32.filter((x) => x !== "esp"));
      const p = r.below(4);
      if (p >= 1) parts.push(r.pick(REG32));
      if (p >= 2) parts.push(`${index()}*${r.pick([1, 2, 4, 8])}`);
      if (p === 0 && r.chance(0.5)) parts.push(`${r.pick([2, 4, 8])}*${index()}`);
    } else {
      const p = r.below(4);
      if (p >= 1) parts.push(r.pick(["bx", "bp", "si", "di"]));
      if (p >= 2) parts.splice(0, 1, r.pick(["bx", "bp"]), r.pick(["si", "di"]));
    }
    const d = r.below(10);
    let disp: GenExpr | undefined;
    if (d < 5 && (asize === 32 || !this.s.wide)) disp = this.address();
    else if (d < 7) disp = this.layoutNumber();
    // 16-bit: below 0x8000, so that the `+ k` below cannot carry it past 0xffff (nasm warns).
    else if (d < 9 || !parts.length) {
      const e = this.x.expr(r.range(0, 2), this.s.consts);
      disp = asize === 16 ? this.x.masked(e, 0x7fffn) : this.x.fit(e, 8);
    }
    if (disp) {
      const at = r.below(parts.length + 1);
      parts.splice(at, 0, operand(disp, 5));
    }
    let inner = parts.join(r.chance(0.5) ? "+" : " + ");
    if (disp && r.chance(0.3)) inner += ` ${r.pick(["+", "-"])} ${this.x.literal(BigInt(r.range(0, 3)))}`;
    if (r.chance(0.2)) {
      const seg = r.pick(SREG);
      return r.chance(0.6) ? `[${seg}:${inner}]` : `${seg}:[${inner}]`;
    }
    return `[${inner}]`;
  }

  memInsn(): string {
    const r = this.r;
    const size = r.pick([8, 16, 32] as const);
    const reg = this.reg(size);
    const m = this.mem();
    // A size keyword must precede `[`, never `seg:[` (nasm reads `word es:[...]` as `word es`).
    const sized = (s: Size) => `${KW[s]} ${m.startsWith("[") ? m : "[" + m.replace(":[", ":")}`;
    const wide = r.pick([16, 32] as const);
    switch (r.below(12)) {
      case 0:
        return `mov ${reg}, ${m}`;
      case 1:
        return `mov ${m}, ${reg}`;
      case 2:
        return `mov ${sized(size)}, ${this.value(size).text}`;
      case 3:
        return `${r.pick(ALU)} ${sized(size)}, ${this.value(size).text}`;
      case 4:
        return r.chance(0.5) ? `${r.pick(ALU)} ${reg}, ${m}` : `${r.pick(ALU)} ${m}, ${reg}`;
      case 5:
        return `${r.pick(["inc", "dec", "neg", "not"])} ${sized(size)}`;
      case 6:
        return `lea ${this.reg(wide)}, ${m}`;
      case 7:
        return `${r.pick(["push", "pop"])} ${sized(wide)}`;
      case 8:
        return `${r.pick(["movzx", "movsx"])} ${this.reg(wide)}, ${sized(wide === 32 && r.chance(0.5) ? 16 : 8)}`;
      case 9:
        return r.chance(0.5) ? `test ${m}, ${reg}` : `xchg ${reg}, ${m}`;
      case 10:
        return r.chance(0.5)
          ? `lock ${r.pick(ALU.slice(0, 7))} ${m}, ${reg}`
          : `lock ${r.pick(["inc", "dec", "not", "neg"])} ${sized(size)}`;
      default:
        return r.chance(0.5)
          ? `${r.pick(["shl", "shr", "sar", "rol", "rcr"])} ${sized(size)}, ${r.pick(["1", "cl", "strict 1", "byte 1", this.x.literal(BigInt(r.below(32)))])}`
          : `${r.pick(["call", "jmp"])} ${sized(this.s.bits)}`;
    }
  }

  immInsn(): string {
    const r = this.r;
    const size = r.pick([8, 16, 32] as const);
    const reg = this.reg(size);
    const wide = r.pick([16, 32] as const);
    switch (r.below(9)) {
      case 0:
      case 1:
        return `mov ${reg}, ${this.value(size).text}`;
      case 2:
      case 3:
        return `${r.pick(ALU)} ${reg}, ${this.value(size).text}`;
      case 4:
        return r.chance(0.5) ? `push ${this.value(this.s.bits).text}` : `push ${KW[wide]} ${this.value(wide).text}`;
      case 5:
        return `imul ${this.reg(wide)}, ${r.chance(0.5) ? this.reg(wide) + ", " : ""}${this.value(wide).text}`;
      case 6:
        return `test ${reg}, ${this.value(size).text}`;
      case 7:
        return r.pick([
          `int ${this.x.masked(this.x.expr(1, this.s.consts), 0xffn).text}`,
          `ret ${this.x.masked(this.x.expr(1, this.s.consts), 0xffffn).text}`,
          `in al, ${this.x.masked(this.x.expr(1, this.s.consts), 0xffn).text}`,
          `out ${this.x.literal(BigInt(r.below(256)))}, ${r.pick(["al", "ax", "eax"])}`,
          `${r.pick(["shl", "shr", "rol", "sar"])} ${reg}, ${this.x.masked(this.x.expr(1, this.s.consts), 31n).text}`,
        ]);
      default: {
        // `strict` keeps the size written: a full immediate even where a byte would do.
        const v = this.x.masked(this.x.expr(1, this.s.consts), 0x7fn).text;
        const kw = r.chance(0.3) ? "byte" : KW[wide];
        return r.chance(0.5) ? `push strict ${kw} ${v}` : `${r.pick(ALU)} ${this.reg(wide)}, strict ${kw} ${v}`;
      }
    }
  }

  /** String instructions with rep/repe/repne, segment prefixes alone or before an instruction. */
  prefixed(): string {
    const r = this.r;
    const p = r.below(5);
    const suffix = r.pick(["b", "w", "d"]);
    if (p === 4) {
      return r.pick(["o16 push byte 5", "o32 push byte -3", "o16 lodsw", "o32 lodsd", "o16 stosw", "o32 movsd", "a16 lodsb",
        "a32 stosw", "a16 rep movsd", "a32 repne scasb", "o16 ret", "o32 retf"]);
    }
    if (p === 0) return `${r.pick(["rep", "rep", "repe", "repz", "repne", "repnz"])} ${r.pick(["movs", "stos", "lods", "ins", "outs"])}${suffix}`;
    if (p === 1) return `${r.pick(["repe", "repne", "repz", "repnz"])} ${r.pick(["cmps", "scas"])}${suffix}`;
    if (p === 2) return `${r.pick(SREG)} ${r.pick(["lods", "movs", "cmps", "outs"])}${suffix}`;
    const m = this.mem();
    if (m.includes(":")) return r.pick(SREG);
    return `${r.pick(SREG)} mov ${this.reg(16)}, ${m}`;
  }
}
