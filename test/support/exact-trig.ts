// sin, cos and tan of a double to 300 bits, with BigInt fixed-point arithmetic (pi by Machin's
// formula, Taylor series): the independent judge of which of two last-bit-different results is
// nearer the true value. Slow and simple on purpose; arguments up to 2^64.

const F = 320n; // fraction bits of the fixed-point values
const ONE = 1n << F;

function piFixed(): bigint {
  // Machin's formula with G guard bits: pi = 16 arctan(1/5) - 4 arctan(1/239).
  const G = 32n;
  const scale = 1n << (F + G);
  const at = (n: bigint) => {
    let term = scale / n, sum = 0n, k = 1n, sign = 1n;
    while (term !== 0n) { sum += sign * (term / k); term /= n * n; k += 2n; sign = -sign; }
    return sum;
  };
  return (16n * at(5n) - 4n * at(239n)) >> G;
}
const PIO2 = piFixed() >> 1n;

const abs = (v: bigint) => (v < 0n ? -v : v);

/** A finite double's exact value times 2^F (truncated below 2^-F). */
export function doubleFixed(bits: bigint): bigint {
  const neg = (bits >> 63n) !== 0n;
  const be = Number((bits >> 52n) & 0x7ffn);
  let m = bits & ((1n << 52n) - 1n);
  if (be !== 0) m |= 1n << 52n;
  const e = BigInt((be === 0 ? 1 : be) - 1075) + F;
  const v = e >= 0n ? m << e : m >> -e;
  return neg ? -v : v;
}

/** An 80-bit register (sign|exponent, significand) times 2^F. */
export function x80Fixed(se: number, m: bigint): bigint {
  const e = BigInt((se & 0x7fff) - 16383 - 63) + F;
  const v = e >= 0n ? m << e : m >> -e;
  return se & 0x8000 ? -v : v;
}

/** sin, cos or tan of the double with these bits, times 2^F. */
export function exactTrig(fn: "sin" | "cos" | "tan", bits: bigint): bigint {
  const x = doubleFixed(bits);
  let k = x / PIO2;
  let r = x - k * PIO2;
  if (abs(2n * r) > PIO2) { const s = r < 0n ? -1n : 1n; k += s; r -= s * PIO2; }
  const r2 = (r * r) >> F;
  let s = 0n, c = 0n, term = r;
  for (let n = 1n; term !== 0n; n += 2n) { s += term; term = -((term * r2) >> F) / ((n + 1n) * (n + 2n)); }
  term = ONE;
  for (let n = 0n; term !== 0n; n += 2n) { c += term; term = -((term * r2) >> F) / ((n + 1n) * (n + 2n)); }
  const q = Number(((k % 4n) + 4n) % 4n);
  const sinX = [s, c, -s, -c][q];
  const cosX = [c, -s, -c, s][q];
  if (fn === "sin") return sinX;
  if (fn === "cos") return cosX;
  return (sinX << F) / cosX;
}

/** Whether a is strictly nearer than b to t. */
export const nearer = (a: bigint, b: bigint, t: bigint) => abs(a - t) < abs(b - t);
