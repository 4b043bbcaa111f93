// f2xm1, fyl2x and fyl2xp1 with qemu-i386's results: qemu computes them in soft-float with a
// table-driven polynomial evaluation (floatx80 operations in round-to-nearest at full precision,
// then 128- and 192-bit fixed-point steps, one final rounding in the caller's mode). The same
// steps in the same order give the same bits; the tables are the constants it uses (2^t and
// 2^t - 1 near multiples of 1/32, and the minimax coefficients).
import {
  INT_BIT, FE_INVALID, FE_INEXACT, FE_ZERODIV, fpRound, fpPrec, rSe, rM, result, raise,
  setRound, setPrec, setExc, defaultNaN, isInvalidEnc, isNaN80, isSNaN80, isInf80, isZero80,
  signOf, expOf, QUIET_BIT, normRoundPack,
} from "./float80";
import { add80, mul80 } from "./arith";
import { scale80, toInt, fromInt } from "./convert";
import { compare80, REL_LESS, REL_GREATER, REL_EQUAL } from "./compare";
import { wHi, wLo, shr128Jam } from "./wide";
import { z0, z1, z2, mul128x64, mul128x128, estimateDiv, enterExact } from "./multiword";
import { stSe, stM, setSt, fpop } from "./state";


// ---- f2xm1: ST0 = 2^ST0 - 1 for -1 <= ST0 <= 1 ----
// Rows of (t, 2^t, 2^t - 1) as (sign|exponent, significand) pairs, t near (i - 32) / 32.
const F2XM1_TABLE: StaticArray<u64> = [
  0xbfff, 0x8000000000000000, 0x3ffe, 0x8000000000000000, 0xbffe, 0x8000000000000000,
  0xbffe, 0xf800000000002e7e, 0x3ffe, 0x82cd8698ac2b9160, 0xbffd, 0xfa64f2cea7a8dd40,
  0xbffe, 0xefffffffffffe960, 0x3ffe, 0x85aac367cc488345, 0xbffd, 0xf4aa7930676ef976,
  0xbffe, 0xe800000000006f10, 0x3ffe, 0x88980e8092da5c14, 0xbffd, 0xeecfe2feda4b47d8,
  0xbffe, 0xe000000000008a45, 0x3ffe, 0x8b95c1e3ea8ba2a5, 0xbffd, 0xe8d47c382ae8bab6,
  0xbffe, 0xd7ffffffffff8a9e, 0x3ffe, 0x8ea4398b45cd8116, 0xbffd, 0xe2b78ce97464fdd4,
  0xbffe, 0xd0000000000019a0, 0x3ffe, 0x91c3d373ab11b919, 0xbffd, 0xdc785918a9dc8dce,
  0xbffe, 0xc7ffffffffff14df, 0x3ffe, 0x94f4efa8fef76836, 0xbffd, 0xd61620ae02112f94,
  0xbffe, 0xc000000000006530, 0x3ffe, 0x9837f0518db87fbb, 0xbffd, 0xcf901f5ce48f008a,
  0xbffe, 0xb7ffffffffff1723, 0x3ffe, 0x9b8d39b9d54eb74c, 0xbffd, 0xc8e58c8c55629168,
  0xbffe, 0xb00000000000b5e1, 0x3ffe, 0x9ef5326091a0c366, 0xbffd, 0xc2159b3edcbe7934,
  0xbffe, 0xa800000000006f8a, 0x3ffe, 0xa27043030c49370a, 0xbffd, 0xbb1f79f9e76d91ec,
  0xbffe, 0x9fffffffffff816a, 0x3ffe, 0xa5fed6a9b15171cf, 0xbffd, 0xb40252ac9d5d1c62,
  0xbffe, 0x97ffffffffffb621, 0x3ffe, 0xa9a15ab4ea7c30e6, 0xbffd, 0xacbd4a962b079e34,
  0xbffe, 0x8fffffffffff162b, 0x3ffe, 0xad583eea42a1b886, 0xbffd, 0xa54f822b7abc8ef4,
  0xbffe, 0x87ffffffffff4d34, 0x3ffe, 0xb123f581d2ac7b51, 0xbffd, 0x9db814fc5aa7095e,
  0xbffe, 0x800000000000227d, 0x3ffe, 0xb504f333f9de539d, 0xbffd, 0x95f619980c4358c6,
  0xbffd, 0xefffffffffff3978, 0x3ffe, 0xb8fbaf4762fbd0a1, 0xbffd, 0x8e08a1713a085ebe,
  0xbffd, 0xe00000000000df81, 0x3ffe, 0xbd08a39f580bfd8c, 0xbffd, 0x85eeb8c14fe804e8,
  0xbffd, 0xd00000000000bccf, 0x3ffe, 0xc12c4cca667062f6, 0xbffc, 0xfb4eccd6663e7428,
  0xbffd, 0xc00000000000eff0, 0x3ffe, 0xc5672a1155069abe, 0xbffc, 0xea6357baabe59508,
  0xbffd, 0xb000000000000fe6, 0x3ffe, 0xc9b9bd866e2f234b, 0xbffc, 0xd91909e6474372d4,
  0xbffd, 0x9fffffffffff2172, 0x3ffe, 0xce248c151f84bf00, 0xbffc, 0xc76dcfab81ed0400,
  0xbffd, 0x8fffffffffffafff, 0x3ffe, 0xd2a81d91f12afb2b, 0xbffc, 0xb55f89b83b541354,
  0xbffc, 0xffffffffffff81a3, 0x3ffe, 0xd744fccad69d7d5e, 0xbffc, 0xa2ec0cd4a58a0a88,
  0xbffc, 0xdfffffffffff1568, 0x3ffe, 0xdbfbb797daf25a44, 0xbffc, 0x901121a0943696f0,
  0xbffc, 0xbfffffffffff68da, 0x3ffe, 0xe0ccdeec2a94f811, 0xbffb, 0xf999089eab583f78,
  0xbffc, 0x9fffffffffff4690, 0x3ffe, 0xe5b906e77c83657e, 0xbffb, 0xd237c8c41be4d410,
  0xbffb, 0xffffffffffff8aee, 0x3ffe, 0xeac0c6e7dd24427c, 0xbffb, 0xa9f9c8c116ddec20,
  0xbffb, 0xbfffffffffff2d18, 0x3ffe, 0xefe4b99bdcdb06eb, 0xbffb, 0x80da33211927c8a8,
  0xbffa, 0xffffffffffff8ccb, 0x3ffe, 0xf5257d152486d0f4, 0xbffa, 0xada82eadb792f0c0,
  0xbff9, 0xffffffffffff11fe, 0x3ffe, 0xfa83b2db722a0846, 0xbff9, 0xaf89a491babef740,
  0x0000, 0x0000000000000000, 0x3fff, 0x8000000000000000, 0x0000, 0x0000000000000000,
  0x3ff9, 0xffffffffffff2680, 0x3fff, 0x82cd8698ac2b9f6f, 0x3ff9, 0xb361a62b0ae7dbc0,
  0x3ffb, 0x800000000000b500, 0x3fff, 0x85aac367cc488345, 0x3ffa, 0xb5586cf9891068a0,
  0x3ffb, 0xbfffffffffff4b67, 0x3fff, 0x88980e8092da7cce, 0x3ffb, 0x8980e8092da7cce0,
  0x3ffb, 0xffffffffffffff57, 0x3fff, 0x8b95c1e3ea8bd6df, 0x3ffb, 0xb95c1e3ea8bd6df0,
  0x3ffc, 0x9fffffffffff811f, 0x3fff, 0x8ea4398b45cd4780, 0x3ffb, 0xea4398b45cd47800,
  0x3ffc, 0xbfffffffffff9980, 0x3fff, 0x91c3d373ab11b919, 0x3ffc, 0x8e1e9b9d588dc8c8,
  0x3ffc, 0xdffffffffffff631, 0x3fff, 0x94f4efa8fef70864, 0x3ffc, 0xa7a77d47f7b84320,
  0x3ffc, 0xffffffffffff2499, 0x3fff, 0x9837f0518db892d4, 0x3ffc, 0xc1bf828c6dc496a0,
  0x3ffd, 0x8fffffffffff80fb, 0x3fff, 0x9b8d39b9d54e3a79, 0x3ffc, 0xdc69cdceaa71d3c8,
  0x3ffd, 0x9fffffffffffbc23, 0x3fff, 0x9ef5326091a10313, 0x3ffc, 0xf7a993048d081898,
  0x3ffd, 0xafffffffffff20ec, 0x3fff, 0xa27043030c49370a, 0x3ffd, 0x89c10c0c3124dc28,
  0x3ffd, 0xc00000000000fd2c, 0x3fff, 0xa5fed6a9b15171cf, 0x3ffd, 0x97fb5aa6c545c73c,
  0x3ffd, 0xd0000000000093be, 0x3fff, 0xa9a15ab4ea7c30e6, 0x3ffd, 0xa6856ad3a9f0c398,
  0x3ffd, 0xe00000000000c2ae, 0x3fff, 0xad583eea42a17876, 0x3ffd, 0xb560fba90a85e1d8,
  0x3ffd, 0xefffffffffff1e3f, 0x3fff, 0xb123f581d2abef6c, 0x3ffd, 0xc48fd6074aafbdb0,
  0x3ffd, 0xffffffffffff1c23, 0x3fff, 0xb504f333f9de2cad, 0x3ffd, 0xd413cccfe778b2b4,
  0x3ffe, 0x8800000000006344, 0x3fff, 0xb8fbaf4762fbd0a1, 0x3ffd, 0xe3eebd1d8bef4284,
  0x3ffe, 0x9000000000005d67, 0x3fff, 0xbd08a39f580c668d, 0x3ffd, 0xf4228e7d60319a34,
  0x3ffe, 0x9800000000009127, 0x3fff, 0xc12c4cca6670e042, 0x3ffe, 0x82589994cce1c084,
  0x3ffe, 0x9fffffffffff06f9, 0x3fff, 0xc5672a11550655c3, 0x3ffe, 0x8ace5422aa0cab86,
  0x3ffe, 0xa7fffffffffff80d, 0x3fff, 0xc9b9bd866e2f234b, 0x3ffe, 0x93737b0cdc5e4696,
  0x3ffe, 0xafffffffffff1470, 0x3fff, 0xce248c151f83fd69, 0x3ffe, 0x9c49182a3f07fad2,
  0x3ffe, 0xb800000000000e0a, 0x3fff, 0xd2a81d91f12aec5c, 0x3ffe, 0xa5503b23e255d8b8,
  0x3ffe, 0xc00000000000b7fa, 0x3fff, 0xd744fccad69dd630, 0x3ffe, 0xae89f995ad3bac60,
  0x3ffe, 0xc800000000003aa6, 0x3fff, 0xdbfbb797daf25a44, 0x3ffe, 0xb7f76f2fb5e4b488,
  0x3ffe, 0xd00000000000a6ae, 0x3fff, 0xe0ccdeec2a954685, 0x3ffe, 0xc199bdd8552a8d0a,
  0x3ffe, 0xd800000000004165, 0x3fff, 0xe5b906e77c837155, 0x3ffe, 0xcb720dcef906e2aa,
  0x3ffe, 0xe00000000000582c, 0x3fff, 0xeac0c6e7dd24713a, 0x3ffe, 0xd5818dcfba48e274,
  0x3ffe, 0xe800000000001a5d, 0x3fff, 0xefe4b99bdcdb06eb, 0x3ffe, 0xdfc97337b9b60dd6,
  0x3ffe, 0xefffffffffffc1ef, 0x3fff, 0xf5257d152486a2fa, 0x3ffe, 0xea4afa2a490d45f4,
  0x3ffe, 0xf800000000001069, 0x3fff, 0xfa83b2db722a0e5c, 0x3ffe, 0xf50765b6e4541cb8,
  0x3fff, 0x8000000000000000, 0x4000, 0x8000000000000000, 0x3fff, 0x8000000000000000,
];
// (2^y - 1) / y on [-1/64, 1/64]: coefficient 0 in two parts, then 1..7.
const F2_C0_SE: u32 = 0x3ffe;
const F2_C0_M: u64 = 0xb17217f7d1cf79ac;
const F2_C0LOW_SE: u32 = 0xbfbc;
const F2_C0LOW_M: u64 = 0xd87edabf495b3762;
const F2_COEFF: StaticArray<u64> = [ // coefficients 1..7, (sign|exponent, significand)
  0x3ffc, 0xf5fdeffc162c7543, 0x3ffa, 0xe35846b82505fcc7, 0x3ff8, 0x9d955b7dd273b899,
  0x3ff5, 0xaec3ff3c4ef4ac0c, 0x3ff2, 0xa184897c3a7f0de9, 0x3fee, 0xffe634d0ec30d504,
  0x3feb, 0xb160111d2db515e4,
];
const LN2_HI: u64 = 0xb17217f7d1cf79ab;
const LN2_LO: u64 = 0xc9e3b39803f2f6af;

