// The 80-bit extended format as integers: a value is `se` (sign << 15 | biased exponent, u32) and
// `m` (the 64-bit significand with its explicit integer bit). This file holds what every operation
// shares: the rounding environment, the exception flags an operation raises, NaN rules, and
// rounding a wider exact result to the format. The rules are qemu's softfloat as qemu-i386 runs
// the x87 (the oracle the tests compare with): tininess after rounding, x87 NaN propagation,
// precision control applied by rounding the significand while keeping the 15-bit exponent, and
// unnormals, pseudo-infinities and pseudo-NaNs rejected as invalid operands.
import { wHi, wLo, shr128Jam, shl128, clz128 } from "./wide";

// Exception flags, as the status word's low bits.
export const FE_INVALID: u32 = 0x01;
export const FE_DENORMAL: u32 = 0x02;
export const FE_ZERODIV: u32 = 0x04;
export const FE_OVERFLOW: u32 = 0x08;
export const FE_UNDERFLOW: u32 = 0x10;
export const FE_INEXACT: u32 = 0x20;

// Rounding control, the control word's RC encoding.
export const RC_NEAREST: u32 = 0;
export const RC_DOWN: u32 = 1;
export const RC_UP: u32 = 2;
export const RC_ZERO: u32 = 3;

export const EXP_MAX: i32 = 0x7fff;
export const BIAS: i32 = 0x3fff;
export const INT_BIT: u64 = 0x8000000000000000;
export const QUIET_BIT: u64 = 0x4000000000000000;
export const DEFAULT_NAN_SE: u32 = 0xffff; // the x87 "real indefinite": negative quiet NaN
export const DEFAULT_NAN_M: u64 = 0xc000000000000000;

// The environment of the operation under way (set from the control word) and what it raised.
export let fpRound: u32 = RC_NEAREST;
export let fpPrec: i32 = 64; // significand bits results are rounded to: 64, 53 or 24
export let fpExc: u32 = 0;
@inline export function setRound(rc: u32): void { fpRound = rc; }
@inline export function setPrec(p: i32): void { fpPrec = p; }
@inline export function raise(f: u32): void { fpExc |= f; }
@inline export function clearExc(): void { fpExc = 0; }
@inline export function setExc(f: u32): void { fpExc = f; }

// The result of an operation.
export let rSe: u32 = 0;
export let rM: u64 = 0;
@inline export function result(se: u32, m: u64): void { rSe = se; rM = m; }

// ---- classification of a raw value ----
@inline export function expOf(se: u32): i32 { return <i32>(se & 0x7fff); }
@inline export function signOf(se: u32): u32 { return (se >> 15) & 1; }
// Exponent nonzero without the integer bit: unnormal, pseudo-infinity, pseudo-NaN.
@inline export function isInvalidEnc(se: u32, m: u64): bool {
  return (m & INT_BIT) == 0 && (se & 0x7fff) != 0;
}
@inline export function isNaN80(se: u32, m: u64): bool {
  return (se & 0x7fff) == 0x7fff && (m << 1) != 0;
}
@inline export function isSNaN80(se: u32, m: u64): bool {
  return isNaN80(se, m) && (m & QUIET_BIT) == 0;
}
@inline export function isInf80(se: u32, m: u64): bool {
  return (se & 0x7fff) == 0x7fff && (m << 1) == 0;
}
@inline export function isZero80(se: u32, m: u64): bool {
  return (se & 0x7fff) == 0 && m == 0;
}

export function defaultNaN(): void {
  raise(FE_INVALID);
  result(DEFAULT_NAN_SE, DEFAULT_NAN_M);
}

// A NaN operand of a one-operand operation: a signaling NaN is quieted and raises invalid.
export function returnNaN(se: u32, m: u64): void {
  if ((m & QUIET_BIT) == 0) raise(FE_INVALID);
  result(se | 0x7fff, m | INT_BIT | QUIET_BIT);
}

// Two operands, at least one a NaN (neither an invalid encoding): the x87 rule. A signaling NaN
// raises invalid; a quiet NaN wins over a signaling one, a NaN over a number, and between two of a
// kind the larger significand, then the positive one.
export function pickNaN(ase: u32, am: u64, bse: u32, bm: u64): void {
  let aNaN = isNaN80(ase, am);
  let bNaN = isNaN80(bse, bm);
  let aS = aNaN && (am & QUIET_BIT) == 0;
  let bS = bNaN && (bm & QUIET_BIT) == 0;
  if (aS || bS) raise(FE_INVALID);
  let fa = am & ~INT_BIT;
  let fb = bm & ~INT_BIT;
  let aLarger = fa > fb || (fa == fb && signOf(ase) < signOf(bse));
  let pickB: bool;
  if (aS) pickB = bS ? !aLarger : bNaN;
  else if (aNaN) pickB = bNaN && !bS ? !aLarger : false;
  else pickB = true;
  let se = pickB ? bse : ase;
  let m = pickB ? bm : am;
  result(se | 0x7fff, m | INT_BIT | QUIET_BIT);
}

