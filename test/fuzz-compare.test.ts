// The fuzzer's comparison: a difference in any compared field is reported, and only the flags
// and destinations the SDM leaves undefined are let through.
import { describe, expect, it } from "vitest";
import { compareOutcome } from "./support/fuzz/compare";
import type { FuzzCase, Outcome } from "./support/fuzz/fuzz-case";
import { AF, CF, OF } from "./support/fuzz/flag-masks";

const kase: FuzzCase = {
  seed: 1, index: 0, family: "test", eip: 0x1000, code: [0x90], lead: 0, regs: [1, 2, 3, 4, 5, 6, 7, 8],
  eflags: 2, patches: [], rep: false, undefinedFlags: AF | OF,
};
const outcome: Outcome = { regs: [1, 2, 3, 4, 5, 6, 7, 8], eip: 0x1001, eflags: 0x2, mem: [[0x4000, 7]], exception: null };
const ours = (change: Partial<Outcome>): Outcome => ({ ...outcome, ...change });

describe("compareOutcome", () => {
  it("reports nothing for equal outcomes and for differences only in undefined flags", () => {
    expect(compareOutcome(kase, outcome, outcome)).toEqual([]);
    expect(compareOutcome(kase, outcome, ours({ eflags: 0x2 | AF | OF }))).toEqual([]);
  });

  it("reports a defined flag, a register, eip, a memory byte and an exception", () => {
    expect(compareOutcome(kase, outcome, ours({ eflags: 0x2 | CF }))).toHaveLength(1);
    expect(compareOutcome(kase, outcome, ours({ regs: [1, 2, 3, 4, 5, 6, 7, 9] }))[0]).toMatch(/^edi/);
    expect(compareOutcome(kase, outcome, ours({ eip: 0x1002 }))[0]).toMatch(/^eip/);
    expect(compareOutcome(kase, outcome, ours({ mem: [[0x4000, 8]] }))[0]).toMatch(/^mem\[0x04000\]/);
    expect(compareOutcome(kase, outcome, ours({ mem: [] }))[0]).toMatch(/unchanged/);
    expect(compareOutcome(kase, outcome, ours({ mem: [[0x4000, 7], [0x4001, 1]] }))).toHaveLength(1);
    expect(compareOutcome(kase, outcome, ours({ exception: "DE" }))[0]).toMatch(/^exception: none vs DE/);
    // eflags bits beyond the arithmetic ones are compared too (DF, AC, ID).
    expect(compareOutcome(kase, outcome, ours({ eflags: 0x2 | 0x40000 }))).toHaveLength(1);
  });

  it("lets an undefined destination differ, in a register's low half or in memory, and nothing else", () => {
    const reg = { ...kase, undefinedDest: { reg: 0, size: 2 } };
    expect(compareOutcome(reg, outcome, ours({ regs: [0xffff, 2, 3, 4, 5, 6, 7, 8] }))).toEqual([]);
    expect(compareOutcome(reg, outcome, ours({ regs: [0x10001, 2, 3, 4, 5, 6, 7, 8] }))).toHaveLength(1);
    const mem = { ...kase, undefinedDest: { mem: 0x4000, size: 2 } };
    expect(compareOutcome(mem, outcome, ours({ mem: [[0x4000, 9], [0x4001, 9]] }))).toEqual([]);
    expect(compareOutcome(mem, outcome, ours({ mem: [[0x4000, 7], [0x4002, 9]] }))).toHaveLength(1);
  });
});
