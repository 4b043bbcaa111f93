// firstJournalDifference: the first entry where two modules' journals disagree on what lockstep
// compares (cycle, kind|size, address, value), whatever the old values each module saw.
import { beforeEach, describe, expect, it } from "vitest";
import * as L from "../assembly/layout";
import type { CpuModule } from "../src/core/module";
import { journalModule as module } from "./support/journal-module";
import { firstJournalDifference } from "../src/harness/compare";

const WORDS = L.JOURNAL_ENTRY / 4;

describe("firstJournalDifference", () => {
  let a: CpuModule;
  let b: CpuModule;
  beforeEach(() => {
    a = module();
    b = module();
  });
  const word = (entry: number, w: number) => (L.JOURNAL_BASE >>> 2) + entry * WORDS + w;

  it("finds none in the journals of two modules that ran the same program", () => {
    expect(a.journalLength).toBeGreaterThan(1000);
    expect(b.journalLength).toBe(a.journalLength);
    expect(firstJournalDifference(a, b)).toBe(-1);
    expect(firstJournalDifference(b, a)).toBe(-1);
  });

  it("finds a difference in the cycle, kind and size, address or value at its entry", () => {
    const n = a.journalLength;
    for (const at of [0, 1, n >> 1, n - 1]) {
      for (let w = 0; w < 4; w++) {
        for (const bit of [0, 31]) {
          const m = module();
          const u32 = new Uint32Array(m.bytes.buffer);
          u32[word(at, w)] ^= 1 << bit;
          expect(firstJournalDifference(a, m), `entry ${at}, word ${w}, bit ${bit}`).toBe(at);
          expect(firstJournalDifference(m, a), `entry ${at}, word ${w}, bit ${bit}, other way`).toBe(at);
        }
      }
    }
  });

  it("ignores the old value and old check code, which are each module's own", () => {
    const u32 = new Uint32Array(b.bytes.buffer);
    for (let e = 0; e < b.journalLength; e += 97) {
      u32[word(e, 4)] ^= 0xffffffff;
      u32[word(e, 5)] ^= 0x1;
    }
    expect(firstJournalDifference(a, b)).toBe(-1);
  });

  it("names the first of several differences", () => {
    const u32 = new Uint32Array(b.bytes.buffer);
    u32[word(900, 3)] ^= 4;
    u32[word(300, 2)] ^= 4;
    expect(firstJournalDifference(a, b)).toBe(300);
  });

  it("names the end of the shorter journal when one is a prefix of the other", () => {
    const n = a.journalLength;
    b.setU32(L.S_JOURNAL_LEN, n - 5);
    expect(firstJournalDifference(a, b)).toBe(n - 5);
    expect(firstJournalDifference(b, a)).toBe(n - 5);
  });
});
