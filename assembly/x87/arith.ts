// Correctly rounded add, subtract, multiply, divide and square root of 80-bit values, at the
// precision and in the rounding mode of float80.ts's environment. Special operands follow
// softfloat's order: invalid encodings, then NaNs, then infinities and zeros.
import {
  BIAS, INT_BIT, RC_DOWN, FE_ZERODIV, fpRound, fpPrec, result, defaultNaN, pickNaN, returnNaN,
  isInvalidEnc, isNaN80, isInf80, isZero80, signOf, expOf, unpackFinite, uExp, uM, roundPack,
  normRoundPack, repack, raise,
} from "./float80";
import { wHi, wLo, mul64, shr128Jam, shl128, le128 } from "./wide";

export function add80(ase: u32, am: u64, bse: u32, bm: u64, subtract: bool): void {
  if (isInvalidEnc(ase, am) || isInvalidEnc(bse, bm)) { defaultNaN(); return; }
  if (isNaN80(ase, am) || isNaN80(bse, bm)) { pickNaN(ase, am, bse, bm); return; }
  let as = signOf(ase);
  let bs = signOf(bse) ^ (subtract ? 1 : 0);
  let aInf = isInf80(ase, am);
  let bInf = isInf80(bse, bm);
  if (aInf || bInf) {
    if (aInf && bInf && as != bs) { defaultNaN(); return; }
    result(((aInf ? as : bs) << 15) | 0x7fff, INT_BIT);
    return;
  }
  let aZero = isZero80(ase, am);
  let bZero = isZero80(bse, bm);
  if (aZero && bZero) {
    let s: u32 = as == bs ? as : (fpRound == RC_DOWN ? 1 : 0);
    result(s << 15, 0);
    return;
  }
  if (bZero) { repack(ase, am); return; }
  if (aZero) { repack((bs << 15) | <u32>expOf(bse), bm); return; }
  unpackFinite(ase, am);
  let ea = uExp;
  let ma = uM;
  unpackFinite(bse, bm);
  let eb = uExp;
  let mb = uM;
  if (as == bs) {
    if (ea < eb) {
      let t = ea; ea = eb; eb = t;
      let u = ma; ma = mb; mb = u;
    }
    shr128Jam(mb, 0, ea - eb);
    let m1 = wLo;
    let m0 = ma + wHi;
    if (m0 < ma) { // carry out: one more bit
      shr128Jam(m0, m1, 1);
      m0 = wHi | INT_BIT;
      m1 = wLo;
      ea++;
    }
    roundPack(as, ea, m0, m1, fpPrec);
    return;
  }
  // Opposite signs: subtract the smaller magnitude from the larger.
  if (ea == eb && ma == mb) {
    result((fpRound == RC_DOWN ? <u32>1 : 0) << 15, 0);
    return;
  }
  let sign = as;
  if (ea < eb || (ea == eb && ma < mb)) {
    let t = ea; ea = eb; eb = t;
    let u = ma; ma = mb; mb = u;
    sign = bs;
  }
  shr128Jam(mb, 0, ea - eb);
  let r1 = <u64>0 - wLo;
  let r0 = ma - wHi - (wLo != 0 ? 1 : 0);
  normRoundPack(sign, ea, r0, r1, fpPrec);
}

export function mul80(ase: u32, am: u64, bse: u32, bm: u64): void {
  if (isInvalidEnc(ase, am) || isInvalidEnc(bse, bm)) { defaultNaN(); return; }
  if (isNaN80(ase, am) || isNaN80(bse, bm)) { pickNaN(ase, am, bse, bm); return; }
  let sign = signOf(ase) ^ signOf(bse);
  let aInf = isInf80(ase, am);
  let bInf = isInf80(bse, bm);
  let aZero = isZero80(ase, am);
  let bZero = isZero80(bse, bm);
  if ((aInf && bZero) || (bInf && aZero)) { defaultNaN(); return; }
  if (aInf || bInf) { result((sign << 15) | 0x7fff, INT_BIT); return; }
  if (aZero || bZero) { result(sign << 15, 0); return; }
  unpackFinite(ase, am);
  let ea = uExp;
  let ma = uM;
  unpackFinite(bse, bm);
  let e = ea + uExp - BIAS + 1;
  mul64(ma, uM);
  let hi = wHi;
  let lo = wLo;
  if ((hi & INT_BIT) == 0) {
    shl128(hi, lo, 1);
    hi = wHi;
    lo = wLo;
    e--;
  }
  roundPack(sign, e, hi, lo, fpPrec);
}

