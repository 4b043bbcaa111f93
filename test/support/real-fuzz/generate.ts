// The real-mode case generator: case `index` of `seed` is a pure function of the two. A case
// whose data would land on its own code or on the vector table is drawn again from the same
// stream, so the result stays deterministic.
import { Prng } from "../../../src/util/prng";
import { pickFamily } from "../fuzz-common/family";
import { RealBuilder } from "./builder";
import { REAL_FAMILIES } from "./families";
import type { RealCase } from "./real-case";

export const DEFAULT_REAL_SEED = 0x386_0386;

export function generateRealCase(seed: number, index: number): RealCase {
  const rng = Prng.forCase(seed, index);
  const family = pickFamily(rng, REAL_FAMILIES);
  for (let attempt = 0; attempt < 100; attempt++) {
    const b = new RealBuilder(rng);
    family.gen(b);
    const built = b.build(seed, index, family.name);
    if (!b.failed) return built;
  }
  throw new Error(`case ${seed}:${index}: no attempt could be built`);
}
