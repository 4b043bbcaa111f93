// The statistics a campaign reports. Every rate is a binomial proportion of a uniform sample of
// one fault kind's fault space, so it carries a Wilson score interval; totals across kinds (and
// comparisons between modes or programs, whose fault spaces differ in size) use the
// extrapolated absolute failure count of Schirmeier, Borchert and Spinczyk (DSN 2015): the
// fault space's size times the sampled failure fraction, per kind, summed.

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/** Wilson score interval of k hits in n trials (E. B. Wilson, 1927). */
export function wilson(k: number, n: number, z = Z95): Interval {
  if (n <= 0) return { low: 0, high: 1 };
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At k = 0 and k = n the bounds are exactly 0 and 1; rounding must not move them.
  return { low: k === 0 ? 0 : Math.max(0, centre - half), high: k === n ? 1 : Math.min(1, centre + half) };
}

const pct = (x: number) => {
  const v = x * 100;
  const digits = v === 0 || v >= 10 ? 1 : v >= 1 ? 2 : Math.max(2, 1 - Math.floor(Math.log10(v)));
  return `${v.toFixed(Math.min(digits, 8))}%`;
};

/** "12.5% (9.1-16.9%)", or for no hits "0 (at most 3.70%)". */
export function formatRate(k: number, n: number): string {
  const { low, high } = wilson(k, n);
  if (k === 0) return `0 (at most ${pct(high)})`;
  return `${pct(k / n)} (${pct(low)}-${pct(high)})`;
}

/**
 * The number of experiments for a margin of error `e` at the confidence of `t` (1.96: 95%) in a
 * fault space of N faults (Leveugle, Calvez, Maistri, Vanhauwaert, DATE 2009, eq. 2):
 *   n = N / (1 + e^2 (N - 1) / (t^2 p (1 - p))), with p = 0.5, the worst case.
 */
export function leveugle(N: number, e: number, t = Z95, p = 0.5): number {
  if (!(e > 0 && e < 1)) throw new RangeError(`margin ${e} must be between 0 and 1`);
  if (!Number.isFinite(N)) return Math.ceil((t * t * p * (1 - p)) / (e * e));
  return Math.ceil(N / (1 + (e * e * (N - 1)) / (t * t * p * (1 - p))));
}

/** One stratum (a fault kind): its fault space's size, how many faults were sampled from it
 *  uniformly, and how many of them failed. */
export interface Stratum {
  space: number;
  n: number;
  failures: number;
}

export interface Extrapolation {
  /** Expected number of failing faults in the whole fault space. */
  count: number;
  /** Its standard error (binomial, with the finite-population correction). */
  stderr: number;
  /** The upper 95% Wilson bound on the count, summed over strata (what "0" means). */
  upper: number;
}

/** The extrapolated absolute failure count of strata sampled independently. */
export function extrapolate(strata: readonly Stratum[]): Extrapolation {
  let count = 0;
  let variance = 0;
  let upper = 0;
  for (const s of strata) {
    if (s.n === 0) continue;
    const p = s.failures / s.n;
    const fpc = s.space > 1 ? Math.max(0, (s.space - s.n) / (s.space - 1)) : 0;
    count += s.space * p;
    variance += s.space * s.space * ((p * (1 - p)) / s.n) * fpc;
    upper += s.space * wilson(s.failures, s.n).high;
  }
  return { count, stderr: Math.sqrt(variance), upper };
}

/** The q-quantile (0..1) of a list by the nearest-rank method; undefined for an empty list. */
export function quantile(values: readonly number[], q: number): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1];
}
