/**
 * mulberry32: a tiny seeded 32-bit PRNG. Deterministic across Node and browsers, unlike
 * Math.random, so generated programs and fault campaigns can be replayed from their seed.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Stream `index` of `seed`: a 32-bit mix of both, so that neighbouring indexes are unrelated
   *  and any one case of a campaign can be regenerated without the ones before it. */
  static forCase(seed: number, index: number): Prng {
    let h = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
    h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
    h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
    return new Prng((h ^ (h >>> 16)) >>> 0);
  }

  /** Next unsigned 32-bit value. */
  nextU32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Integer in [0, n). */
  below(n: number): number {
    return Math.floor((this.nextU32() / 0x100000000) * n);
  }

  /** Integer in [lo, hi] inclusive. */
  range(lo: number, hi: number): number {
    return lo + this.below(hi - lo + 1);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }

  chance(p: number): boolean {
    return this.nextU32() / 0x100000000 < p;
  }

  /** Picks an entry with probability proportional to its weight. */
  weighted<T>(items: readonly { weight: number; value: T }[]): T {
    const total = items.reduce((s, i) => s + i.weight, 0);
    let r = this.below(total);
    for (const item of items) {
      if (r < item.weight) return item.value;
      r -= item.weight;
    }
    return items[items.length - 1].value;
  }
}
