// 128-bit integer helpers for the soft-float: wasm has 64-bit integers but no 64x64->128 product.
// Results of two words come back in the globals wHi and wLo (no allocation in the core).

export let wHi: u64 = 0;
export let wLo: u64 = 0;

// wHi:wLo = a * b.
export function mul64(a: u64, b: u64): void {
  let a0 = a & 0xffffffff;
  let a1 = a >> 32;
  let b0 = b & 0xffffffff;
  let b1 = b >> 32;
  let p00 = a0 * b0;
  let p01 = a0 * b1;
  let p10 = a1 * b0;
  let p11 = a1 * b1;
  let mid = (p00 >> 32) + (p01 & 0xffffffff) + (p10 & 0xffffffff);
  wLo = (mid << 32) | (p00 & 0xffffffff);
  wHi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

// wHi:wLo = hi:lo shifted right by n (any n >= 0), the bits shifted out ORed into bit 0 ("jamming"),
// so that rounding still sees that the value was inexact.
export function shr128Jam(hi: u64, lo: u64, n: i32): void {
  if (n <= 0) {
    wHi = hi; wLo = lo;
  } else if (n < 64) {
    let lost = lo << (64 - n);
    wLo = (hi << (64 - n)) | (lo >> n) | (lost != 0 ? 1 : 0);
    wHi = hi >> n;
  } else if (n == 64) {
    wLo = hi | (lo != 0 ? 1 : 0);
    wHi = 0;
  } else if (n < 128) {
    let lost = (hi << (128 - n)) | lo;
    wLo = (hi >> (n - 64)) | (lost != 0 ? 1 : 0);
    wHi = 0;
  } else {
    wLo = (hi | lo) != 0 ? 1 : 0;
    wHi = 0;
  }
}

// wHi:wLo = hi:lo shifted left by n (0 <= n < 128).
export function shl128(hi: u64, lo: u64, n: i32): void {
  if (n == 0) {
    wHi = hi; wLo = lo;
  } else if (n < 64) {
    wHi = (hi << n) | (lo >> (64 - n));
    wLo = lo << n;
  } else {
    wHi = lo << (n - 64);
    wLo = 0;
  }
}

// Leading zeros of hi:lo (128 when zero).
export function clz128(hi: u64, lo: u64): i32 {
  return hi != 0 ? <i32>clz<u64>(hi) : 64 + <i32>clz<u64>(lo);
}

// hi:lo <= bhi:blo, unsigned.
@inline export function le128(hi: u64, lo: u64, bhi: u64, blo: u64): bool {
  return hi < bhi || (hi == bhi && lo <= blo);
}
