// Conversions between the 80-bit format and single, double and the integers, rounding to an
// integer (frndint, fist) and scaling by a power of two (fscale), as qemu's softfloat does them.
import {
  BIAS, INT_BIT, QUIET_BIT, RC_NEAREST, RC_UP, RC_DOWN, RC_ZERO, FE_INVALID, FE_INEXACT,
  FE_OVERFLOW, FE_UNDERFLOW, fpRound, fpPrec, result, defaultNaN, returnNaN, isInvalidEnc,
  isNaN80, isInf80, isZero80, signOf, unpackFinite, uExp, uM, roundPack, normRoundPack, repack,
  raise, fpExc, setExc,
} from "./float80";
import { wHi, wLo, shr128Jam } from "./wide";

// ---- into the 80-bit format ----
// A single or double: exact, but then rounded to the precision control like any result (qemu
// rounds fld m32/m64 through the same path).
function fromBinary(sign: u32, e: i32, frac: u64, fracBits: i32, bias: i32, expAll: i32): void {
  let top = frac << (63 - fracBits); // the fraction just below the integer bit
  if (e == expAll) {
    if (frac == 0) result((sign << 15) | 0x7fff, INT_BIT);
    else returnNaN((sign << 15) | 0x7fff, INT_BIT | top);
    return;
  }
  if (e == 0) {
    if (frac == 0) { result(sign << 15, 0); return; }
    let s = <i32>clz<u64>(top);
    roundPack(sign, 1 - bias + BIAS - s, top << s, 0, fpPrec);
    return;
  }
  roundPack(sign, e - bias + BIAS, INT_BIT | top, 0, fpPrec);
}

export function fromF32(bits: u32): void {
  fromBinary(bits >> 31, <i32>((bits >> 23) & 0xff), <u64>(bits & 0x7fffff), 23, 127, 0xff);
}

export function fromF64(bits: u64): void {
  fromBinary(<u32>(bits >> 63), <i32>((bits >> 52) & 0x7ff), bits & 0xfffffffffffff, 52, 1023, 0x7ff);
}

// An integer: fild loads it at full precision (exact); an integer operand of fiadd and the like
// is converted at the precision control's.
export function fromInt(v: i64, prec: i32): void {
  if (v == 0) { result(0, 0); return; }
  let sign: u32 = v < 0 ? 1 : 0;
  let mag: u64 = v < 0 ? <u64>0 - <u64>v : <u64>v;
  normRoundPack(sign, BIAS + 63, mag, 0, prec);
}

// ---- out of the 80-bit format ----
@inline function roundsUp(sign: u32, r: u64, half: u64, lsbOdd: bool): bool {
  if (r == 0) return false;
  if (fpRound == RC_NEAREST) return r > half || (r == half && lsbOdd);
  if (fpRound == RC_UP) return sign == 0;
  if (fpRound == RC_DOWN) return sign != 0;
  return false;
}

// A finite nonzero value rounded to a binary format of fracBits fraction bits and the given
// bias; returns its bits (sign excluded), raising what softfloat raises.
function toBinary(sign: u32, fracBits: i32, bias: i32, expAll: i32): u64 {
  let e = uExp - BIAS + bias;
  let m = uM;
  let shift = 63 - fracBits;
  let mask: u64 = (<u64>1 << shift) - 1;
  let unit: u64 = mask + 1;
  let fracMask: u64 = (<u64>1 << fracBits) - 1;
  if (e >= 1) {
    let r = m & mask;
    if (r != 0) raise(FE_INEXACT);
    let up = roundsUp(sign, r, unit >> 1, (m & unit) != 0);
    m &= ~mask;
    if (up) {
      m += unit;
      if (m == 0) { m = INT_BIT; e++; }
    }
    if (e >= expAll) {
      raise(FE_OVERFLOW | FE_INEXACT);
      let toMax = fpRound == RC_ZERO || (fpRound == RC_UP && sign != 0) || (fpRound == RC_DOWN && sign == 0);
      return toMax ? ((<u64>(expAll - 1) << fracBits) | fracMask) : (<u64>expAll << fracBits);
    }
    return (<u64>e << fracBits) | ((m >> shift) & fracMask);
  }
  let tiny = e < 0 || !((m | mask) == 0xffffffffffffffff && roundsUp(sign, m & mask, unit >> 1, true));
  shr128Jam(m, 0, 1 - e);
  m = wHi | (wLo != 0 ? 1 : 0);
  let r = m & mask;
  let up = roundsUp(sign, r, unit >> 1, (m & unit) != 0);
  m &= ~mask;
  if (up) m += unit;
  if (r != 0) {
    raise(FE_INEXACT);
    if (tiny) raise(FE_UNDERFLOW);
  }
  let ex: u64 = (m & INT_BIT) != 0 ? 1 : 0;
  return (ex << fracBits) | ((m >> shift) & fracMask);
}

function toFormat(se: u32, m: u64, fracBits: i32, bias: i32, expAll: i32): u64 {
  let sign = signOf(se);
  let signBit: u64 = <u64>sign << (fracBits + (fracBits == 52 ? 11 : 8));
  let infBits: u64 = <u64>expAll << fracBits;
  if (isInvalidEnc(se, m)) {
    raise(FE_INVALID);
    return (<u64>1 << (fracBits + (fracBits == 52 ? 11 : 8))) | infBits | (<u64>1 << (fracBits - 1));
  }
  if (isNaN80(se, m)) {
    if ((m & QUIET_BIT) == 0) raise(FE_INVALID);
    let q = (m | QUIET_BIT) & ~INT_BIT;
    return signBit | infBits | (q >> (63 - fracBits));
  }
  if (isInf80(se, m)) return signBit | infBits;
  if (isZero80(se, m)) return signBit;
  unpackFinite(se, m);
  return signBit | toBinary(sign, fracBits, bias, expAll);
}

