// Double-double arithmetic: a value is hi + lo, |lo| <= ulp(hi)/2, about 106 bits. wasm has no
// fused multiply-add, so exact products come from Dekker's splitting. Results come back in the
// globals ddH and ddL (no allocation in the core). Arguments stay far from overflow and
// underflow (the callers keep |values| within 2^-300..2^300).

export let ddH: f64 = 0;
export let ddL: f64 = 0;

// ddH + ddL = a + b exactly, ddH = RN(a + b) (Knuth's TwoSum).
@inline export function twoSum(a: f64, b: f64): void {
  let s = a + b;
  let bb = s - a;
  ddL = (a - (s - bb)) + (b - bb);
  ddH = s;
}

// The same when |a| >= |b| (Dekker's FastTwoSum).
@inline export function fastTwoSum(a: f64, b: f64): void {
  let s = a + b;
  ddL = b - (s - a);
  ddH = s;
}

// ddH + ddL = a * b exactly (Dekker's TwoProduct, 2^27 + 1 splitting).
@inline export function twoProd(a: f64, b: f64): void {
  let p = a * b;
  let ca = 134217729.0 * a;
  let ah = ca - (ca - a);
  let al = a - ah;
  let cb = 134217729.0 * b;
  let bh = cb - (cb - b);
  let bl = b - bh;
  ddL = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  ddH = p;
}

// (ah + al) * (bh + bl), relative error about 2^-104.
export function ddMul(ah: f64, al: f64, bh: f64, bl: f64): void {
  twoProd(ah, bh);
  let h = ddH;
  let l = ddL + (ah * bl + al * bh);
  fastTwoSum(h, l);
}

// (ah + al) + (bh + bl), relative error about 2^-104 when there is no large cancellation.
export function ddAdd(ah: f64, al: f64, bh: f64, bl: f64): void {
  twoSum(ah, bh);
  let sh = ddH;
  let sl = ddL;
  twoSum(al, bl);
  let th = ddH;
  let tl = ddL;
  sl += th;
  fastTwoSum(sh, sl);
  sh = ddH;
  sl = ddL + tl;
  fastTwoSum(sh, sl);
}

// (ah + al) / (bh + bl): a first quotient, its remainder computed exactly, one correction.
export function ddDiv(ah: f64, al: f64, bh: f64, bl: f64): void {
  let q = ah / bh;
  twoProd(q, bh);
  let ph = ddH;
  let pl = ddL;
  // remainder (a - q*b), the leading terms cancel exactly
  let r = ((ah - ph) - pl + al) - q * bl;
  fastTwoSum(q, r / bh);
}
