// The x87's own operations on the stack: partial remainders (fprem, fprem1), fxtract, fscale,
// fxam and the constants, with the condition bits qemu-i386 sets.
import {
  BIAS, INT_BIT, RC_DOWN, RC_UP, RC_ZERO, FE_ZERODIV, FE_INVALID, FE_DENORMAL, fpRound, rSe, rM,
  result, raise, defaultNaN, pickNaN, returnNaN, isInvalidEnc, isNaN80, isSNaN80, isInf80,
  isZero80, signOf, expOf, unpackFinite, uExp, uM, normRoundPack, setPrec, fpPrec, QUIET_BIT, repack,
} from "./float80";
import { add80 } from "./arith";
import { scale80, scaleCount, fromInt } from "./convert";
import { stSe, stM, setSt, fpush, setCC, isEmpty } from "./state";

// The exact remainder of a / b with the quotient truncated (mod) or rounded to nearest even, then
// rounded to the precision control as any result (qemu's floatx80_modrem). remQuot receives the
// low 64 bits of the truncated quotient's magnitude; qemu computes none for the IEEE remainder
// (fprem1), so it stays 0 there.
export let remQuot: u64 = 0;
export function modrem80(ase: u32, am: u64, bse: u32, bm: u64, mod: bool): void {
  remQuot = 0;
  if (isInvalidEnc(ase, am) || isInvalidEnc(bse, bm)) { defaultNaN(); return; }
  if (isNaN80(ase, am) || isNaN80(bse, bm)) { pickNaN(ase, am, bse, bm); return; }
  if (isInf80(ase, am) || isZero80(bse, bm)) { defaultNaN(); return; }
  if (isInf80(bse, bm) || isZero80(ase, am)) { repack(ase, am); return; }
  let sign = signOf(ase);
  unpackFinite(ase, am);
  let ea = uExp;
  let ma = uM;
  unpackFinite(bse, bm);
  let eb = uExp;
  let mb = uM;
  let d = ea - eb;
  if (d < 0) {
    if (mod || d < -1 || ma <= mb) { repack(ase, am); return; }
    // |a| is in (|b| / 2, |b|): the nearest quotient is 1, the remainder |b| - |a| with a's sign
    // flipped (exact, by Sterbenz).
    let saved = fpPrec;
    setPrec(64);
    add80(bse & 0x7fff, bm, ase & 0x7fff, am, true);
    setPrec(saved);
    repack(rSe ^ ((sign ^ 1) << 15), rM);
    return;
  }
  // Restoring division, one quotient bit per exponent step.
  let rem = ma;
  let q: u64 = 0;
  if (rem >= mb) { rem -= mb; q = 1; }
  for (let i = 0; i < d; i++) {
    let carry = (rem & INT_BIT) != 0;
    rem <<= 1;
    q <<= 1;
    if (carry || rem >= mb) { rem -= mb; q |= 1; }
  }
  if (mod) {
    remQuot = q;
  } else {
    // Round the quotient to nearest (ties to even): compare 2 * rem with mb.
    let twiceOver = (rem & INT_BIT) != 0 || (rem << 1) > mb;
    let tie = (rem & INT_BIT) == 0 && (rem << 1) == mb;
    if (twiceOver || (tie && (q & 1) != 0)) {
      rem = mb - rem;
      sign ^= 1;
    }
  }
  normRoundPack(sign, eb, rem, 0, fpPrec);
}

// fprem (mod) and fprem1: ST0 = partial remainder of ST0 / ST1; C2 set while incomplete, else
// C0 C3 C1 = quotient bits 2 1 0.
export function fprem(mod: bool): void {
  let ase = stSe(0);
  let am = stM(0);
  let bse = stSe(1);
  let bm = stM(1);
  setCC(0x4700, 0);
  let ea = expOf(ase);
  let eb = expOf(bse);
  if (isZero80(ase, am) || isZero80(bse, bm) || ea == 0x7fff || eb == 0x7fff ||
    isInvalidEnc(ase, am) || isInvalidEnc(bse, bm)) {
    modrem80(ase, am, bse, bm, mod);
    setSt(0, rSe, rM);
    return;
  }
  if (ea == 0) ea = 1 - <i32>clz<u64>(am);
  if (eb == 0) eb = 1 - <i32>clz<u64>(bm);
  let d = ea - eb;
  if (d < 64) {
    modrem80(ase, am, bse, bm, mod);
    setSt(0, rSe, rM);
    let q = remQuot;
    setCC(0x4300, <u32>((q & 4) << 6) | <u32>((q & 2) << 13) | <u32>((q & 1) << 9));
  } else {
    let n = 32 + d % 32;
    scale80(bse, bm, d - n);
    modrem80(ase, am, rSe, rM, true);
    setSt(0, rSe, rM);
    setCC(0x400, 0x400);
  }
}