// ---- unpacking finite values: exponent and a significand with its top bit set ----
export let uExp: i32 = 0;
export let uM: u64 = 0;
// A finite nonzero value (denormals and pseudo-denormals included) as uExp, uM normalized: the
// exponent may fall below 1.
export function unpackFinite(se: u32, m: u64): void {
  let e = expOf(se);
  if (e == 0) {
    let s = <i32>clz<u64>(m);
    uExp = 1 - s;
    uM = m << s;
  } else {
    uExp = e;
    uM = m;
  }
}

// Would an increment at the rounding position be applied? `r` the bits below that position,
// `half` the value of its half, `lsbOdd` the kept part's lowest bit.
@inline function roundsUp(sign: u32, r: u64, half: u64, lsbOdd: bool): bool {
  if (r == 0) return false;
  switch (fpRound) {
    case RC_NEAREST: return r > half || (r == half && lsbOdd);
    case RC_UP: return sign == 0;
    case RC_DOWN: return sign != 0;
    default: return false;
  }
}

// Rounds the exact value m0:m1 * 2^(exp - BIAS - 63) (m0 normalized: top bit set; exp may be out
// of range) to `prec` significand bits in the current mode and packs it into rSe/rM, raising
// inexact, overflow and underflow as softfloat does.
export function roundPack(sign: u32, exp: i32, m0: u64, m1: u64, prec: i32): void {
  let mask: u64 = prec >= 64 ? 0 : ((<u64>1 << (64 - prec)) - 1);
  if (prec < 64 && m1 != 0) { m0 |= 1; m1 = 0; }
  let unit: u64 = mask + 1; // the increment of the last kept bit (0 means bit 0 of m0, from m1)
  if (exp >= 1) {
    let up: bool;
    let inexact: bool;
    if (prec >= 64) {
      inexact = m1 != 0;
      up = roundsUp(sign, m1, INT_BIT, (m0 & 1) != 0);
      if (up) {
        m0 += 1;
        if (m0 == 0) { m0 = INT_BIT; exp++; }
      }
    } else {
      let r = m0 & mask;
      inexact = r != 0;
      up = roundsUp(sign, r, unit >> 1, (m0 & unit) != 0);
      m0 &= ~mask;
      if (up) {
        m0 += unit;
        if (m0 == 0) { m0 = INT_BIT; exp++; }
      }
    }
    if (inexact) raise(FE_INEXACT);
    if (exp >= EXP_MAX) {
      raise(FE_OVERFLOW | FE_INEXACT);
      let toMax = fpRound == RC_ZERO || (fpRound == RC_UP && sign != 0) || (fpRound == RC_DOWN && sign == 0);
      if (toMax) result((sign << 15) | 0x7ffe, 0xffffffffffffffff & ~mask);
      else result((sign << 15) | 0x7fff, INT_BIT);
      return;
    }
    result((sign << 15) | <u32>exp, m0);
    return;
  }
  // Below the normal range: tiny unless rounding at the normal position carries to 2^(1-BIAS).
  let tiny = exp < 0;
  if (!tiny) {
    if (prec >= 64) tiny = !(m0 == 0xffffffffffffffff && roundsUp(sign, m1, INT_BIT, true));
    else tiny = !((m0 | mask) == 0xffffffffffffffff && roundsUp(sign, m0 & mask, unit >> 1, true));
  }
  shr128Jam(m0, m1, 1 - exp);
  m0 = wHi;
  m1 = wLo;
  if (prec < 64 && m1 != 0) m0 |= 1;
  let inexact: bool;
  if (prec >= 64) {
    inexact = m1 != 0;
    if (roundsUp(sign, m1, INT_BIT, (m0 & 1) != 0)) m0 += 1;
  } else {
    let r = m0 & mask;
    inexact = r != 0;
    let up = roundsUp(sign, r, unit >> 1, (m0 & unit) != 0);
    m0 &= ~mask;
    if (up) m0 += unit;
  }
  if (inexact) {
    raise(FE_INEXACT);
    if (tiny) raise(FE_UNDERFLOW);
  }
  result((sign << 15) | ((m0 & INT_BIT) != 0 ? 1 : 0), m0);
}

// roundPack for a significand that need not be normalized (zero gives a zero of that sign).
export function normRoundPack(sign: u32, exp: i32, m0: u64, m1: u64, prec: i32): void {
  let s = clz128(m0, m1);
  if (s >= 128) { result(sign << 15, 0); return; }
  shl128(m0, m1, s);
  roundPack(sign, exp - s, wHi, wLo, prec);
}

// Rounds a representable 80-bit value to the current precision (results that pass an operand
// through, as qemu repacks them).
export function repack(se: u32, m: u64): void {
  if (isZero80(se, m)) { result(se & 0x8000, 0); return; }
  unpackFinite(se, m);
  roundPack(signOf(se), uExp, uM, 0, fpPrec);
}
