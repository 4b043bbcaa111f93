// One x87 fuzz case: a whole FPU state (eight 80-bit registers by physical number, TOP, control,
// status and tag words), EFLAGS, a memory operand's bytes, and one x87 instruction; the same
// layout for both emulators. Values are drawn toward the edges: zeros, infinities, NaNs (quiet
// and signaling), denormals, unnormals, the largest and smallest, halfway cases, integers.
import type { InsnForm } from "../../../src/isa/table";
import { Prng } from "../../../src/util/prng";
import { DISTINCT_ROWS, isX87, mnemonics, partitionRows, type Exclusion } from "../fuzz-common/table-rows";

export const CODE_BASE = 0x1000;
export const DATA_BASE = 0x3000;
export const DATA_SIZE = 0x1000;
export const OPERAND = DATA_BASE + 0x800; // esi points here; the operand is at [esi + disp8]

export interface X87Value { m: bigint; se: number }
export interface X87State {
  regs: X87Value[]; // physical 0..7
  top: number;
  cw: number;
  sw: number; // without TOP
  empty: number; // bit per physical register
}
export interface X87Case {
  seed: number;
  index: number;
  name: string;
  code: number[];
  eflags: number;
  eax: number;
  fpu: X87State;
  /** The 16 bytes at OPERAND. */
  operand: number[];
  /** Status-word bits the SDM leaves undefined after this instruction. */
  undefinedSw: number;
}
export interface X87Outcome {
  regs: string[]; // "se:m" in hex, physical order
  sw: number; // with TOP
  cw: number;
  tag: number; // the full tag word
  eflags: number;
  eax: number;
  mem: [number, number][];
  exception: string | null;
}

const INT = 1n << 63n;
const MASK64 = (1n << 64n) - 1n;

function randM(r: Prng): bigint {
  return (BigInt(r.nextU32()) << 32n) | BigInt(r.nextU32());
}

/** An 80-bit value from the edge-weighted pool. */
// Left out for Unicorn, where qemu 5.0 differs from 7.2: unnormals (5.2 made them invalid),
// pseudo-denormals (5.2 fixed their sums) and, for forms that convert a single or double,
// signaling NaNs (7.2 quiets them on conversion, 5.0 kept them signaling).
export interface Pool { snan: boolean }
export function drawValue(r: Prng, pool: Pool = { snan: true }): X87Value {
  const sign = r.chance(0.4) ? 0x8000 : 0;
  const m = randM(r) | INT;
  switch (r.below(16)) {
    case 0: return { se: sign, m: 0n }; // zero
    case 1: return { se: sign | 0x7fff, m: INT }; // infinity
    case 2: return { se: sign | 0x7fff, m: (m | (1n << 62n)) & MASK64 }; // quiet NaN
    case 3: return pool.snan ? { se: sign | 0x7fff, m: (m & ~(1n << 62n)) | 1n } : { se: sign | 0x7fff, m: m | (1n << 62n) }; // signaling NaN
    case 4: return { se: sign, m: m & ~INT }; // denormal
    case 5: return { se: sign | (1 + r.below(3)), m }; // smallest normals
    case 6: return { se: sign | (0x7ffe - r.below(3)), m: r.chance(0.5) ? MASK64 : m }; // largest
    case 7: return { se: sign | 0x3fff, m: INT | BigInt(r.below(1 << 20)) }; // just above 1
    case 8: { // a small integer
      const v = BigInt(1 + r.below(1000));
      const bits = v.toString(2).length;
      return { se: sign | (0x3fff + bits - 1), m: v << BigInt(64 - bits) };
    }
    case 9: return { se: sign | (0x3fff - 1 + r.below(3)), m: INT | (BigInt(r.below(4)) << 61n) }; // .5, 1, 1.5, 2, ...
    case 10: return { se: sign | (0x3fff + 52 + r.below(12)), m }; // around the integer boundary of doubles
    case 11: return { se: sign | (0x3fff - 1022 - r.below(70)), m }; // around double's denormals
    case 12: return { se: sign | (0x3fff + 1020 + r.below(8)), m }; // around double's overflow
    case 13: return { se: sign | (0x3fff - 126 - r.below(30)), m }; // around float's denormals
    default: return { se: sign | (0x3fff - 20 + r.below(40)), m }; // ordinary
  }
}