@inline function tab(i: i32, k: i32): u64 { return unchecked(F2XM1_TABLE[i * 6 + k]); }

export function f2xm1(): void {
  let se = stSe(0);
  let sig = stM(0);
  let exp = expOf(se);
  let sign = signOf(se);
  if (isInvalidEnc(se, sig)) { defaultNaN(); setSt(0, rSe, rM); return; }
  if (isNaN80(se, sig)) {
    if (isSNaN80(se, sig)) { raise(FE_INVALID); setSt(0, se, sig | INT_BIT | QUIET_BIT); }
    return;
  }
  if (exp > 0x3fff || (exp == 0x3fff && sig != INT_BIT)) { defaultNaN(); setSt(0, rSe, rM); return; }
  if (exp == 0x3fff) { // 1 or -1: exactly 1 or -0.5
    if (sign != 0) setSt(0, 0xbffe, INT_BIT);
    return;
  }
  if (exp < 0x3fb0) { // tiny: x * ln 2 with an extra-precision ln 2
    if (isZero80(se, sig)) return;
    if (exp == 0) { let s = <i32>clz<u64>(sig); sig <<= s; exp = 1 - s; }
    mul128x64(LN2_HI, LN2_LO, sig);
    normRoundPack(sign, exp, z0, z1 | 1, 64);
    setSt(0, rSe, rM);
    return;
  }
  let mode = fpRound;
  let prec = fpPrec;
  enterExact();
  scale80(se, sig, 5);
  let n = 32 + <i32>toInt(rSe, rM, 32, false);
  add80(se, sig, <u32>tab(n, 0), tab(n, 1), true);
  let yse = rSe;
  let ym = rM;
  if (isZero80(yse, ym)) {
    result(<u32>tab(n, 0), tab(n, 1)); // qemu returns t itself here
    setSt(0, rSe, rM);
    setExc(FE_INEXACT);
    setRound(mode);
    setPrec(prec);
    return;
  }
  // accum = ((((((c7 y + c6) y + c5) y + c4) y + c3) y + c2) y + c1) y + c0low
  mul80(<u32>unchecked(F2_COEFF[12]), unchecked(F2_COEFF[13]), yse, ym);
  for (let k = 5; k >= 0; k--) {
    add80(<u32>unchecked(F2_COEFF[k * 2]), unchecked(F2_COEFF[k * 2 + 1]), rSe, rM, false);
    mul80(rSe, rM, yse, ym);
  }
  add80(F2_C0LOW_SE, F2_C0LOW_M, rSe, rM, false);
  let accSe = rSe;
  let accM = rM;
  // c0 + accum as a 128-bit fixed-point significand at c0's exponent, times y.
  let aexp = <i32>(F2_C0_SE & 0x7fff);
  let asign: u32 = 0;
  shr128Jam(accM, 0, aexp - expOf(accSe));
  let a0 = wHi;
  let a1 = wLo;
  if (signOf(accSe) == asign) {
    let s1 = a1;
    let s0 = F2_C0_M + a0 + (s1 < a1 ? 1 : 0);
    a0 = s0; a1 = s1;
  } else {
    let d1 = <u64>0 - a1;
    let d0 = F2_C0_M - a0 - (a1 != 0 ? 1 : 0);
    a0 = d0; a1 = d1;
  }
  mul128x64(a0, a1, ym);
  a0 = z0; a1 = z1;
  aexp += expOf(yse) - 0x3ffe;
  asign ^= signOf(yse);
  if (n != 32) {
    // times 2^t, plus 2^t - 1
    mul128x64(a0, a1, tab(n, 3));
    a0 = z0; a1 = z1;
    aexp += <i32>(tab(n, 2) & 0x7fff) - 0x3ffe;
    let bexp = <i32>(tab(n, 4) & 0x7fff);
    let b0 = tab(n, 5);
    let b1: u64 = 0;
    if (bexp < aexp) {
      shr128Jam(b0, b1, aexp - bexp); b0 = wHi; b1 = wLo;
    } else if (aexp < bexp) {
      shr128Jam(a0, a1, bexp - aexp); a0 = wHi; a1 = wLo;
      aexp = bexp;
    }
    let bsign = <u32>((tab(n, 4) >> 15) & 1);
    if (asign == bsign) {
      shr128Jam(a0, a1, 1); a0 = wHi; a1 = wLo;
      shr128Jam(b0, b1, 1); b0 = wHi; b1 = wLo;
      aexp++;
      let s1 = a1 + b1;
      a0 = a0 + b0 + (s1 < b1 ? 1 : 0);
      a1 = s1;
    } else {
      let d1 = b1 - a1;
      a0 = b0 - a0 - (b1 < a1 ? 1 : 0);
      a1 = d1;
      asign = bsign;
    }
  }
  setRound(mode);
  normRoundPack(asign, aexp, a0, a1 | 1, 64);
  setPrec(prec);
  setSt(0, rSe, rM);
}

