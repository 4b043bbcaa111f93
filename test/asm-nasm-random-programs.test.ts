/**
 * Proves that whole programs, not only single instructions, assemble as `nasm -f bin` does:
 * seeded random programs mixing every feature the assembler claims (test/support/isa/generate-program.ts:
 * bits and org, sections in any order, labels, jumps near the short/near boundary, equ before
 * and after use, expressions, data, times, res*, align, label-based memory operands, prefixes)
 * must put every line at nasm's address with nasm's bytes and give every symbol nasm's value.
 * LOCKSTEP86_ASM_SEED=N runs seeds N..N+39 instead of the fixed ones.
 */
import { describe, expect, it } from "vitest";
import { generateProgram } from "./support/isa/generate-program.js";
import { hasNasm, skipNote } from "./support/nasm.js";
import { compareWithNasm } from "./support/nasm-layout.js";
import { CORPUS_SEED } from "./support/seed.js";

const SEEDS = Array.from({ length: 40 }, (_, k) => CORPUS_SEED + k);

skipNote("the random program comparison", ["nasm"]);

describe.skipIf(!hasNasm)(`random programs (seeds ${SEEDS[0]}..${SEEDS[SEEDS.length - 1]}) match nasm`, () => {
  it.each(SEEDS)("seed %i", (seed) => {
    const diffs = compareWithNasm(generateProgram({ seed }));
    if (diffs.length) {
      const replay = `LOCKSTEP86_ASM_SEED=${seed} npx vitest run test/asm-nasm-random-programs (source: generateProgram({ seed: ${seed} }))`;
      expect.fail(`seed ${seed} differs from nasm; replay with ${replay}\n${diffs.slice(0, 12).join("\n")}`);
    }
  });
});