function le(v: bigint, bytes: number): number[] {
  return Array.from({ length: bytes }, (_, i) => Number((v >> BigInt(8 * i)) & 0xffn));
}

/** Operand bytes: an 80-bit, double, single or integer image, or random bytes. */
function drawOperand(r: Prng, pool: Pool): number[] {
  const v = drawValue(r, pool);
  const out = Array.from({ length: 16 }, () => r.below(256));
  switch (r.below(5)) {
    case 0: le(v.m, 8).concat(le(BigInt(v.se), 2)).forEach((b, i) => (out[i] = b)); break;
    case 1: { // a double near the value (its top 52 fraction bits)
      const e = (v.se & 0x7fff) - 0x3fff + 1023;
      const ex = (v.se & 0x7fff) === 0x7fff ? 0x7ff : Math.max(0, Math.min(0x7ff, e));
      let bits = (BigInt(v.se >> 15) << 63n) | (BigInt(ex) << 52n) | ((v.m >> 11n) & ((1n << 52n) - 1n));
      if (!pool.snan && ex === 0x7ff && (bits & ((1n << 52n) - 1n)) !== 0n) bits |= 1n << 51n;
      le(bits, 8).forEach((b, i) => (out[i] = b));
      break;
    }
    case 2: { // a single
      const e = (v.se & 0x7fff) - 0x3fff + 127;
      const ex = (v.se & 0x7fff) === 0x7fff ? 0xff : Math.max(0, Math.min(0xff, e));
      let bits = (BigInt(v.se >> 15) << 31n) | (BigInt(ex) << 23n) | ((v.m >> 40n) & 0x7fffffn);
      if (!pool.snan && ex === 0xff && (bits & 0x7fffffn) !== 0n) bits |= 1n << 22n;
      le(bits, 4).forEach((b, i) => (out[i] = b));
      break;
    }
    case 3: le(BigInt.asUintN(64, BigInt(r.range(-40000, 40000))), 8).forEach((b, i) => (out[i] = b)); break;
    default: break;
  }
  if (!pool.snan) { // quiet whatever single or double the bytes make
    const f32 = out[0] | (out[1] << 8) | (out[2] << 16) | ((out[3] & 0x7f) << 24);
    if (f32 > 0x7f800000 && (f32 & 0x400000) === 0) out[2] |= 0x40;
    const f64hi = out[4] | (out[5] << 8) | (out[6] << 16) | ((out[7] & 0x7f) << 24);
    const f64lo = out[0] | (out[1] << 8) | (out[2] << 16) | (out[3] << 24);
    if ((f64hi >>> 20) === 0x7ff && ((f64hi & 0xfffff) !== 0 || f64lo !== 0) && (f64hi & 0x80000) === 0) out[6] |= 0x08;
  }
  return out;
}

// The x87 rows of the instruction table, each as a form: a memory form addresses [esi + disp8], a
// register form takes ST(i) from the case. Left out (X87_EXCLUSIONS) are the rows whose helpers
// qemu rewrote since 5.0 (Unicorn 2.0.1's x87), which the program corpus compares against
// qemu-i386 instead, and the rows that are not x87 arithmetic at all.
export interface Form { name: string; esc: number; reg: number; mem: boolean; rm?: number; undef: number; row: InsnForm }
/** C0, C2 and C3 (C1 is compared: it says which way a result was rounded, or stack faults). */
const ARITH = 0x4500;
/** Mnemonics that define C0 C2 C3 (compares, the environment) or leave the status word alone;
 *  after every other x87 instruction the SDM leaves them undefined. */
const DEFINES_CONDITIONS = new Set([
  "fcom", "fcomp", "fcompp", "ficom", "ficomp", "fucom", "fucomp", "fucompp", "ftst", "fxam",
  "fldenv", "fldcw", "fnstenv", "fnstcw", "fnstsw", "fnclex", "fninit", "fnop", "fdecstp", "fincstp",
]);

