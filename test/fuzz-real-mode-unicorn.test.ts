// Differential single-instruction fuzzing of real mode against Unicorn (UC_MODE_16): seeded random
// instructions of what the 386 adds to real mode (0F opcodes, FS and GS, 0x66 and 0x67 forms),
// with register, segment and memory states weighted toward the edges but every access inside its
// segment. Each case runs for one instruction in Unicorn; its outcome becomes a conformance test
// that the core runs through ConformanceRunner.check, exactly as `lockstep86 conformance` runs a
// SingleStepTests file. Exceptions Unicorn raises (#DE, #BR, #UD) are compared through the vector
// table; cases Unicorn cannot run, or that collide with themselves, are counted and skipped.
//   LOCKSTEP86_REAL_FUZZ_SEED=n      another seed
//   LOCKSTEP86_REAL_FUZZ_CASES=n     another count
//   LOCKSTEP86_REAL_FUZZ_ONLY=s:i    only case i of seed s (replays a printed mismatch)
//   LOCKSTEP86_REAL_FUZZ_PRINT=n     print at most n mismatches in full
import { Decoder, DecoderOptions } from "iced-x86";
import { describe, expect, it } from "vitest";
import { ConformanceRunner, type SuiteFile } from "../src/conformance";
import { loadCoreWasm } from "../src/node/core-wasm";
import { unicornMissing } from "./support/fuzz/unicorn";
import { DEFAULT_REAL_SEED, generateRealCase } from "./support/real-fuzz/generate";
import type { RealCase } from "./support/real-fuzz/real-case";
import { formatRealMismatch } from "./support/real-fuzz/report";
import { toMooTest } from "./support/real-fuzz/to-moo";
import { runUnicornReal } from "./support/real-fuzz/unicorn";
import { caseSelection, envInt } from "./support/selection";

const TEST_FILE = "test/fuzz-real-mode-unicorn.test.ts";
const PREFIXES = new Set([0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3]);
const PREFIX = "LOCKSTEP86_REAL_FUZZ";

const { seed, indexes, replaying } = caseSelection(PREFIX, DEFAULT_REAL_SEED, 12_000);
const PRINT = envInt(`${PREFIX}_PRINT`, 40);
const cases: RealCase[] = indexes.map((i) => generateRealCase(seed, i));
/** As a file of the 80386 suite: its header's CPU id selects the 386's rules. */
const FILE: SuiteFile = { name: "real-mode fuzz", key: "fuzz", preamble: { header: { major: 1, minor: 1, count: 0, cpu: "386E" } } };

describe("the real-mode case generator", () => {
  it("emits instructions that iced-x86 decodes to exactly their bytes in 16-bit code", () => {
    const wrong: string[] = [];
    for (const c of cases) {
      // iced-x86 rejects LOCK where it is #UD: decode the bytes without it (it is one byte).
      const code = c.code.filter((b, k) => b !== 0xf0 || c.code.slice(0, k).some((p) => !PREFIXES.has(p)));
      const decoder = new Decoder(16, Uint8Array.from(code), DecoderOptions.None);
      const insn = decoder.decode();
      // The #UD family is drawn invalid on purpose (iced-x86 decodes some of it, as later CPUs do).
      const bad = c.family === "invalid" ? !insn.isInvalid && insn.length !== code.length : insn.isInvalid || insn.length !== code.length;
      if (bad) wrong.push(`${c.seed}:${c.index} ${c.family}: ${Buffer.from(c.code).toString("hex")}`);
      insn.free();
      decoder.free();
    }
    expect(wrong.slice(0, 20)).toEqual([]);
  });

  it("is a pure function of seed and index", () => {
    expect(generateRealCase(seed, indexes[indexes.length - 1])).toEqual(cases[cases.length - 1]);
  });
});

const missing = unicornMissing();
if (missing) console.warn(`skipping the real-mode differential fuzzer against Unicorn: ${missing}`);

