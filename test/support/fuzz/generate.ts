// The case generator: case `index` of `seed` is a pure function of the two, and the base memory
// pattern (what data and stack pages hold before the case's own bytes) of the seed alone.
import { CaseBuilder } from "./builder";
import { FAMILIES } from "./families";
import { DATA_BASE, DATA_SIZE, STACK_BASE, STACK_SIZE, type FuzzCase } from "./fuzz-case";
import { leadInstruction } from "./lead";
import { pickFamily } from "../fuzz-common/family";
import { Prng } from "../../../src/util/prng";

export const DEFAULT_SEED = 0x1386_2024;

export function generateCase(seed: number, index: number): FuzzCase {
  const rng = Prng.forCase(seed, index);
  const family = pickFamily(rng, FAMILIES);
  const b = new CaseBuilder(rng);
  family.gen(b);
  const lead = rng.chance(0.3) ? leadInstruction(b) : [];
  return b.build(seed, index, family.name, lead);
}

/** Data and stack pages before any case writes them: random bytes of the seed. */
export function baseMemory(seed: number): { base: number; bytes: Uint8Array }[] {
  const rng = new Prng(seed ^ 0x5bd1e995);
  const fill = (size: number) => {
    const a = new Uint8Array(size);
    for (let i = 0; i < size; i += 4) {
      const v = rng.nextU32();
      a[i] = v;
      a[i + 1] = v >>> 8;
      a[i + 2] = v >>> 16;
      a[i + 3] = v >>> 24;
    }
    return a;
  };
  return [
    { base: DATA_BASE, bytes: fill(DATA_SIZE) },
    { base: STACK_BASE, bytes: fill(STACK_SIZE) },
  ];
}
