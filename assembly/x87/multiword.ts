// Multi-word fixed-point steps the table-driven transcendentals share (softfloat's mul128By64To192,
// mul128To256 and estimateDiv128To64), with results in the globals z0..z3.
import { RC_NEAREST, setRound, setPrec } from "./float80";
import { wHi, wLo, mul64 } from "./wide";

export let z0: u64 = 0;
export let z1: u64 = 0;
export let z2: u64 = 0;
export let z3: u64 = 0;
// z0:z1:z2 = (a0:a1) * b
export function mul128x64(a0: u64, a1: u64, b: u64): void {
  mul64(a1, b);
  let h1 = wHi;
  let l1 = wLo;
  mul64(a0, b);
  z2 = l1;
  z1 = wLo + h1;
  z0 = wHi + (z1 < h1 ? 1 : 0);
}
// z0:z1:z2:z3 = (a0:a1) * (b0:b1)
export function mul128x128(a0: u64, a1: u64, b0: u64, b1: u64): void {
  mul128x64(a0, a1, b1);
  let m0 = z0;
  let m1 = z1;
  let m2 = z2;
  mul128x64(a0, a1, b0);
  z3 = m2;
  let s = z2 + m1;
  let c1: u64 = s < m1 ? 1 : 0;
  let t = z1 + m0;
  let c2: u64 = t < m0 ? 1 : 0;
  let t2 = t + c1;
  if (t2 < c1) c2++;
  z2 = s;
  z1 = t2;
  z0 = z0 + c2;
}
// softfloat's estimate of (a0:a1) / b, b normalized; within 2 of the true quotient, and the exact
// value matters: later steps use it uncorrected.
export function estimateDiv(a0: u64, a1: u64, b: u64): u64 {
  if (b <= a0) return 0xffffffffffffffff;
  let b0 = b >> 32;
  let z: u64 = (b0 << 32) <= a0 ? 0xffffffff00000000 : (a0 / b0) << 32;
  mul64(b, z);
  let rem1 = a1 - wLo;
  let rem0 = a0 - wHi - (a1 < wLo ? 1 : 0);
  while (<i64>rem0 < 0) {
    z -= 0x100000000;
    let b1 = b << 32;
    let n1 = rem1 + b1;
    rem0 = rem0 + b0 + (n1 < b1 ? 1 : 0);
    rem1 = n1;
  }
  rem0 = (rem0 << 32) | (rem1 >> 32);
  z |= (b0 << 32) <= rem0 ? 0xffffffff : rem0 / b0;
  return z;
}

// The evaluation's own steps run at nearest and full precision.
export function enterExact(): void { setRound(RC_NEAREST); setPrec(64); }
