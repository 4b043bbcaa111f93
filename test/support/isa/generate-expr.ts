/**
 * Numbers, strings and constant expressions for generated NASM programs: every numeric notation
 * NASM reads, its three kinds of quotes, and every expression operator the assembler supports.
 * Each expression carries the value NASM computes for it (64-bit), so that the program generator
 * can keep values in range and divisors non-zero without asking an assembler.
 */
import type { Prng } from "../../../src/util/prng.js";

export interface GenExpr {
  text: string;
  /** NASM's value (64-bit two's complement), or undefined when it depends on the layout. */
  value?: bigint;
  /** Binding strength: 0 for `|` up to 5 for `*`; 6 for unary operators and atoms. */
  prec: number;
}

export interface Constant {
  name: string;
  value: bigint;
  /** Defined on an earlier line from earlier definitions only, so NASM knows it in its first
   *  pass: usable in `times`, `resb` and other critical expressions. */
  early: boolean;
}

const ATOM = 6;
const s64 = (v: bigint) => BigInt.asIntN(64, v);
const u64 = (v: bigint) => BigInt.asUintN(64, v);

const BINARY: { op: string; prec: number; f: (a: bigint, b: bigint) => bigint }[] = [
  { op: "|", prec: 0, f: (a, b) => a | b },
  { op: "^", prec: 1, f: (a, b) => a ^ b },
  { op: "&", prec: 2, f: (a, b) => a & b },
  { op: "<<", prec: 3, f: (a, b) => a << b },
  { op: "<<<", prec: 3, f: (a, b) => a << b },
  { op: ">>", prec: 3, f: (a, b) => u64(a) >> b },
  { op: ">>>", prec: 3, f: (a, b) => a >> b },
  { op: "+", prec: 4, f: (a, b) => a + b },
  { op: "-", prec: 4, f: (a, b) => a - b },
  { op: "*", prec: 5, f: (a, b) => a * b },
  { op: "/", prec: 5, f: (a, b) => u64(a) / u64(b) },
  { op: "%", prec: 5, f: (a, b) => u64(a) % u64(b) },
  { op: "//", prec: 5, f: (a, b) => a / b },
  { op: "%%", prec: 5, f: (a, b) => a % b },
];
const UNARY: { op: string; f: (a: bigint) => bigint }[] = [
  { op: "-", f: (a) => -a },
  { op: "~", f: (a) => ~a },
  { op: "+", f: (a) => a },
  { op: "!", f: (a) => (a === 0n ? 1n : 0n) },
];

const PRINTABLE = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !#%&()*+,-./:;<=>?@[]^_{|}~";
const ESCAPES: [string, number][] = [
  ["\\n", 10], ["\\t", 9], ["\\r", 13], ["\\0", 0], ["\\\\", 92], ["\\`", 96], ["\\'", 39], ['\\"', 34],
  ["\\a", 7], ["\\b", 8], ["\\f", 12], ["\\v", 11], ["\\e", 27], ["\\?", 63],
];

/** UTF-8 as NASM writes `\u`/`\U`, with the 5- and 6-byte forms up to 31 bits. */
function utf8(cp: number): number[] {
  if (cp < 0x80) return [cp];
  const n = cp < 0x800 ? 2 : cp < 0x10000 ? 3 : cp < 0x200000 ? 4 : cp < 0x4000000 ? 5 : 6;
  const out = [((0xff00 >> n) & 0xff) | Math.floor(cp / 2 ** (6 * (n - 1)))];
  for (let i = n - 2; i >= 0; i--) out.push(0x80 | (Math.floor(cp / 2 ** (6 * i)) & 0x3f));
  return out;
}

/** Parenthesizes `e` when it binds looser than `prec` (or as tightly, on the right of a binary). */
export function operand(e: GenExpr, prec: number, right = false): string {
  return e.prec < prec || (right && e.prec === prec) ? `(${e.text})` : e.text;
}

export class ExprGenerator {
  constructor(private readonly rng: Prng) {}

