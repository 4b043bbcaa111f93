// fpatan (ST1 = arctan(ST1 / ST0), then pop) with qemu-i386's results: x = num/den in [0, 1]
// split as t + y with t the nearest multiple of 1/8, arctan(x) = arctan(t) + arctan(y/(1+tx)),
// the last through an odd minimax polynomial; then adjusted by pi or pi/2 by quadrant. Same
// steps, same table, same bits.
import {
  INT_BIT, FE_INVALID, FE_INEXACT, fpRound, fpPrec, fpExc, rSe, rM, raise, setRound, setPrec,
  defaultNaN, isInvalidEnc, isNaN80, isSNaN80, isInf80, isZero80, signOf, expOf, QUIET_BIT,
  normRoundPack,
} from "./float80";
import { add80, mul80, div80 } from "./arith";
import { toInt } from "./convert";
import { wHi, wLo, mul64, shr128Jam, shl128 } from "./wide";
import { z0, z1, z2, mul128x64, mul128x128, estimateDiv, enterExact } from "./multiword";
import { stSe, stM, setSt, fpop } from "./state";

// arctan(n/8), high and low parts, as (sign|exponent, significand).
const ATAN_TABLE: StaticArray<u64> = [
  0, 0, 0, 0,
  0x3ffb, 0xfeadd4d5617b6e33, 0xbfb9, 0xdda19d8305ddc420,
  0x3ffc, 0xfadbafc96406eb15, 0x3fbb, 0xdb8f3debef442fcc,
  0x3ffd, 0xb7b0ca0f26f78474, 0xbfbc, 0xeab9bdba460376fa,
  0x3ffd, 0xed63382b0dda7b45, 0x3fbc, 0xdfc88bd978751a06,
  0x3ffe, 0x8f005d5ef7f59f9b, 0x3fbd, 0xb906bc2ccb886e90,
  0x3ffe, 0xa4bc7d1934f70924, 0x3fbb, 0xcd43f9522bed64f8,
  0x3ffe, 0xb8053e2bc2319e74, 0xbfbc, 0xd3496ab7bd6eef0c,
  0x3ffe, 0xc90fdaa22168c235, 0xbfbc, 0xece675d1fc8f8cbc,
];
// arctan(z)/z - 1 on [-1/16, 1/16]: coefficients 1..6 (coefficient 0 is 1).
const ATAN_COEFF: StaticArray<u64> = [
  0xbffd, 0xaaaaaaaaaaaaaa43, 0x3ffc, 0xccccccccccbfe4f8, 0xbffc, 0x92492491fbab2e66,
  0x3ffb, 0xe38e372881ea1e0b, 0xbffb, 0xba2c0104bbdd0615, 0x3ffb, 0x9baf7ebf898b42ef,
];
const PI_HI: u64 = 0xc90fdaa22168c234;
const PI_LO: u64 = 0xc4c6628b80dc1cd1;
const PI34_HI: u64 = 0x96cbe3f9990e91a7;
const PI34_LO: u64 = 0x9394c9e8a0a5159d;

// The 128-bit results of the shared steps below.
let q0: u64 = 0;
let q1: u64 = 0;
function shrJ(a0: u64, a1: u64, n: i32): void { shr128Jam(a0, a1, n); q0 = wHi; q1 = wLo; }

