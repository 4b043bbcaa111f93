// Translated blocks against the interpreter. Seeded random loops of 1-12 instructions (most of
// them ones the translator has code for, at 8, 16 and 32 bits, with memory in data pages, near
// and past the end of RAM, and in the code itself) run on two modules with identical setup, one
// interpreting, one translating at the first branch; after every run() slice, registers, EFLAGS,
// eip, cycle, status, RAM, check bytes and every journal entry must be the same, under all three
// ECC modes, with RAM bit flips and journal limits between slices.
//   LOCKSTEP86_JIT_SEED=n        another seed
//   LOCKSTEP86_JIT_CASES=n       another count
//   LOCKSTEP86_JIT_ONLY=s:i      only case i of seed s, printed in full with every difference
//   LOCKSTEP86_JIT_PRINT=n       print (and reduce) at most n differing cases in full
import { describe, expect, it } from "vitest";
import { loadCoreWasm } from "../src/node/core-wasm";
import type { JitCase } from "./support/jit/case";
import { DEFAULT_SEED, generateJitCase } from "./support/jit/generate";
import { BlockMeter } from "./support/jit/meter";
import { Mutator } from "./support/jit/mutant";
import { Machines, runCase, type Outcome } from "./support/jit/pair";
import { reduceCase } from "./support/jit/reduce";
import { describeCase, describeOutcome } from "./support/jit/report";
import { caseSelection, envInt } from "./support/selection";

const { seed, indexes, replaying } = caseSelection("LOCKSTEP86_JIT", DEFAULT_SEED, 4000);
const PRINT = envInt("LOCKSTEP86_JIT_PRINT", 5);

describe("translated blocks against the interpreter", () => {
  const wasm = loadCoreWasm();
  const machines = new Machines(wasm);
  const meter = new BlockMeter();
  let cycles = 0;

  it("generates each case as a pure function of seed and index", () => {
    const last = indexes[indexes.length - 1];
    expect(generateJitCase(seed, last)).toEqual(generateJitCase(seed, last));
  });

  it("runs a case on re-initialized modules as on new ones", () => {
    const fresh = new Machines(wasm, false);
    for (const index of indexes.slice(0, 40)) {
      const c = generateJitCase(seed, index);
      expect(runCase(machines, c), c.id).toEqual(runCase(fresh, c));
    }
  });

  // The cases in parts, each a test of its own: one test of them all ran close to the time limit
  // on a loaded machine. Together they are the same cases, in the same order, on the same modules.
  const PART = 1000;
  for (let from = 0; from < indexes.length; from += PART) {
    const part = indexes.slice(from, from + PART);
    const name = part.length === 1 ? `case ${part[0]}` : `cases ${part[0]}-${part[part.length - 1]}`;
    it(`random loop(s) of seed ${seed}, ${name} of ${indexes.length}, agree slice by slice`, () => {
      const failed: Array<{ c: JitCase; o: Outcome }> = [];
      for (const index of part) {
        const c = generateJitCase(seed, index);
        const o = runCase(machines, c, meter);
        cycles += o.cycles;
        if (replaying) console.log(`${describeCase(c)}\n${describeOutcome(c, o)}`);
        if (o.step !== undefined) failed.push({ c, o });
      }
      if (failed.length && !replaying) {
        const shown = failed.slice(0, PRINT).map(({ c, o }) => {
          const small = reduceCase(machines, c);
          const replay = `replay: LOCKSTEP86_JIT_ONLY=${c.id} npx vitest run test/jit-differential.test.ts`;
          return `${describeCase(c)}\n${describeOutcome(c, o)}\n  ${replay}\n\nreduced:\n${describeCase(small)}\n${describeOutcome(small, runCase(machines, small))}`;
        });
        console.error(shown.join("\n\n"));
      }
      const ids = failed.map(({ c }) => c.id);
      expect(ids.length, `cases where the modules differ (the first ${PRINT} printed above): ${ids.slice(0, 40).join(" ")}${ids.length > 40 ? " ..." : ""}`).toBe(0);
    });
  }

  it.skipIf(replaying)("runs most of the cycles in translated blocks, every translated family whole", () => {
    const list = (m: Map<string, number>) => [...m].sort((x, y) => y[1] - x[1]).map(([k, n]) => `${k} ${n}`).join(", ");
    console.log(`translated blocks retired ${meter.blockCycles} of ${cycles} cycles\nblocks that ran whole held: ${list(meter.ran)}`);
    expect(meter.blockCycles / cycles).toBeGreaterThan(0.5);
    // The families the translator must handle, each run whole many times...
    const families = [
      "add", "or", "adc", "sbb", "and", "sub", "xor", "cmp", "test", "inc", "dec", "neg", "not", "mov", "movzx", "movsx",
      "lea", "shl", "shr", "sar", "imul", "push", "pop", "cdq", "cwde", "xchg", "setcc", "cmovcc", "nop", "jcc", "jmp",
      "call", "ret", "mul", "div", "idiv", "shld", "shrd", "bsf", "bsr",
    ];
    for (const f of families) expect(meter.ran.get(f) ?? 0, f).toBeGreaterThan(20);
    // ...and whatever else it translated often enough ran whole at least once.
    for (const [m, n] of meter.installed) if (n >= 20) expect(meter.ran.get(m) ?? 0, m).toBeGreaterThan(0);
  });

  it.skipIf(replaying)("catches a translator that gets one instruction of a block wrong", () => {
    // Separate modules: the wrong blocks stay in their function tables.
    const wrong = new Machines(wasm);
    let tried = 0;
    let caught = 0;
    for (const index of indexes.slice(0, 250)) {
      const c = generateJitCase(seed, index);
      if (runCase(machines, c).step !== undefined) continue; // differs without help
      const mutator = new Mutator();
      const o = runCase(wrong, c, mutator);
      if (mutator.retired === 0) continue; // no wrong block ran
      tried++;
      if (o.step !== undefined) caught++;
    }
    console.log(`wrong blocks were caught in ${caught} of ${tried} cases`);
    // Some changes cannot show (a result overwritten before anyone looks): most must.
    expect(tried).toBeGreaterThan(80);
    expect(caught / tried).toBeGreaterThan(0.7);
  });
});
