// sin, cos and tan of a double, correctly rounded to nearest (up to the rare argument whose
// result lies within about 2^-100 relative of a midpoint between two doubles): the reduction of
// reduce.ts, Taylor series in double-double arithmetic on |r| <= pi/4, one final rounding.
// These are what qemu-i386 gets from its host's C library for fsin, fcos and fptan.
import { ddH, ddL, ddMul, ddAdd, ddDiv, fastTwoSum } from "./ddouble";
import { reduce, redK, redH, redL } from "./reduce";

// 1/n! for n = 0..30 as (hi, lo) (python3 scripts/trig-constants.py prints them).
const INV_FACT: StaticArray<f64> = [
  1.0, 0.0, // 1/0!
  1.0, 0.0, // 1/1!
  0.5, 0.0, // 1/2!
  0.16666666666666666, 9.25185853854297e-18, // 1/3!
  0.041666666666666664, 2.3129646346357427e-18, // 1/4!
  0.008333333333333333, 1.1564823173178714e-19, // 1/5!
  0.001388888888888889, -5.300543954373577e-20, // 1/6!
  0.0001984126984126984, 1.7209558293420705e-22, // 1/7!
  2.48015873015873e-05, 2.1511947866775882e-23, // 1/8!
  2.7557319223985893e-06, -1.858393274046472e-22, // 1/9!
  2.755731922398589e-07, 2.3767714622250297e-23, // 1/10!
  2.505210838544172e-08, -1.448814070935912e-24, // 1/11!
  2.08767569878681e-09, -1.20734505911326e-25, // 1/12!
  1.6059043836821613e-10, 1.2585294588752098e-26, // 1/13!
  1.1470745597729725e-11, 2.0655512752830745e-28, // 1/14!
  7.647163731819816e-13, 7.03872877733453e-30, // 1/15!
  4.779477332387385e-14, 4.399205485834081e-31, // 1/16!
  2.8114572543455206e-15, 1.6508842730861433e-31, // 1/17!
  1.5619206968586225e-16, 1.1910679660273754e-32, // 1/18!
  8.22063524662433e-18, 2.2141894119604265e-34, // 1/19!
  4.110317623312165e-19, 1.4412973378659527e-36, // 1/20!
  1.9572941063391263e-20, -1.3643503830087908e-36, // 1/21!
  8.896791392450574e-22, -7.911402614872376e-38, // 1/22!
  3.868170170630684e-23, -8.843177655482344e-40, // 1/23!
  1.6117375710961184e-24, -3.6846573564509766e-41, // 1/24!
  6.446950284384474e-26, -1.9330404233703465e-42, // 1/25!
  2.4795962632247976e-27, -1.2953730964765229e-43, // 1/26!
  9.183689863795546e-29, 1.4303150396787322e-45, // 1/27!
  3.279889237069838e-30, 1.5117542744029879e-46, // 1/28!
  1.1309962886447716e-31, 1.0498015412959506e-47, // 1/29!
  3.7699876288159054e-33, 2.5870347832750324e-49, // 1/30!
];
// sin r = r * (1 - z/3! + z^2/5! - ...) and cos r = 1 - z/2! + z^4/4! - ..., z = r^2 <= 0.62:
// the terms stop when z^n/(2n+1)! < 2^-110.
const SIN_TERMS: i32 = 15; // 1/1! .. 1/29!
const COS_TERMS: i32 = 16; // 1/0! .. 1/30!

// The default NaN an x86 host's SSE makes of an infinity (inf - inf, inf / inf).
const DEFAULT_NAN: u64 = 0xfff8000000000000;
const TINY: f64 = 7.450580596923828e-9; // 2^-27: below it sin x and tan x round to x, cos x to 1

let sH: f64 = 0; let sL: f64 = 0; // sin r
let cH: f64 = 0; let cL: f64 = 0; // cos r

// Horner's rule in z on the coefficients 1/(first + 2i)! with alternating signs.
function series(zH: f64, zL: f64, first: i32, terms: i32): void {
  let i = terms - 1;
  let n = first + 2 * i;
  let aH = unchecked(INV_FACT[2 * n]);
  let aL = unchecked(INV_FACT[2 * n + 1]);
  if ((i & 1) != 0) { aH = -aH; aL = -aL; }
  for (i--; i >= 0; i--) {
    n -= 2;
    ddMul(aH, aL, zH, zL);
    let qH = unchecked(INV_FACT[2 * n]);
    let qL = unchecked(INV_FACT[2 * n + 1]);
    if ((i & 1) != 0) { qH = -qH; qL = -qL; }
    ddAdd(ddH, ddL, qH, qL);
    aH = ddH; aL = ddL;
  }
  ddH = aH; ddL = aL;
}

// sin and cos of r = rH + rL, |r| <= pi/4 (about), into sH:sL and cH:cL.
function sinCosR(rH: f64, rL: f64, wantSin: bool, wantCos: bool): void {
  ddMul(rH, rL, rH, rL);
  let zH = ddH;
  let zL = ddL;
  if (wantSin) {
    series(zH, zL, 1, SIN_TERMS);
    ddMul(ddH, ddL, rH, rL);
    sH = ddH; sL = ddL;
  }
  if (wantCos) {
    series(zH, zL, 0, COS_TERMS);
    cH = ddH; cL = ddL;
  }
}

// The quadrant and r of x (reduction only beyond pi/4); the sign of x folds into both.
function prepare(x: f64): i32 {
  let ax = Math.abs(x);
  if (ax <= 0.7853981633974483) {
    redH = ax; redL = 0;
    if (x < 0) redH = -ax;
    return 0;
  }
  reduce(ax);
  if (x < 0) {
    redH = -redH; redL = -redL;
    return (4 - redK) & 3;
  }
  return redK;
}

export function sinCR(x: f64): f64 {
  if (!isFinite(x)) return isNaN(x) ? x : reinterpret<f64>(DEFAULT_NAN);
  if (Math.abs(x) < TINY) return x;
  let k = prepare(x);
  sinCosR(redH, redL, (k & 1) == 0, (k & 1) != 0);
  let v = (k & 1) == 0 ? sH + sL : cH + cL;
  return (k & 2) != 0 ? -v : v;
}

export function cosCR(x: f64): f64 {
  if (!isFinite(x)) return isNaN(x) ? x : reinterpret<f64>(DEFAULT_NAN);
  if (Math.abs(x) < TINY) return 1.0;
  let k = prepare(x);
  sinCosR(redH, redL, (k & 1) != 0, (k & 1) == 0);
  let v = (k & 1) == 0 ? cH + cL : sH + sL;
  return ((k + 1) & 2) != 0 ? -v : v;
}

export function tanCR(x: f64): f64 {
  if (!isFinite(x)) return isNaN(x) ? x : reinterpret<f64>(DEFAULT_NAN);
  if (Math.abs(x) < TINY) return x;
  let k = prepare(x);
  sinCosR(redH, redL, true, true);
  if ((k & 1) == 0) ddDiv(sH, sL, cH, cL);
  else ddDiv(-cH, -cL, sH, sL);
  return ddH + ddL;
}