// ---- fyl2x and fyl2xp1: ST1 = ST1 * log2(ST0) (or log2(ST0 + 1)), then pop ----
// log2((1 + x) / (1 - x)) / x on the range of logarithms of [sqrt(2)/2, sqrt(2)]: coefficient 0
// in two parts, then 1..9.
const L2_C0_SE: u32 = 0x4000;
const L2_C0_M: u64 = 0xb8aa3b295c17f0bc;
const L2_C0LOW_SE: u32 = 0xbfbf;
const L2_C0LOW_M: u64 = 0x834972fe2d7bab1b;
const L2_COEFF: StaticArray<u64> = [ // coefficients 1..9
  0x3ffe, 0xf6384ee1d01febb8, 0x3ffe, 0x93bb62877cdfa2e3, 0x3ffd, 0xd30bb153d808f269,
  0x3ffd, 0xa42589eaf451499e, 0x3ffd, 0x864d42c0f8f17517, 0x3ffc, 0xe3476578adf26272,
  0x3ffc, 0xc506c5f874e6d80f, 0x3ffc, 0xac5cf50cc57d6372, 0x3ffc, 0xb1ed0066d971a103,
];
const LOG2E_HI: u64 = 0xb8aa3b295c17f0bb;
const LOG2E_LO: u64 = 0xbe87fed0691d3e89;

