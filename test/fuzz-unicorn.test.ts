// Differential single-instruction fuzzing against Unicorn: seeded random instructions of the
// core's subset, with register and memory states weighted toward the edges, each run for exactly
// one instruction in both emulators; registers, eip, EFLAGS (less the bits the SDM leaves
// undefined), memory and exceptions must agree.
//   LOCKSTEP86_FUZZ_SEED=n      another seed
//   LOCKSTEP86_FUZZ_CASES=n     another count
//   LOCKSTEP86_FUZZ_ONLY=s:i    only case i of seed s (replays a printed mismatch)
//   LOCKSTEP86_FUZZ_PRINT=n     print at most n mismatches in full (the rest are listed by id)
import { Decoder, DecoderOptions } from "iced-x86";
import { describe, expect, it } from "vitest";
import { loadCoreWasm } from "../src/node/core-wasm";
import { compareOutcome, formatMismatch, formatOutcome } from "./support/fuzz/compare";
import { CoreRunner } from "./support/fuzz/core-runner";
import type { FuzzCase } from "./support/fuzz/fuzz-case";
import { baseMemory, DEFAULT_SEED, generateCase } from "./support/fuzz/generate";
import { runUnicorn, unicornMissing } from "./support/fuzz/unicorn";
import { caseSelection, envInt } from "./support/selection";

const TEST_FILE = "test/fuzz-unicorn.test.ts";

const { seed, indexes, replaying } = caseSelection("LOCKSTEP86_FUZZ", DEFAULT_SEED, 20_000);
const PRINT = envInt("LOCKSTEP86_FUZZ_PRINT", 60);
const cases: FuzzCase[] = indexes.map((i) => generateCase(seed, i));

describe("the fuzz case generator", () => {
  it("emits instructions that iced-x86 decodes to exactly their bytes", () => {
    const wrong: string[] = [];
    for (const c of cases) {
      const decoder = new Decoder(32, Uint8Array.from(c.code), DecoderOptions.None);
      // The lead instruction, when there is one, then the one under test.
      const lead = c.lead ? decoder.decode() : undefined;
      const insn = decoder.decode();
      // The #UD family, and lea and cmpxchg8b with a register operand, are drawn invalid on purpose.
      const registerForm = (c.code[c.code.length - 1] & 0xc0) === 0xc0;
      const invalidOnPurpose = c.family === "invalid" || ((c.family === "lea" || c.family === "cmpxchg8b") && registerForm);
      const leadOk = !lead || (!lead.isInvalid && lead.length === c.lead);
      if (!leadOk || (insn.isInvalid ? !invalidOnPurpose : insn.length !== c.code.length - c.lead)) {
        wrong.push(`${c.seed}:${c.index} ${c.family}: ${Buffer.from(c.code).toString("hex")}`);
      }
      lead?.free();
      insn.free();
      decoder.free();
    }
    expect(wrong.slice(0, 20)).toEqual([]);
  });

  it("is a pure function of seed and index", () => {
    const again = generateCase(seed, indexes[indexes.length - 1]);
    expect(again).toEqual(cases[cases.length - 1]);
  });
});

const missing = unicornMissing();
if (missing) console.warn(`skipping the differential fuzzer against Unicorn: ${missing}`);

describe.skipIf(missing !== null)("single instructions against Unicorn", () => {
  it("reports a case that crashes Unicorn as such and goes on with the batch", () => {
    // idiv ecx with edx:eax = -2^63 and ecx = -1: Unicorn 2.0.1 divides natively and dies of SIGFPE.
    const crash: FuzzCase = {
      ...generateCase(seed, 0),
      code: [0xf7, 0xf9],
      regs: [0, 0xffffffff, 0x80000000, 0, 0x8800, 0, 0, 0],
      lead: 0,
      patches: [],
      rep: false,
    };
    const next = { ...crash, index: 1, code: [0x90] };
    const [first, second] = runUnicorn([crash, next], baseMemory(seed));
    expect(first.exception).toMatch(/^unicorn crashed/);
    expect([second.exception, second.eip]).toEqual([null, next.eip + 1]);
  });

  it(`${cases.length} case(s) of seed ${seed} agree`, () => {
    const memory = baseMemory(seed);
    const expected = runUnicorn(cases, memory);
    const core = new CoreRunner(loadCoreWasm(), memory);
    const reports: string[] = [];
    const byFamily = new Map<string, string[]>();
    cases.forEach((c, k) => {
      const actual = core.run(c);
      const diffs = compareOutcome(c, expected[k], actual);
      if (replaying) {
        const report = formatMismatch(c, diffs.length ? diffs : ["(none: they agree)"], TEST_FILE);
        console.log(`${report}\n  unicorn: ${formatOutcome(expected[k])}\n  ours:    ${formatOutcome(actual)}`);
      }
      if (diffs.length === 0) return;
      if (reports.length < PRINT) reports.push(formatMismatch(c, diffs, TEST_FILE));
      const ids = byFamily.get(c.family) ?? [];
      ids.push(`${c.seed}:${c.index}`);
      byFamily.set(c.family, ids);
    });
    const total = [...byFamily.values()].reduce((s, ids) => s + ids.length, 0);
    if (total > 0) {
      const summary = [...byFamily].map(([f, ids]) => `  ${f}: ${ids.length} (${ids.slice(0, 12).join(" ")}${ids.length > 12 ? " ..." : ""})`);
      console.error([...reports, `${total} mismatch(es) in ${cases.length} cases, by family:`, ...summary].join("\n\n"));
    }
    expect(total, "cases where Unicorn and the core disagree (printed above)").toBe(0);
  });
});