/** C0 and C3 are undefined after these; C2 says whether the operand was out of range. */
const DEFINES_C2 = new Set(["fptan", "fsin", "fcos", "fsincos"]);

export const X87_EXCLUSIONS: readonly Exclusion[] = [
  {
    reason: "qemu rewrote it since 5.0 (Unicorn's x87): the program corpus compares it against qemu-i386",
    rows: mnemonics("fprem", "fprem1", "fxtract", "fscale", "f2xm1", "fyl2x", "fyl2xp1", "fpatan", "fbld", "fbstp"),
  },
  { reason: "esc: the escapes the x87 leaves undefined, checked by test/instruction-table.test.ts", rows: mnemonics("esc") },
  { reason: "wait: it only delivers pending exceptions, and the cases keep them masked", rows: mnemonics("wait") },
];

function formOf(row: InsnForm): Form {
  const [esc, second] = row.opcode;
  const undef = DEFINES_CONDITIONS.has(row.mnemonic) ? 0 : DEFINES_C2.has(row.mnemonic) ? 0x4100 : ARITH;
  const mem = row.operands.find((o) => o.kind === "mem");
  if (mem) {
    const type = row.mnemonic.startsWith("fi") ? "int" : "fp";
    const name = mem.size ? `${row.mnemonic} m${mem.size}${type}` : row.mnemonic;
    return { name, esc, reg: row.modrm as number, mem: true, undef, row };
  }
  const reg = (second >> 3) & 7;
  if (row.plusReg) {
    const names = row.operands.map((o) => (o.kind === "tost" ? "st(i),st0" : o.kind === "st0" ? "st0" : "st(i)"));
    return { name: `${row.mnemonic} ${names.join(",")}`, esc, reg, mem: false, undef, row };
  }
  return { name: row.mnemonic + (row.operands.length ? " ax" : ""), esc, reg, mem: false, rm: second & 7, undef, row };
}

const X87_ROWS = partitionRows(X87_EXCLUSIONS, DISTINCT_ROWS.filter(isX87));
const FORMS: Form[] = X87_ROWS.fuzzed.map(formOf);
/** The x87 rows left out, with the reason of each. */
export const X87_EXCLUDED = X87_ROWS.excluded;
export const X87_FORMS: readonly Form[] = FORMS;

export const FORM_COUNT = FORMS.length;

export function generateX87Case(seed: number, index: number): X87Case {
  const r = Prng.forCase(seed, index);
  const f = FORMS[r.below(FORMS.length)];
  const modrm = f.mem ? (0x46 | (f.reg << 3)) : (0xc0 | (f.reg << 3) | (f.rm ?? r.below(8)));
  const code = f.mem ? [f.esc, modrm, 0] : [f.esc, modrm];
  const pool: Pool = { snan: !/m(32|64)fp/.test(f.name) };
  const regs = Array.from({ length: 8 }, () => drawValue(r, pool));
  // Precision control stays at 64 bits (qemu 5.0 and 7.2 differ below it); rounding varies
  // (except for the constants, which qemu 5.0 did not round by it); exceptions stay masked.
  const cw = 0x037f | (f.name.startsWith("fld") && !f.mem && f.reg === 5 ? 0 : r.below(4) << 10);
  const sw = (r.chance(0.3) ? r.below(0x40) : 0) | (r.chance(0.5) ? (r.below(8) << 8) | (r.chance(0.5) ? 0x4000 : 0) : 0);
  const eflags = 0x2 | (r.nextU32() & 0x8d5);
  return {
    seed, index, name: f.name, code, eflags, eax: r.nextU32(),
    fpu: { regs, top: r.below(8), cw, sw, empty: r.chance(0.5) ? 0 : r.below(256) },
    operand: drawOperand(r, pool),
    undefinedSw: f.undef,
  };
}

export const fmtValue = (v: X87Value) => `${v.se.toString(16).padStart(4, "0")}:${v.m.toString(16).padStart(16, "0")}`;