// log2(1 + x) for 1 + x in [sqrt(2)/2, sqrt(2)], x not zero nor tiny, as an exponent and a
// 128-bit significand (cExp, cSig0:cSig1). Needs nearest rounding at full precision.
let cExp: i32 = 0;
let cSig0: u64 = 0;
let cSig1: u64 = 0;
function log2Common(se: u32, m: u64): void {
  let e = expOf(se);
  // t = x / (2 + x) with extra precision: its square feeds the polynomial.
  let dexp: i32;
  let d0: u64;
  let d1: u64;
  if (signOf(se) != 0) {
    dexp = 0x3fff;
    shr128Jam(m, 0, dexp - e);
    d1 = <u64>0 - wLo;
    d0 = <u64>0 - wHi - (wLo != 0 ? 1 : 0);
  } else {
    dexp = 0x4000;
    shr128Jam(m, 0, dexp - e);
    d0 = wHi | INT_BIT;
    d1 = wLo;
  }
  let texp = e - dexp + 0x3ffe;
  let r0 = m;
  let r1: u64 = 0;
  let r2: u64 = 0;
  if (d0 <= r0) {
    r1 = r0 << 63;
    r0 >>= 1;
    texp++;
  }
  let t0 = estimateDiv(r0, r1, d0);
  mul128x64(d0, d1, t0);
  // r -= m (192 bits)
  let n2 = r2 - z2;
  let b2: u64 = r2 < z2 ? 1 : 0;
  let n1 = r1 - z1 - b2;
  let b1: u64 = r1 < z1 || (r1 - z1) < b2 ? 1 : 0;
  let n0 = r0 - z0 - b1;
  r0 = n0; r1 = n1; r2 = n2;
  while (<i64>r0 < 0) {
    t0--;
    // r += (0, d0, d1)
    let s2 = r2 + d1;
    let c2: u64 = s2 < d1 ? 1 : 0;
    let s1 = r1 + d0;
    let c1: u64 = s1 < d0 ? 1 : 0;
    let s1c = s1 + c2;
    if (s1c < c2) c1++;
    r0 = r0 + c1;
    r1 = s1c;
    r2 = s2;
  }
  let t1 = estimateDiv(r1, r2, d0);
  mul128x128(t0, t1, t0, t1);
  normRoundPack(0, texp + texp - 0x3ffe, z0, z1, 64);
  let t2se = rSe;
  let t2m = rM;
  mul80(<u32>unchecked(L2_COEFF[16]), unchecked(L2_COEFF[17]), t2se, t2m);
  for (let k = 7; k >= 0; k--) {
    add80(<u32>unchecked(L2_COEFF[k * 2]), unchecked(L2_COEFF[k * 2 + 1]), rSe, rM, false);
    mul80(rSe, rM, t2se, t2m);
  }
  add80(L2_C0LOW_SE, L2_C0LOW_M, rSe, rM, false);
  let accSe = rSe;
  let accM = rM;
  let aexp = <i32>(L2_C0_SE & 0x7fff);
  shr128Jam(accM, 0, aexp - expOf(accSe));
  let a0 = wHi;
  let a1 = wLo;
  if (signOf(accSe) == 0) {
    a0 = L2_C0_M + a0;
  } else {
    let x1 = <u64>0 - a1;
    a0 = L2_C0_M - a0 - (a1 != 0 ? 1 : 0);
    a1 = x1;
  }
  mul128x128(a0, a1, t0, t1);
  cExp = aexp + texp - 0x3ffe;
  cSig0 = z0;
  cSig1 = z1;
}