  /** `v` (non-negative) in one of NASM's notations: radix prefixes and suffixes, `$`, underscores. */
  literal(v: bigint): string {
    const r = this.rng;
    const digits = (radix: number) => {
      let d = v.toString(radix);
      if (radix === 16 && r.chance(0.3)) d = d.toUpperCase();
      // An underscore anywhere after the first digit is ignored by NASM.
      if (d.length > 2 && r.chance(0.2)) {
        const at = r.range(1, d.length - 1);
        d = d.slice(0, at) + "_" + d.slice(at);
      }
      return d;
    };
    const up = (s: string) => (r.chance(0.2) ? s.toUpperCase() : s);
    switch (r.below(12)) {
      case 0:
        return `0${up(r.pick(["x", "h"]))}${digits(16)}`;
      case 1: {
        // A hex suffix needs a leading digit: 0ffh.
        const d = digits(16);
        return `${/^[0-9]/.test(d) ? "" : "0"}${d}${up(r.pick(["h", "x"]))}`;
      }
      case 2:
        return `$0${digits(16)}`;
      case 3:
        return r.chance(0.5) ? `0${up(r.pick(["b", "y"]))}${digits(2)}` : `${digits(2)}${up(r.pick(["b", "y"]))}`;
      case 4:
        return r.chance(0.5) ? `0${up(r.pick(["q", "o"]))}${digits(8)}` : `${digits(8)}${up(r.pick(["q", "o"]))}`;
      case 5:
        return r.chance(0.5) ? `0${up(r.pick(["d", "t"]))}${digits(10)}` : `${digits(10)}${up(r.pick(["d", "t"]))}`;
      case 6:
        return `0x${digits(16)}`;
      default:
        return digits(10);
    }
  }

  /** A number drawn mostly small, sometimes up to 16 or 32 bits. */
  magnitude(): bigint {
    const r = this.rng;
    const p = r.below(10);
    if (p < 6) return BigInt(r.below(256));
    if (p < 9) return BigInt(r.below(0x10000));
    return BigInt(r.nextU32());
  }

  /** A quoted string of `length` characters and the bytes NASM stores for it; `\u`/`\U`
   *  escapes (several bytes each) only when `wide`. */
  string(length: number, wide = true): { text: string; bytes: number[] } {
    const r = this.rng;
    const quote = r.pick(["'", '"', "`"]);
    let text = "";
    const bytes: number[] = [];
    // After `\0`, an octal digit would extend the escape (`\01` is 1).
    let octalOpen = false;
    for (let i = 0; i < length; i++) {
      if (quote === "`" && r.chance(0.3)) {
        const kind = r.below(wide ? 5 : 4);
        const b = r.below(256);
        if (kind === 3) {
          // Any other escaped character is that character (`\q` is q).
          const ch = r.pick([..."gijklmopqswyzGIJKLMOPQSWYZ#%&"]);
          text += `\\${ch}`;
          bytes.push(ch.charCodeAt(0));
          octalOpen = false;
        } else if (kind === 4) {
          const big = r.chance(0.5);
          const cp = r.pick([r.below(0x80), r.range(0x80, 0x7ff), r.range(0x800, 0xffff), r.range(0x10000, 0x10ffff), r.range(0x110000, 0x7fffffff)]);
          text += big ? `\\U${cp.toString(16).padStart(8, "0")}` : `\\u${(cp & 0xffff).toString(16).padStart(4, "0")}`;
          bytes.push(...utf8(big ? cp : cp & 0xffff));
          octalOpen = false;
        } else if (kind === 0) {
          const [esc, byte] = r.pick(ESCAPES);
          text += esc;
          bytes.push(byte);
          octalOpen = esc === "\\0";
        } else {
          // Two hex digits or three octal digits: the longest escapes, so the next character
          // cannot extend them.
          text += kind === 1 ? `\\x${b.toString(16).padStart(2, "0")}` : `\\${b.toString(8).padStart(3, "0")}`;
          bytes.push(b);
          octalOpen = false;
        }
        continue;
      }
      let ch = r.pick([...PRINTABLE]);
      if (ch === quote || (octalOpen && /[0-7]/.test(ch))) ch = "x";
      octalOpen = false;
      text += ch;
      bytes.push(ch.charCodeAt(0));
    }
    return { text: quote + text + quote, bytes };
  }