// fxtract: ST0 = exponent, then push the significand (exponent set to the bias).
export function fxtract(): void {
  let se = stSe(0);
  let m = stM(0);
  if (isZero80(se, m)) {
    raise(FE_ZERODIV);
    setSt(0, 0xffff, INT_BIT); // -1 / 0
    fpush();
    setSt(0, se, m);
  } else if (isInvalidEnc(se, m)) {
    defaultNaN();
    setSt(0, rSe, rM);
    fpush();
    setSt(0, rSe, rM);
  } else if (isNaN80(se, m)) {
    if (isSNaN80(se, m)) { raise(FE_INVALID); m |= INT_BIT | QUIET_BIT; }
    setSt(0, se, m);
    fpush();
    setSt(0, se, m);
  } else if (isInf80(se, m)) {
    fpush();
    setSt(0, se, m);
    setSt(1, 0x7fff, INT_BIT);
  } else {
    let e: i32;
    if (expOf(se) == 0) {
      let s = <i32>clz<u64>(m);
      m <<= s;
      e = 1 - BIAS - s;
      raise(FE_DENORMAL);
    } else {
      e = expOf(se) - BIAS;
    }
    fromInt(e, fpPrec);
    setSt(0, rSe, rM);
    fpush();
    setSt(0, (se & 0x8000) | <u32>BIAS, m);
  }
}

// fscale: ST0 = ST0 * 2^trunc(ST1), at full precision.
export function fscale(): void {
  let ase = stSe(0);
  let am = stM(0);
  let bse = stSe(1);
  let bm = stM(1);
  if (isInvalidEnc(bse, bm) || isInvalidEnc(ase, am)) {
    defaultNaN();
  } else if (isNaN80(bse, bm)) {
    if (isSNaN80(ase, am)) raise(FE_INVALID);
    if (isSNaN80(bse, bm)) returnNaN(bse, bm);
    else result(bse, bm);
  } else if (isInf80(bse, bm) && !isNaN80(ase, am)) {
    if (signOf(bse) != 0) {
      if (isInf80(ase, am)) defaultNaN();
      else result(ase & 0x8000, 0);
    } else {
      if (isZero80(ase, am)) defaultNaN();
      else result((ase & 0x8000) | 0x7fff, INT_BIT);
    }
  } else {
    let n = scaleCount(bse, bm);
    let saved = fpPrec;
    setPrec(64);
    scale80(ase, am, n);
    setPrec(saved);
  }
  setSt(0, rSe, rM);
}

// fxam: C3 C2 C0 classify ST0, C1 is its sign.
export function fxam(): void {
  let se = stSe(0);
  let m = stM(0);
  let cc: u32 = signOf(se) != 0 ? 0x200 : 0;
  if (isEmpty(0)) {
    cc |= 0x4100;
  } else {
    let e = expOf(se);
    if (e == 0x7fff) {
      if (m == INT_BIT) cc |= 0x500;
      else if ((m & INT_BIT) != 0) cc |= 0x100;
    } else if (e == 0) {
      cc |= m == 0 ? 0x4000 : 0x4400;
    } else if ((m & INT_BIT) != 0) {
      cc |= 0x400;
    }
  }
  setCC(0x4700, cc);
}

// The constants of d9 e8..ee, rounded as the rounding control says (the low bit of the
// significand differs for the irrational ones).
export function constant(k: u32): void {
  let down = fpRound == RC_DOWN || fpRound == RC_ZERO;
  switch (k) {
    case 0: result(0x3fff, INT_BIT); break; // 1
    case 1: result(0x4000, fpRound == RC_UP ? 0xd49a784bcd1b8aff : 0xd49a784bcd1b8afe); break; // log2(10)
    case 2: result(0x3fff, down ? 0xb8aa3b295c17f0bb : 0xb8aa3b295c17f0bc); break; // log2(e)
    case 3: result(0x4000, down ? 0xc90fdaa22168c234 : 0xc90fdaa22168c235); break; // pi
    case 4: result(0x3ffd, down ? 0x9a209a84fbcff798 : 0x9a209a84fbcff799); break; // log10(2)
    case 5: result(0x3ffe, down ? 0xb17217f7d1cf79ab : 0xb17217f7d1cf79ac); break; // ln(2)
    default: result(0, 0); break; // +0
  }
}