// The special operands both instructions share; true when ST1 got its result.
function logSpecial(): bool {
  let ase = stSe(0);
  let am = stM(0);
  let bse = stSe(1);
  let bm = stM(1);
  if (isSNaN80(ase, am)) { raise(FE_INVALID); setSt(1, ase, am | INT_BIT | QUIET_BIT); return true; }
  if (isSNaN80(bse, bm)) { raise(FE_INVALID); setSt(1, bse, bm | INT_BIT | QUIET_BIT); return true; }
  if (isInvalidEnc(ase, am) || isInvalidEnc(bse, bm)) { defaultNaN(); setSt(1, rSe, rM); return true; }
  if (isNaN80(ase, am)) { setSt(1, ase, am); return true; }
  if (isNaN80(bse, bm)) return true;
  return false;
}

// Normalizes a denormal's (exponent 0) significand: nExp, nM.
let nExp: i32 = 0;
let nM: u64 = 0;
function norm(e: i32, m: u64): void {
  if (e == 0) { let s = <i32>clz<u64>(m); nM = m << s; nExp = 1 - s; } else { nExp = e; nM = m; }
}

export function fyl2xp1(): void {
  finishLog(fyl2xp1Body());
}
function fyl2xp1Body(): bool {
  if (logSpecial()) return true;
  let ase = stSe(0);
  let am = stM(0);
  let bse = stSe(1);
  let bm = stM(1);
  let aexp = expOf(ase);
  let asign = signOf(ase);
  let bexp = expOf(bse);
  let bsign = signOf(bse);
  if (aexp > 0x3ffd || (aexp == 0x3ffd && am > (asign != 0 ? <u64>0x95f619980c4336f7 : <u64>0xd413cccfe7799211))) {
    defaultNaN(); // outside the instruction's range
    setSt(1, rSe, rM);
    return true;
  }
  if (isZero80(ase, am) || isZero80(bse, bm) || bexp == 0x7fff) {
    mul80(ase, am, bse, bm);
    setSt(1, rSe, rM);
    return true;
  }
  if (aexp < 0x3fb0) { // tiny: x * log2(e) * y with an extra-precision log2(e)
    norm(aexp, am); let ae = nExp; let a = nM;
    norm(bexp, bm); let be = nExp; let b = nM;
    mul128x64(LOG2E_HI, LOG2E_LO, a);
    let e = ae + 1;
    mul128x64(z0, z1, b);
    e += be - 0x3ffe;
    normRoundPack(asign ^ bsign, e, z0, z1 | 1, 64);
    setSt(1, rSe, rM);
    return true;
  }
  let mode = fpRound;
  let prec = fpPrec;
  enterExact();
  log2Common(ase, am);
  norm(bexp, bm);
  mul128x64(cSig0, cSig1, nM);
  let e = cExp + nExp - 0x3ffe;
  setRound(mode);
  normRoundPack(asign ^ bsign, e, z0, z1 | 1, 64);
  setPrec(prec);
  setSt(1, rSe, rM);
  return true;
}