  /** A character constant of 1..`max` bytes, as a number (little-endian, as NASM). */
  charConstant(max: number): GenExpr {
    const s = this.string(this.rng.range(1, max), false);
    let value = 0n;
    for (let i = s.bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(s.bytes[i]);
    return { text: s.text, value, prec: ATOM };
  }

  /**
   * A constant expression of up to `depth` operators over literals, character constants and
   * `constants`; every operator and precedence level, with parentheses only where needed (and
   * sometimes where not).
   */
  expr(depth: number, constants: readonly Constant[]): GenExpr {
    const r = this.rng;
    if (depth <= 0 || r.chance(0.3)) return this.leaf(constants);
    if (r.chance(0.2)) {
      const u = r.pick(UNARY);
      const a = this.expr(depth - 1, constants);
      // nasm misreads `db -'a'` (a sign before a string starts a data item): `-('a')`.
      const text = /^['"`]/.test(a.text) ? `(${a.text})` : operand(a, ATOM);
      return { text: `${u.op}${text}`, value: s64(u.f(a.value!)), prec: ATOM };
    }
    const b = r.pick(BINARY);
    const left = this.expr(depth - 1, constants);
    let right: GenExpr;
    if (b.prec === 3) {
      // Shift counts stay below 32 (NASM shifts a 64-bit value; C leaves larger counts undefined).
      const n = BigInt(r.below(32));
      right = r.chance(0.7) ? { text: this.literal(n), value: n, prec: ATOM } : this.masked(this.expr(depth - 1, constants), 31n);
    } else if (b.prec === 5 && b.op !== "*") {
      // nasm divides by a constant defined from a later one while that is still 0 (pass 1):
      // divisors use constants it knows from the start.
      right = this.expr(depth - 1, constants.filter((c) => c.early));
      if (right.value === 0n) right = { text: "(7 | 1)", value: 7n, prec: ATOM };
    } else {
      right = this.expr(depth - 1, constants);
    }
    // `%3` or `%%3` would be a macro parameter to NASM's preprocessor: `%` always has spaces.
    const sp = r.chance(0.5) || b.op.startsWith("%") ? " " : "";
    const text = `${operand(left, b.prec)}${sp}${b.op}${sp}${operand(right, b.prec, true)}`;
    const e = { text, value: s64(b.f(left.value!, right.value!)), prec: b.prec };
    return r.chance(0.1) ? { ...e, text: `(${e.text})`, prec: ATOM } : e;
  }

  private leaf(constants: readonly Constant[]): GenExpr {
    const r = this.rng;
    const p = r.below(10);
    if (p < 2 && constants.length) {
      const c = r.pick(constants);
      return { text: c.name, value: c.value, prec: ATOM };
    }
    if (p < 3) return this.charConstant(2);
    const v = this.magnitude();
    return { text: this.literal(v), value: v, prec: ATOM };
  }

  /** `e & mask` (`mask` of the form 2^k-1), or `e % (mask+1)`, whose value fits the mask. */
  masked(e: GenExpr, mask: bigint): GenExpr {
    const r = this.rng;
    if (e.value !== undefined && e.value >= 0n && e.value <= mask && r.chance(0.5)) return e;
    if (r.chance(0.7) || e.value === undefined) {
      const text = `${operand(e, 2)} & ${this.literal(mask)}`;
      return { text, value: e.value === undefined ? undefined : e.value & mask, prec: 2 };
    }
    return { text: `${operand(e, 5)} % ${this.literal(mask + 1n)}`, value: u64(e.value) % (mask + 1n), prec: 5 };
  }

  /** `e`, or `e` brought into the range NASM accepts without a warning for a `bits`-bit field. */
  fit(e: GenExpr, bits: 8 | 16 | 32): GenExpr {
    const lo = -(1n << BigInt(bits - 1));
    const hi = (1n << BigInt(bits)) - 1n;
    if (e.value !== undefined && e.value >= lo && e.value <= hi) return e;
    return this.masked(e, (1n << BigInt(bits)) - 1n);
  }
}
