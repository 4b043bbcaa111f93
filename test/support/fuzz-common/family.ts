// A generator family of either fuzzer: its name (for grouping the report), its share of the cases,
// and what it draws into a case builder B.
import type { Prng } from "../../../src/util/prng";

export interface Family<B> {
  name: string;
  weight: number;
  gen(b: B): void;
}

/** A family drawn by weight: the first draw of every case. */
export function pickFamily<B>(rng: Prng, families: readonly Family<B>[]): Family<B> {
  return rng.weighted(families.map((f) => ({ weight: f.weight, value: f })));
}
