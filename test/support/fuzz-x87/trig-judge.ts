// fsin, fcos, fptan and fsincos in qemu (and so Unicorn) round ST0 to a double, call the host's
// glibc and widen its result; glibc misrounds a few results in a thousand, the core rounds
// correctly. A register that differs in a trig result is a glibc misrounding when the two differ
// by one ulp of a double, the true value (../exact-trig.ts, 320 bits) lies between them, and the
// core's is the nearer.
import { exactTrig, nearer, x80Fixed } from "../exact-trig";
import type { X87Case } from "./case";

type Fn = "sin" | "cos" | "tan";
/** The functions each instruction leaves, by its offset from the old TOP (0: the old ST0's
 *  register, -1: the register pushed). */
const RESULTS: Record<string, [number, Fn][]> = {
  fsin: [[0, "sin"]],
  fcos: [[0, "cos"]],
  fptan: [[0, "tan"]],
  fsincos: [[0, "sin"], [-1, "cos"]],
};

/** An 80-bit value as a double's bits, rounded by the control word's RC as qemu's
 *  floatx80_to_double does; undefined outside the doubles' normal range. */
function toDoubleBits(se: number, m: bigint, cw: number): bigint | undefined {
  const e = (se & 0x7fff) - 16383;
  if (e < -1022 || e > 1023 || (m >> 63n) === 0n) return undefined;
  const neg = (se & 0x8000) !== 0;
  let q = m >> 11n;
  const rest = m & 0x7ffn;
  const rc = (cw >> 10) & 3;
  const up = rc === 0 ? rest > 0x400n || (rest === 0x400n && (q & 1n) === 1n) : rc === 1 ? neg && rest !== 0n : rc === 2 ? !neg && rest !== 0n : false;
  if (up) q += 1n;
  let be = e + 1023;
  if (q >> 53n) { q >>= 1n; be++; }
  if (be > 2046) return undefined;
  return (neg ? 1n << 63n : 0n) | (BigInt(be) << 52n) | (q & ((1n << 52n) - 1n));
}

const parse = (r: string): [number, bigint] => {
  const [se, m] = r.split(":");
  return [parseInt(se, 16), BigInt(`0x${m}`)];
};

/** Whether register i's values (Unicorn's `theirs`, the core's `ours`) differ only by glibc's
 *  misrounding of this case's trig result. */
export function glibcMisrounding(c: X87Case, i: number, theirs: string, ours: string): boolean {
  const results = RESULTS[c.name];
  if (!results) return false;
  const x = c.fpu.regs[c.fpu.top];
  const bits = toDoubleBits(x.se, x.m, c.fpu.cw);
  if (bits === undefined) return false;
  const fn = results.find(([offset]) => ((c.fpu.top + offset) & 7) === i)?.[1];
  if (!fn) return false;
  const [tSe, tM] = parse(theirs);
  const [oSe, oM] = parse(ours);
  const d = tM > oM ? tM - oM : oM - tM;
  if (tSe !== oSe || d !== 0x800n) return false;
  // The true value lies between the two (they are its neighbours) and nearer to ours.
  const [o, t, exact] = [x80Fixed(oSe, oM), x80Fixed(tSe, tM), exactTrig(fn, bits)];
  const between = (o <= exact && exact <= t) || (t <= exact && exact <= o);
  return between && nearer(o, t, exact);
}
