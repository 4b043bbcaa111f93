// Argument reduction by pi/2 for sin, cos and tan: x = k * pi/2 + r, |r| <= pi/4, r as a
// double-double accurate to about 2^-104 relative to r itself, for every finite double.
// Payne-Hanek: x * 2/pi is computed exactly enough in fixed point (the 53-bit significand
// times the 320 bits of 2/pi that matter at x's exponent; the bits above give multiples of 4,
// the bits below less than 2^-200), so no cancellation can hurt: the doubles closest to a
// multiple of pi/2 leave |r| about 2^-61 times their size, and 190 fraction bits remain.
import { ddH, ddL, ddMul, fastTwoSum } from "./ddouble";
import { wHi, wLo, mul64 } from "./wide";

// 2/pi = sum of W[j] * 2^(-64(j+1)) (python3 scripts/trig-constants.py prints them).
const TWO_OVER_PI: StaticArray<u64> = [
  0xa2f9836e4e441529, 0xfc2757d1f534ddc0, 0xdb6295993c439041,
  0xfe5163abdebbc561, 0xb7246e3a424dd2e0, 0x06492eea09d1921c,
  0xfe1deb1cb129a73e, 0xe88235f52ebb4484, 0xe99c7026b45f7e41,
  0x3991d639835339f4, 0x9c845f8bbdf9283b, 0x1ff897ffde05980f,
  0xef2f118b5a0a6d1f, 0x6d367ecf27cb09b7, 0x4f463f669e5fea2d,
  0x7527bac7ebe5f17b, 0x3d0739f78a5292ea, 0x6bfb5fb11f8d5d08,
  0x56033046fc7b6bab, 0xf0cfbc209af4361d, 0xa9e391615ee61b08,
  0x6599855f14a06840, 0x8dffd8804d732731, 0x06061556ca73a8c9,
];
// pi/2 as a double-double.
const PIO2_HI: f64 = 1.5707963267948966;
const PIO2_LO: f64 = 6.123233995736766e-17;

// The quadrant k mod 4 and r = redH + redL of the last reduce().
export let redK: i32 = 0;
export let redH: f64 = 0;
export let redL: f64 = 0;

// The product of the significand and five words of 2/pi, least significant word first.
const acc = new StaticArray<u64>(7);

// Adds the 128-bit value hi:lo at word w of acc, carrying upwards.
function accAdd(w: i32, hi: u64, lo: u64): void {
  let s = unchecked(acc[w]) + lo;
  let c: u64 = s < lo ? 1 : 0;
  unchecked(acc[w] = s);
  let t = unchecked(acc[w + 1]) + hi;
  let c2: u64 = t < hi ? 1 : 0;
  let t2 = t + c;
  if (t2 < c) c2++;
  unchecked(acc[w + 1] = t2);
  for (let i = w + 2; c2 != 0 && i < 7; i++) {
    let v = unchecked(acc[i]) + c2;
    c2 = v < c2 ? 1 : 0;
    unchecked(acc[i] = v);
  }
}

// 64 bits of acc starting at bit b (0 <= b <= 384 - 64).
function bitsAt(b: i32): u64 {
  let w = b >> 6;
  let s = b & 63;
  let lo = unchecked(acc[w]);
  if (s == 0) return lo;
  return (lo >> <u64>s) | (unchecked(acc[w + 1]) << <u64>(64 - s));
}

// 2^n for -1022 <= n <= 1023.
@inline function pow2(n: i32): f64 {
  return reinterpret<f64>(<u64>(n + 1023) << 52);
}

// Reduces |x| (finite, |x| >= 2^-30; callers handle sign, zero and non-finite values).
export function reduce(x: f64): void {
  let bits = reinterpret<u64>(x) & 0x7fffffffffffffff;
  let be = <i32>(bits >> 52);
  let m = (bits & 0xfffffffffffff) | 0x10000000000000;
  let e = be - 1075; // |x| = m * 2^e
  if (be == 0) { m = bits; e = -1074; }
  // Word j weighs m * W[j] * 2^(e - 64(j+1)); words with e - 64(j+1) >= 2 give multiples of 4.
  let j0 = 0;
  while (e - 64 * (j0 + 1) >= 2) j0++;
  for (let i = 0; i < 7; i++) unchecked(acc[i] = 0);
  for (let i = 0; i < 5; i++) {
    mul64(m, unchecked(TWO_OVER_PI[j0 + i]));
    accAdd(4 - i, wHi, wLo);
  }
  // acc * 2^(e - 64(j0+5)) = x * 2/pi (mod 4, less than 2^-200): the binary point is p bits up.
  let p = 64 * (j0 + 5) - e;
  // 2 integer bits and 190 fraction bits.
  let hi = bitsAt(p - 62);
  let mid = bitsAt(p - 126);
  let lo = bitsAt(p - 190);
  // The nearest integer k; f = y - k in [-1/2, 1/2) in two's complement (wrapping is mod 4).
  let k = (hi + 0x2000000000000000) >> 62;
  hi -= k << 62;
  let neg = (hi >> 63) != 0;
  if (neg) { // negate the 192-bit value
    lo = ~lo; mid = ~mid; hi = ~hi;
    lo += 1;
    if (lo == 0) { mid += 1; if (mid == 0) hi += 1; }
  }
  redK = <i32>k;
  // Normalise so that the leading one is bit 63 of hi, then f = (hi:mid) * 2^(-62-64-shift).
  let shift = 0;
  while (hi == 0 && shift < 128) { hi = mid; mid = lo; lo = 0; shift += 64; }
  if (hi == 0) { redH = 0; redL = 0; return; }
  let z = <i32>clz<u64>(hi);
  if (z != 0) {
    hi = (hi << <u64>z) | (mid >> <u64>(64 - z));
    mid = (mid << <u64>z) | (lo >> <u64>(64 - z));
  }
  shift += z;
  // The top 53 bits exactly, the next 64 rounded once: f to about 2^-116.
  let unit = -62 - 64 - shift; // hi:mid is an integer times 2^unit
  let fh = <f64>(hi >> 11) * pow2(unit + 75);
  let fl = <f64>(((hi & 0x7ff) << 53) | (mid >> 11)) * pow2(unit + 11);
  fastTwoSum(fh, fl);
  if (neg) { ddH = -ddH; ddL = -ddL; }
  ddMul(ddH, ddL, PIO2_HI, PIO2_LO);
  redH = ddH;
  redL = ddL;
}
