// One x87 fuzz case: a whole FPU state (eight 80-bit registers by physical number, TOP, control,
// status and tag words), EFLAGS, a memory operand's bytes, and one x87 instruction; the same
// layout for both emulators. Values are drawn toward the edges: zeros, infinities, NaNs (quiet
// and signaling), denormals, unnormals, the largest and smallest, halfway cases, integers.
import { Prng } from "../../../src/util/prng";

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

// The instruction forms Unicorn 2.0.1 (qemu 5.0's x87) executes as qemu-i386 7.2 does, with
// their undefined status bits (C0 C2 C3 = 0x4500 after arithmetic). Memory forms address
// [esi + disp8]; register forms take ST(i) from the case. Forms whose helpers qemu rewrote since
// 5.0 (fprem, fprem1, fxtract, fscale, the transcendentals, BCD) are compared against
// qemu-i386 by the program corpus instead.
interface Form { name: string; esc: number; reg: number; mem: boolean; rm?: number; undef: number }
const ARITH = 0x4500;
const FORMS: Form[] = [];
const mem = (name: string, esc: number, reg: number, undef = ARITH) => FORMS.push({ name, esc, reg, mem: true, undef });
const sti = (name: string, esc: number, reg: number, undef = ARITH) => FORMS.push({ name, esc, reg, mem: false, undef });
const fixed = (name: string, esc: number, reg: number, rm: number, undef = ARITH) => FORMS.push({ name, esc, reg, mem: false, rm, undef });
const OPS = ["fadd", "fmul", "fcom", "fcomp", "fsub", "fsubr", "fdiv", "fdivr"];
OPS.forEach((op, reg) => {
  const u = reg === 2 || reg === 3 ? 0 : ARITH;
  mem(`${op} m32fp`, 0xd8, reg, u); mem(`${op} m64fp`, 0xdc, reg, u);
  mem(`fi${op.slice(1)} m32int`, 0xda, reg, u); mem(`fi${op.slice(1)} m16int`, 0xde, reg, u);
  sti(`${op} st0,st(i)`, 0xd8, reg, u);
  if (reg !== 2 && reg !== 3) { sti(`${op} st(i),st0`, 0xdc, reg); sti(`${op}p st(i),st0`, 0xde, reg); }
});
mem("fld m32fp", 0xd9, 0); mem("fst m32fp", 0xd9, 2); mem("fstp m32fp", 0xd9, 3);
mem("fldenv", 0xd9, 4, 0); mem("fldcw", 0xd9, 5, 0); mem("fnstenv", 0xd9, 6, 0); mem("fnstcw", 0xd9, 7, 0);
mem("fild m32int", 0xdb, 0); mem("fist m32int", 0xdb, 2); mem("fistp m32int", 0xdb, 3);
mem("fld m80fp", 0xdb, 5); mem("fstp m80fp", 0xdb, 7);
mem("fld m64fp", 0xdd, 0); mem("fst m64fp", 0xdd, 2); mem("fstp m64fp", 0xdd, 3); mem("fnstsw m16", 0xdd, 7, 0);
mem("fild m16int", 0xdf, 0); mem("fist m16int", 0xdf, 2); mem("fistp m16int", 0xdf, 3);
mem("fild m64int", 0xdf, 5); mem("fistp m64int", 0xdf, 7);
sti("fld st(i)", 0xd9, 0); sti("fxch", 0xd9, 1);
["fcmovb", "fcmove", "fcmovbe", "fcmovu"].forEach((n, reg) => sti(n, 0xda, reg));
["fcmovnb", "fcmovne", "fcmovnbe", "fcmovnu"].forEach((n, reg) => sti(n, 0xdb, reg));
sti("fucomi", 0xdb, 5); sti("fcomi", 0xdb, 6); sti("fucomip", 0xdf, 5); sti("fcomip", 0xdf, 6);
sti("ffree", 0xdd, 0); sti("fst st(i)", 0xdd, 2); sti("fstp st(i)", 0xdd, 3);
sti("fucom", 0xdd, 4, 0); sti("fucomp", 0xdd, 5, 0);
fixed("fucompp", 0xda, 5, 1, 0); fixed("fcompp", 0xde, 3, 1, 0); fixed("fnstsw ax", 0xdf, 4, 0, 0);
fixed("fnclex", 0xdb, 4, 2, 0); fixed("fninit", 0xdb, 4, 3, 0); fixed("fnop", 0xd9, 2, 0, 0);
[["fchs", 0], ["fabs", 1], ["ftst", 4], ["fxam", 5]].forEach(([n, rm]) => fixed(n as string, 0xd9, 4, rm as number, n === "fchs" || n === "fabs" ? ARITH : 0));
["fld1", "fldl2t", "fldl2e", "fldpi", "fldlg2", "fldln2", "fldz"].forEach((n, rm) => fixed(n, 0xd9, 5, rm));
fixed("fdecstp", 0xd9, 6, 6, 0); fixed("fincstp", 0xd9, 6, 7, 0);
fixed("fsqrt", 0xd9, 7, 2); fixed("frndint", 0xd9, 7, 4);
// C0 and C3 are undefined after these; C2 says out of range.
fixed("fptan", 0xd9, 6, 2, 0x4100); fixed("fsincos", 0xd9, 7, 3, 0x4100); fixed("fsin", 0xd9, 7, 6, 0x4100); fixed("fcos", 0xd9, 7, 7, 0x4100);

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