export function toF64(se: u32, m: u64): u64 { return toFormat(se, m, 52, 1023, 0x7ff); }
export function toF32(se: u32, m: u64): u32 { return <u32>toFormat(se, m, 23, 127, 0xff); }

// ---- integers ----
// A finite nonzero value (unpacked in uExp/uM) rounded to an integer in the current mode:
// rInt is its magnitude, rIntBig is set when it does not fit 64 bits; returns inexactness.
export let rInt: u64 = 0;
export let rIntBig: bool = false;
function roundToIntMag(sign: u32, truncate: bool): bool {
  let E = uExp - BIAS;
  let m = uM;
  rIntBig = false;
  if (E >= 63) {
    rIntBig = E > 63;
    rInt = m;
    return false;
  }
  let mode = truncate ? RC_ZERO : fpRound;
  if (E < 0) {
    let up: bool;
    if (mode == RC_NEAREST) up = E == -1 && m > INT_BIT;
    else if (mode == RC_UP) up = sign == 0;
    else if (mode == RC_DOWN) up = sign != 0;
    else up = false;
    rInt = up ? 1 : 0;
    return true;
  }
  let ip = m >> (63 - E);
  let frac = m << (E + 1);
  let up: bool = false;
  if (frac != 0) {
    if (mode == RC_NEAREST) up = frac > INT_BIT || (frac == INT_BIT && (ip & 1) != 0);
    else if (mode == RC_UP) up = sign == 0;
    else if (mode == RC_DOWN) up = sign != 0;
  }
  rInt = ip + (up ? 1 : 0);
  return frac != 0;
}

// fist/fistp of `bits` 16, 32 or 64: the integer, or the integer indefinite (the most negative
// value) with only invalid raised when the value is a NaN or out of range.
export function toInt(se: u32, m: u64, bits: i32, truncate: bool): i64 {
  let indefinite: i64 = <i64>(<u64>1 << (bits - 1)) * -1;
  if (isInvalidEnc(se, m) || isNaN80(se, m) || isInf80(se, m)) {
    setExc(fpExc | FE_INVALID);
    return indefinite;
  }
  if (isZero80(se, m)) return 0;
  let sign = signOf(se);
  unpackFinite(se, m);
  let saved = fpExc;
  let inexact = roundToIntMag(sign, truncate);
  // qemu converts 16-bit stores through int32, then checks the int16 range.
  let limBits = bits == 16 ? 32 : bits;
  let maxPos: u64 = (<u64>1 << (limBits - 1)) - 1;
  let ok = !rIntBig && (sign != 0 ? rInt <= maxPos + 1 : rInt <= maxPos);
  if (ok && bits == 16) {
    let v: i64 = sign != 0 ? -<i64>rInt : <i64>rInt;
    ok = v >= -32768 && v <= 32767;
  }
  if (!ok) {
    setExc(saved | FE_INVALID);
    return indefinite;
  }
  if (inexact) raise(FE_INEXACT);
  return sign != 0 ? <i64>(<u64>0 - rInt) : <i64>rInt;
}

// frndint: round to an integer in the current mode, the result then rounded to the precision.
export function roundToInt80(se: u32, m: u64): void {
  if (isInvalidEnc(se, m)) { defaultNaN(); return; }
  if (isNaN80(se, m)) { returnNaN(se, m); return; }
  if (isInf80(se, m) || isZero80(se, m)) { result(se, m); return; }
  let sign = signOf(se);
  unpackFinite(se, m);
  // qemu takes a value as integral once its exponent reaches the precision's fraction size (63,
  // 52 or 23 bits): then it is only rounded to the precision, not to an integer.
  if (uExp - BIAS >= (fpPrec >= 64 ? 63 : fpPrec - 1)) { repack(se, m); return; }
  if (roundToIntMag(sign, false)) raise(FE_INEXACT);
  normRoundPack(sign, BIAS + 63, rInt, 0, fpPrec);
}

// fscale's core: the value times 2^n, rounded at the current precision.
export function scale80(se: u32, m: u64, n: i32): void {
  if (isInvalidEnc(se, m)) { defaultNaN(); return; }
  if (isNaN80(se, m)) { returnNaN(se, m); return; }
  if (isInf80(se, m) || isZero80(se, m)) { result(se, m); return; }
  if (n > 0x10000) n = 0x10000;
  if (n < -0x10000) n = -0x10000;
  unpackFinite(se, m);
  roundPack(signOf(se), uExp + n, uM, 0, fpPrec);
}

// ST1 truncated to an int32 as fscale reads it (saturating; NaNs never reach here).
export function scaleCount(se: u32, m: u64): i32 {
  if (isZero80(se, m)) return 0;
  let sign = signOf(se);
  unpackFinite(se, m);
  roundToIntMag(sign, true);
  if (rIntBig || rInt > 0x7fffffff) return sign != 0 ? -0x80000000 : 0x7fffffff;
  return sign != 0 ? -<i32>rInt : <i32>rInt;
}