export function div80(ase: u32, am: u64, bse: u32, bm: u64): void {
  if (isInvalidEnc(ase, am) || isInvalidEnc(bse, bm)) { defaultNaN(); return; }
  if (isNaN80(ase, am) || isNaN80(bse, bm)) { pickNaN(ase, am, bse, bm); return; }
  let sign = signOf(ase) ^ signOf(bse);
  let aInf = isInf80(ase, am);
  let bInf = isInf80(bse, bm);
  let aZero = isZero80(ase, am);
  let bZero = isZero80(bse, bm);
  if ((aInf && bInf) || (aZero && bZero)) { defaultNaN(); return; }
  if (aInf) { result((sign << 15) | 0x7fff, INT_BIT); return; }
  if (aZero || bInf) { result(sign << 15, 0); return; }
  if (bZero) { raise(FE_ZERODIV); result((sign << 15) | 0x7fff, INT_BIT); return; }
  unpackFinite(ase, am);
  let ea = uExp;
  let ma = uM;
  unpackFinite(bse, bm);
  let mb = uM;
  let e = ea - uExp + BIAS;
  // Restoring division: 128 quotient bits of ma / mb (the first is the units bit), then sticky.
  let rem = ma;
  let q0: u64 = 0;
  let q1: u64 = 0;
  for (let i = 0; i < 128; i++) {
    let bit: u64 = 0;
    if (i > 0) {
      let carry = (rem & INT_BIT) != 0;
      rem <<= 1;
      if (carry || rem >= mb) { rem -= mb; bit = 1; }
    } else if (rem >= mb) {
      rem -= mb;
      bit = 1;
    }
    q0 = (q0 << 1) | (q1 >> 63);
    q1 = (q1 << 1) | bit;
  }
  if (rem != 0) q1 |= 1;
  if ((q0 & INT_BIT) == 0) {
    shl128(q0, q1, 1);
    q0 = wHi;
    q1 = wLo | (rem != 0 ? 1 : 0);
    e--;
  }
  roundPack(sign, e, q0, q1, fpPrec);
}

export function sqrt80(se: u32, m: u64): void {
  if (isInvalidEnc(se, m)) { defaultNaN(); return; }
  if (isNaN80(se, m)) { returnNaN(se, m); return; }
  if (isZero80(se, m)) { result(se & 0x8000, 0); return; }
  if (signOf(se) != 0) { defaultNaN(); return; }
  if (isInf80(se, m)) { result(0x7fff, INT_BIT); return; }
  unpackFinite(se, m);
  let E = uExp - BIAS;
  // Radicand R = m << 63 (E even) or m << 64 (E odd): its root has exactly 64 bits.
  let rHi: u64;
  let rLo: u64;
  if ((E & 1) == 0) { rHi = uM >> 1; rLo = uM << 63; } else { rHi = uM; rLo = 0; }
  let r: u64 = 0;
  for (let b = 63; b >= 0; b--) {
    let t = r | (<u64>1 << b);
    mul64(t, t);
    if (le128(wHi, wLo, rHi, rLo)) r = t;
  }
  mul64(r, r);
  // remainder = R - r*r (at most 2r, so 65 bits); the root's fraction is above one half exactly
  // when the remainder exceeds r (it is never exactly one half).
  let remLo = rLo - wLo;
  let remHi = rHi - wHi - (rLo < wLo ? 1 : 0);
  let extra: u64 = 0;
  if (remHi != 0 || remLo > r) extra = 0xc000000000000000;
  else if (remLo != 0) extra = 0x4000000000000000;
  roundPack(0, (E >> 1) + BIAS, r, extra, fpPrec);
}