function finishLog(done: bool): void {
  if (done) fpop();
}

export function fyl2x(): void {
  finishLog(fyl2xBody());
}
function fyl2xBody(): bool {
  if (logSpecial()) return true;
  let ase = stSe(0);
  let am = stM(0);
  let bse = stSe(1);
  let bm = stM(1);
  let asign = signOf(ase);
  let bsign = signOf(bse);
  if (asign != 0 && !isZero80(ase, am)) { defaultNaN(); setSt(1, rSe, rM); return true; }
  if (isInf80(bse, bm)) {
    let rel = compare80(ase, am, 0x3fff, INT_BIT, false);
    if (rel == REL_LESS) setSt(1, bse ^ 0x8000, bm);
    else if (rel != REL_GREATER) { defaultNaN(); setSt(1, rSe, rM); }
    return true;
  }
  if (isInf80(ase, am)) {
    if (isZero80(bse, bm)) { defaultNaN(); setSt(1, rSe, rM); }
    else setSt(1, bsign != 0 ? ase ^ 0x8000 : ase, am);
    return true;
  }
  if (isZero80(ase, am)) {
    if (isZero80(bse, bm)) { defaultNaN(); setSt(1, rSe, rM); }
    else { raise(FE_ZERODIV); setSt(1, bsign != 0 ? 0x7fff : 0xffff, INT_BIT); }
    return true;
  }
  if (isZero80(bse, bm)) {
    if (compare80(ase, am, 0x3fff, INT_BIT, false) == REL_LESS) setSt(1, bse ^ 0x8000, bm);
    return true;
  }
  if (compare80(ase, am, 0x3fff, INT_BIT, true) == REL_EQUAL) {
    setSt(1, bsign != 0 ? 0x8000 : 0, 0);
    return true;
  }
  let mode = fpRound;
  let prec = fpPrec;
  enterExact();
  norm(expOf(ase), am);
  let aexp = nExp;
  let asig = nM;
  norm(expOf(bse), bm);
  // qemu normalizes a denormal ST1 a second time before the last product; one whose first
  // normalization left exponent 0 (one leading zero) comes out with exponent 1 then.
  let bexp = nExp == 0 ? 1 : nExp;
  let bsig = nM;
  let intExp = aexp - 0x3fff;
  if (asig > 0xb504f333f9de6484) intExp++;
  scale80(ase, am, -intExp);
  add80(rSe, rM, 0x3fff, INT_BIT, true);
  if (isZero80(rSe, rM)) { // an exact power of 2: int_exp * ST1
    setRound(mode);
    fromInt(<i64>intExp, 64);
    mul80(rSe, rM, bse, bm);
    setPrec(prec);
    setSt(1, rSe, rM);
    return true;
  }
  let m1se = rSe;
  let rs = signOf(m1se);
  log2Common(m1se, rM);
  let e = cExp;
  let s0 = cSig0;
  let s1 = cSig1;
  if (intExp != 0) {
    let isign: u32 = intExp < 0 ? 1 : 0;
    let mag = <u64>(intExp < 0 ? -intExp : intExp);
    let shift = <i32>clz<u64>(mag);
    let isig = mag << shift;
    let iexp = 0x403e - shift;
    shr128Jam(s0, s1, iexp - e);
    s0 = wHi; s1 = wLo;
    if (rs == isign) {
      s0 = isig + s0;
    } else {
      let x1 = <u64>0 - s1;
      s0 = isig - s0 - (s1 != 0 ? 1 : 0);
      s1 = x1;
    }
    e = iexp;
    rs = isign;
  }
  mul128x64(s0, s1, bsig);
  e += bexp - 0x3ffe;
  setRound(mode);
  normRoundPack(rs ^ bsign, e, z0, z1 | 1, 64);
  setPrec(prec);
  setSt(1, rSe, rM);
  return true;
}
