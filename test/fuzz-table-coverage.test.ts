// The fuzzers draw every row of the instruction table but those they leave out for a named reason:
// the seeded cases the Unicorn comparisons run (test/fuzz-unicorn.test.ts, test/fuzz-x87-unicorn.test.ts)
// are decoded by the table's own decoder, and every row must come up, each where it is claimed.
import { describe, expect, it } from "vitest";
import { decode } from "../src/disasm/decode";
import type { InsnForm } from "../src/isa/table";
import { DISTINCT_ROWS, describeRow, isX87, partitionRows } from "./support/fuzz-common/table-rows";
import { X87_EXCLUDED, X87_FORMS, generateX87Case } from "./support/fuzz-x87/case";
import { FAMILIES, TABLE_ROWS } from "./support/fuzz/families";
import { DEFAULT_SEED, generateCase } from "./support/fuzz/generate";
import { FLAT_EXCLUSIONS } from "./support/fuzz/rows";
import { REAL_FAMILIES, REAL_TABLE_ROWS } from "./support/real-fuzz/families";
import { DEFAULT_REAL_SEED, generateRealCase } from "./support/real-fuzz/generate";
import { REAL_EXCLUSIONS } from "./support/real-fuzz/rows";

const CASES = 20_000; // as many as test/fuzz-unicorn.test.ts runs by default
const { fuzzed, excluded } = partitionRows(FLAT_EXCLUSIONS);

describe("the flat-mode fuzzer's rows", () => {
  it("are every distinct row of the table less named exclusions, each claimed by a family", () => {
    expect(fuzzed.length + excluded.size).toBe(DISTINCT_ROWS.length);
    const unclaimed = fuzzed.filter((f) => !FAMILIES.some((family) => family.rows?.(f)));
    expect(unclaimed.map(describeRow)).toEqual([]);
    // Exclusions are for rows the flat-mode fuzzer cannot compare, not for rows it forgot.
    for (const reason of new Set(excluded.values())) expect(reason).toMatch(/: /);
    const byReason = new Map<string, number>();
    for (const why of excluded.values()) byReason.set(why, (byReason.get(why) ?? 0) + 1);
    console.log(
      [
        `${fuzzed.length} of ${DISTINCT_ROWS.length} distinct rows fuzzed (${TABLE_ROWS.length} by the table family); left out:`,
        ...[...byReason].map(([why, n]) => `  ${n}  ${why}`),
      ].join("\n"),
    );
  });

  it(`all come up in ${CASES} cases of seed ${DEFAULT_SEED}, each in a family that claims it`, () => {
    const seen = new Map<InsnForm, number>();
    const wrongFamily: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const c = generateCase(DEFAULT_SEED, i);
      const d = decode(Uint8Array.from(c.code), c.lead, 32, c.eip);
      if (!d) continue; // encodings drawn invalid on purpose (the invalid family, lea with a register)
      seen.set(d.form, (seen.get(d.form) ?? 0) + 1);
      const family = FAMILIES.find((f) => f.name === c.family)!;
      if (!family.rows?.(d.form) && wrongFamily.length < 20) wrongFamily.push(`${c.family}: ${describeRow(d.form)} (case ${i})`);
    }
    expect(wrongFamily).toEqual([]);
    expect(fuzzed.filter((f) => !seen.has(f)).map(describeRow)).toEqual([]);
    expect([...seen.keys()].filter((f) => excluded.has(f)).map(describeRow)).toEqual([]);
  });
});

describe("the x87 fuzzer's rows", () => {
  const x87Rows = DISTINCT_ROWS.filter(isX87);
  const cases = Array.from({ length: 4000 }, (_, i) => generateX87Case(87, i)); // as test/fuzz-x87-unicorn.test.ts

  it("are every x87 row of the table less named exclusions, one form each", () => {
    expect(X87_FORMS.length + X87_EXCLUDED.size).toBe(x87Rows.length);
    expect(new Set(X87_FORMS.map((f) => f.name)).size).toBe(X87_FORMS.length);
    const byReason = new Map<string, number>();
    for (const why of X87_EXCLUDED.values()) byReason.set(why, (byReason.get(why) ?? 0) + 1);
    console.log([`${X87_FORMS.length} of ${x87Rows.length} x87 rows fuzzed; left out:`, ...[...byReason].map(([why, n]) => `  ${n}  ${why}`)].join("\n"));
  });

  it("all come up in 4000 cases of seed 87, their bytes decoding to their rows", () => {
    const byName = new Map(X87_FORMS.map((f) => [f.name, f]));
    const wrong: string[] = [];
    const seen = new Set<InsnForm>();
    for (const c of cases) {
      const d = decode(Uint8Array.from(c.code), 0, 32, 0);
      const row = byName.get(c.name)!.row;
      if (d?.form !== row && wrong.length < 20) wrong.push(`${c.name} [${Buffer.from(c.code).toString("hex")}]: ${d ? describeRow(d.form) : "no row"}`);
      seen.add(row);
    }
    expect(wrong).toEqual([]);
    expect(X87_FORMS.filter((f) => !seen.has(f.row)).map((f) => f.name)).toEqual([]);
  });
});

describe("the real-mode fuzzer's rows", () => {
  const real = partitionRows(REAL_EXCLUSIONS);
  const COUNT = 12_000; // as many as test/fuzz-real-mode-unicorn.test.ts runs by default

  it("are every distinct row of the table less named exclusions, each claimed by a family", () => {
    const unclaimed = real.fuzzed.filter((f) => !REAL_FAMILIES.some((family) => family.rows?.(f)));
    expect(unclaimed.map(describeRow)).toEqual([]);
    const byReason = new Map<string, number>();
    for (const why of real.excluded.values()) byReason.set(why, (byReason.get(why) ?? 0) + 1);
    console.log(
      [
        `${real.fuzzed.length} of ${DISTINCT_ROWS.length} distinct rows fuzzed in real mode (${REAL_TABLE_ROWS.length} by the table family); left out:`,
        ...[...byReason].map(([why, n]) => `  ${n}  ${why}`),
      ].join("\n"),
    );
  });

  it(`all come up in ${COUNT} cases of seed ${DEFAULT_REAL_SEED}, each in a family that claims it`, () => {
    const seen = new Set<InsnForm>();
    const wrongFamily: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      const c = generateRealCase(DEFAULT_REAL_SEED, i);
      const d = decode(Uint8Array.from(c.code), 0, 16, c.ip);
      if (!d) continue; // the invalid family's encodings
      seen.add(d.form);
      const family = REAL_FAMILIES.find((f) => f.name === c.family)!;
      if (!family.rows?.(d.form) && wrongFamily.length < 20) wrongFamily.push(`${c.family}: ${describeRow(d.form)} (case ${i})`);
    }
    expect(wrongFamily).toEqual([]);
    expect(real.fuzzed.filter((f) => !seen.has(f)).map(describeRow)).toEqual([]);
    expect([...seen].filter((f) => real.excluded.has(f)).map(describeRow)).toEqual([]);
  });
});
