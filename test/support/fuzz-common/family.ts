// A generator family of either fuzzer: its name (for grouping the report), its share of the cases,
// the instruction table rows it draws, and what it draws into a case builder B.
import type { InsnForm } from "../../../src/isa/table";
import type { Prng } from "../../../src/util/prng";

export interface Family<B> {
  name: string;
  weight: number;
  /** The table rows the family draws (test/fuzz-table-coverage.test.ts checks that it does). */
  rows?: (f: InsnForm) => boolean;
  gen(b: B): void;
}

/** A family drawn by weight: the first draw of every case. */
export function pickFamily<B>(rng: Prng, families: readonly Family<B>[]): Family<B> {
  return rng.weighted(families.map((f) => ({ weight: f.weight, value: f })));
}