describe.skipIf(missing !== null)("real-mode instructions against Unicorn", () => {
  it("Unicorn loads a segment's base as selector * 16 when its register is written in 16-bit mode", () => {
    // mov al,fs:[0005] (64 a0 05 00) and mov ax,[0004] (a1 04 00) with FS = 1234, DS = 2000: the
    // bytes at 0x12345 and 0x20004 are the only non-zero data, so the values read say which
    // linear addresses were used.
    const at = (segs: number[], ip: number, code: number[]): RealCase => ({
      seed: 0, index: 0, family: "check", regs: [0, 0, 0, 0, 0x100, 0, 0, 0], segs, ip, eflags: 2, code,
      mem: [[0x12345, 0x5a], [0x20004, 0x34], [0x20005, 0x12], ...code.map((b, k): [number, number] => [segs[1] * 16 + ip + k, b]), [segs[1] * 16 + ip + code.length, 0xf4]],
      rep: false, undefinedFlags: 0, unjudgedFlags: 0,
    });
    const segs = [0, 0x3000, 0x4000, 0x2000, 0x1234, 0];
    const [fs, ds] = runUnicornReal([at(segs, 0x10, [0x64, 0xa0, 0x05, 0x00]), { ...at(segs, 0x20, [0xa1, 0x04, 0x00]), index: 1 }]);
    expect([fs.regs[0] & 0xff, fs.eip, fs.skip]).toEqual([0x5a, 0x14, null]);
    expect([ds.regs[0] & 0xffff, ds.eip, ds.skip]).toEqual([0x1234, 0x23, null]);
  });

  it(`${cases.length} case(s) of seed ${seed} agree`, () => {
    const outcomes = runUnicornReal(cases);
    const runner = new ConformanceRunner(loadCoreWasm());
    const reports: string[] = [];
    const byFamily = new Map<string, string[]>();
    const skipped = new Map<string, string[]>();
    let exceptions = 0;
    cases.forEach((c, k) => {
      const o = outcomes[k];
      if (o.skip) {
        skipped.set(o.skip, [...(skipped.get(o.skip) ?? []), `${c.seed}:${c.index}`]);
        if (replaying) console.log(`${formatRealMismatch(c, o, [], "-")}\n  skipped: ${o.skip}`);
        return;
      }
      if (o.exception !== null) exceptions++;
      const undefinedMem = c.undefinedMem;
      const diffs = runner.check(FILE, toMooTest(c, o)).filter((d) => {
        const m = /^ram\[0x([0-9a-f]+)\]$/.exec(d.field);
        return !(m && undefinedMem && parseInt(m[1], 16) - undefinedMem[0] >= 0 && parseInt(m[1], 16) - undefinedMem[0] < undefinedMem[1]);
      });
      const replay = `${PREFIX}_ONLY=${c.seed}:${c.index} npx vitest run ${TEST_FILE}`;
      if (replaying) console.log(formatRealMismatch(c, o, diffs, replay) + (diffs.length ? "" : "\n  (they agree)"));
      if (diffs.length === 0) return;
      if (reports.length < PRINT) reports.push(formatRealMismatch(c, o, diffs, replay));
      const ids = byFamily.get(c.family) ?? [];
      ids.push(`${c.seed}:${c.index}`);
      byFamily.set(c.family, ids);
    });
    const total = [...byFamily.values()].reduce((s, ids) => s + ids.length, 0);
    const skips = [...skipped.values()].reduce((s, ids) => s + ids.length, 0);
    console.log(
      `real-mode fuzz, seed ${seed}: ${cases.length} cases, ${cases.length - skips} compared ` +
        `(${exceptions} raising an exception), ${total} mismatched, ${skips} skipped` +
        (skips ? ` (${[...skipped].map(([why, ids]) => `${why}: ${ids.length}, e.g. ${ids.slice(0, 3).join(" ")}`).join("; ")})` : ""),
    );
    if (total > 0) {
      const summary = [...byFamily].map(([f, ids]) => `  ${f}: ${ids.length} (${ids.slice(0, 12).join(" ")}${ids.length > 12 ? " ..." : ""})`);
      console.error([...reports, `${total} mismatch(es) in ${cases.length} cases, by family:`, ...summary].join("\n\n"));
    }
    expect(total, "cases where Unicorn and the core disagree (printed above)").toBe(0);
    // Skips are for Unicorn's own failures and rare self-collisions; many would hide coverage.
    if (!replaying) expect(skips, "skipped cases").toBeLessThan(cases.length / 50);
  });
});