export function fpatan(): void {
  let ase = stSe(0);
  let am = stM(0);
  let bse = stSe(1);
  let bm = stM(1);
  let aexp = expOf(ase);
  let asign = signOf(ase);
  let bexp = expOf(bse);
  let bsign = signOf(bse);
  if (isSNaN80(ase, am)) { raise(FE_INVALID); setSt(1, ase, am | INT_BIT | QUIET_BIT); }
  else if (isSNaN80(bse, bm)) { raise(FE_INVALID); setSt(1, bse, bm | INT_BIT | QUIET_BIT); }
  else if (isInvalidEnc(ase, am) || isInvalidEnc(bse, bm)) { defaultNaN(); setSt(1, rSe, rM); }
  else if (isNaN80(ase, am)) setSt(1, ase, am);
  else if (isNaN80(bse, bm)) { /* passes through */ }
  else if (isZero80(bse, bm) && asign == 0) { /* passes through */ }
  else if (((isInf80(ase, am) && !isInf80(bse, bm)) || aexp - bexp >= 80) && asign == 0) {
    // ST1 / ST0 is right up to rounding; an exact quotient is still an inexact arctangent.
    let prec = fpPrec;
    setPrec(64);
    let before = fpExc;
    div80(bse, bm, ase, am);
    setPrec(prec);
    let qse = rSe;
    let qm = rM;
    if (!isZero80(qse, qm) && (fpExc & FE_INEXACT) == 0 && (before & FE_INEXACT) == 0) {
      let e = expOf(qse);
      if (e == 0) { let s = <i32>clz<u64>(qm); qm <<= s; e = 1 - s; }
      normRoundPack(signOf(qse), e, qm - 1, 0xffffffffffffffff, 64);
    }
    setSt(1, rSe, rM);
  } else {
    general(ase, am, bse, bm);
    setSt(1, rSe, rM);
  }
  fpop();
}

function general(ase: u32, am: u64, bse: u32, bm: u64): void {
  let aexp = expOf(ase);
  let asign = signOf(ase);
  let bexp = expOf(bse);
  let rsign = signOf(bse);
  let rexp: i32;
  let r0: u64;
  let r1: u64;
  if (isZero80(bse, bm)) { rexp = 0x4000; r0 = PI_HI; r1 = PI_LO; }
  else if (isInf80(bse, bm)) {
    if (isInf80(ase, am)) {
      if (asign != 0) { rexp = 0x4000; r0 = PI34_HI; r1 = PI34_LO; }
      else { rexp = 0x3ffe; r0 = PI_HI; r1 = PI_LO; }
    } else { rexp = 0x3fff; r0 = PI_HI; r1 = PI_LO; }
  } else if (isZero80(ase, am) || bexp - aexp >= 80) { rexp = 0x3fff; r0 = PI_HI; r1 = PI_LO; }
  else if (isInf80(ase, am) || aexp - bexp >= 80) { rexp = 0x4000; r0 = PI_HI; r1 = PI_LO; }
  else {
    let mode = fpRound;
    let prec = fpPrec;
    enterExact();
    evaluate(ase, am, bse, bm);
    rexp = gExp; r0 = q0; r1 = q1;
    setRound(mode);
    setPrec(prec);
  }
  normRoundPack(rsign, rexp, r0, r1 | 1, 64);
}

let gExp: i32 = 0;
// Both finite, nonzero, exponents within 80: the result's exponent in gExp, significand q0:q1.
function evaluate(ase: u32, am: u64, bse: u32, bm: u64): void {
  let aexp = expOf(ase);
  let asig = am;
  let asign = signOf(ase);
  if (aexp == 0) { let s = <i32>clz<u64>(asig); asig <<= s; aexp = 1 - s; }
  let bexp = expOf(bse);
  let bsig = bm;
  if (bexp == 0) { let s = <i32>clz<u64>(bsig); bsig <<= s; bexp = 1 - s; }
  let numExp: i32, numSig: u64, denExp: i32, denSig: u64;
  let adjExp: i32, adj0: u64, adj1: u64, adjSub: bool;
  if (aexp > bexp || (aexp == bexp && asig >= bsig)) { // |ST1| / |ST0|
    numExp = bexp; numSig = bsig; denExp = aexp; denSig = asig;
    if (asign != 0) { adjExp = 0x4000; adj0 = PI_HI; adj1 = PI_LO; adjSub = true; }
    else { adjExp = 0; adj0 = 0; adj1 = 0; adjSub = false; }
  } else { // |ST0| / |ST1|, added to or taken from pi/2
    numExp = aexp; numSig = asig; denExp = bexp; denSig = bsig;
    adjExp = 0x3fff; adj0 = PI_HI; adj1 = PI_LO; adjSub = asign == 0;
  }
  // x = num / den
  let xexp = numExp - denExp + 0x3ffe;
  let rem0 = numSig;
  let rem1: u64 = 0;
  if (denSig <= rem0) { rem1 = rem0 << 63; rem0 >>= 1; xexp++; }
  let xs0 = estimateDiv(rem0, rem1, denSig);
  mul64(denSig, xs0);
  let n1 = rem1 - wLo;
  rem0 = rem0 - wHi - (rem1 < wLo ? 1 : 0);
  rem1 = n1;
  while (<i64>rem0 < 0) {
    xs0--;
    let s1 = rem1 + denSig;
    rem0 += s1 < denSig ? 1 : 0;
    rem1 = s1;
  }
  let xs1 = estimateDiv(rem1, 0, denSig);
  // x = t + y with t = n/8 the nearest multiple of 1/8
  normRoundPack(0, xexp + 3, xs0, xs1, 64);
  let n = <i32>toInt(rSe, rM, 32, false);
  let ysign = false;
  let yexp: i32;
  let ys0: u64;
  let ys1: u64;
  let texp: i32;
  let tsig: u64;
  if (n == 0) {
    yexp = xexp; ys0 = xs0; ys1 = xs1; texp = 0; tsig = 0;
  } else {
    let shift = <i32>clz<u64>(<u64>n);
    texp = 0x403b - shift;
    tsig = <u64>n << shift;
    if (texp == xexp) {
      ys1 = xs1;
      ys0 = xs0 - tsig;
      if (<i64>ys0 >= 0) {
        if (ys0 == 0 && ys1 == 0) { yexp = 0; }
        else {
          let s = ys0 == 0 ? 64 + <i32>clz<u64>(ys1) : <i32>clz<u64>(ys0);
          yexp = xexp - s;
          shl128(ys0, ys1, s); ys0 = wHi; ys1 = wLo;
        }
      } else {
        ysign = true;
        let m1 = <u64>0 - ys1;
        ys0 = <u64>0 - ys0 - (ys1 != 0 ? 1 : 0);
        ys1 = m1;
        let s = ys0 == 0 ? 64 + <i32>clz<u64>(ys1) : <i32>clz<u64>(ys0);
        yexp = xexp - s;
        shl128(ys0, ys1, s); ys0 = wHi; ys1 = wLo;
      }
    } else {
      shrJ(xs0, xs1, texp - xexp);
      ysign = true;
      ys1 = <u64>0 - q1;
      ys0 = tsig - q0 - (q1 != 0 ? 1 : 0);
      let s = ys0 == 0 ? 64 + <i32>clz<u64>(ys1) : <i32>clz<u64>(ys0);
      yexp = texp - s;
      shl128(ys0, ys1, s); ys0 = wHi; ys1 = wLo;
    }
  }
  // z = y / (1 + t x), so that arctan(x) = arctan(t) + arctan(z)
  let zsign = ysign;
  let zexp: i32;
  let zs0: u64;
  let zs1: u64;
  if (texp == 0 || yexp == 0) {
    zexp = yexp; zs0 = ys0; zs1 = ys1;
  } else {
    let dexp = texp + xexp - 0x3ffe;
    mul128x64(xs0, xs1, tsig);
    shrJ(z0, z1, 0x3fff - dexp);
    let d0 = q0 | INT_BIT;
    let d1 = q1;
    zexp = yexp - 1;
    let r0 = ys0;
    let r1 = ys1;
    let r2: u64 = 0;
    if (d0 <= r0) { r1 = (r0 << 63) | (r1 >> 1); r0 >>= 1; zexp++; }
    zs0 = estimateDiv(r0, r1, d0);
    mul128x64(d0, d1, zs0);
    let n2 = r2 - z2;
    let b2: u64 = r2 < z2 ? 1 : 0;
    let nn1 = r1 - z1 - b2;
    let b1: u64 = r1 < z1 || (r1 - z1) < b2 ? 1 : 0;
    r0 = r0 - z0 - b1; r1 = nn1; r2 = n2;
    while (<i64>r0 < 0) {
      zs0--;
      let s2 = r2 + d1;
      let c2: u64 = s2 < d1 ? 1 : 0;
      let s1 = r1 + d0;
      let c1: u64 = s1 < d0 ? 1 : 0;
      let s1c = s1 + c2;
      if (s1c < c2) c1++;
      r0 += c1; r1 = s1c; r2 = s2;
    }
    zs1 = estimateDiv(r1, r2, d0);
  }
  // arctan(z) = z (1 + accum), accum from the polynomial in z^2
  let azexp: i32 = 0;
  let az0: u64 = 0;
  let az1: u64 = 0;
  if (zexp != 0) {
    mul128x128(zs0, zs1, zs0, zs1);
    normRoundPack(0, zexp + zexp - 0x3ffe, z0, z1, 64);
    let z2se = rSe;
    let z2m = rM;
    mul80(<u32>unchecked(ATAN_COEFF[10]), unchecked(ATAN_COEFF[11]), z2se, z2m);
    for (let k = 4; k >= 0; k--) {
      add80(<u32>unchecked(ATAN_COEFF[k * 2]), unchecked(ATAN_COEFF[k * 2 + 1]), rSe, rM, false);
      mul80(rSe, rM, z2se, z2m);
    }
    let ae: i32 = 0x3fff;
    shrJ(rM, 0, ae - expOf(rSe));
    let a1 = <u64>0 - q1;
    let a0 = INT_BIT - q0 - (q1 != 0 ? 1 : 0);
    azexp = ae + zexp - 0x3ffe;
    mul128x128(a0, a1, zs0, zs1);
    az0 = z0; az1 = z1;
  }
  // plus arctan(t) from the table
  let axexp: i32;
  let ax0: u64;
  let ax1: u64;
  if (texp == 0) {
    axexp = azexp; ax0 = az0; ax1 = az1;
  } else {
    let lowSe = <u32>unchecked(ATAN_TABLE[n * 4 + 2]);
    let lowM = unchecked(ATAN_TABLE[n * 4 + 3]);
    axexp = <i32>(unchecked(ATAN_TABLE[n * 4]) & 0x7fff);
    ax0 = unchecked(ATAN_TABLE[n * 4 + 1]);
    ax1 = 0;
    shrJ(lowM, 0, axexp - <i32>(lowSe & 0x7fff));
    if ((lowSe & 0x8000) != 0) {
      let d1 = ax1 - q1;
      ax0 = ax0 - q0 - (ax1 < q1 ? 1 : 0);
      ax1 = d1;
    } else {
      let s1 = ax1 + q1;
      ax0 = ax0 + q0 + (s1 < q1 ? 1 : 0);
      ax1 = s1;
    }
    if (azexp >= axexp) {
      shrJ(ax0, ax1, azexp - axexp + 1); ax0 = q0; ax1 = q1;
      axexp = azexp + 1;
      shrJ(az0, az1, 1); az0 = q0; az1 = q1;
    } else {
      shrJ(ax0, ax1, 1); ax0 = q0; ax1 = q1;
      shrJ(az0, az1, axexp - azexp + 1); az0 = q0; az1 = q1;
      axexp++;
    }
    if (zsign) {
      let d1 = ax1 - az1;
      ax0 = ax0 - az0 - (ax1 < az1 ? 1 : 0);
      ax1 = d1;
    } else {
      let s1 = ax1 + az1;
      ax0 = ax0 + az0 + (s1 < az1 ? 1 : 0);
      ax1 = s1;
    }
  }
  // then the quadrant's pi or pi/2
  if (adjExp == 0) {
    gExp = axexp; q0 = ax0; q1 = ax1;
    return;
  }
  if (adjExp >= axexp) {
    shrJ(ax0, ax1, adjExp - axexp + 1); ax0 = q0; ax1 = q1;
    gExp = adjExp + 1;
    shrJ(adj0, adj1, 1); adj0 = q0; adj1 = q1;
  } else {
    shrJ(ax0, ax1, 1); ax0 = q0; ax1 = q1;
    shrJ(adj0, adj1, axexp - adjExp + 1); adj0 = q0; adj1 = q1;
    gExp = axexp + 1;
  }
  if (adjSub) {
    q1 = adj1 - ax1;
    q0 = adj0 - ax0 - (adj1 < ax1 ? 1 : 0);
  } else {
    q1 = adj1 + ax1;
    q0 = adj0 + ax0 + (q1 < ax1 ? 1 : 0);
  }
}
