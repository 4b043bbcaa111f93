// What modules on different threads compare an epoch on. journalHash: equal journals (by
// firstJournalDifference, the entry-by-entry comparison it stands in for) must hash equal, and
// journals that differ must not: one flipped bit of any compared word at any entry, entries in
// another order, one entry more, random pairs of flips. epochDigest: the compared state (the
// state policy's P_COMPARED bytes, as stateDifference compares them) and the journal.
import { describe, expect, it } from "vitest";
import * as L from "../assembly/layout";
import type { CpuModule } from "../src/core/module";
import { journalModule as module } from "./support/journal-module";
import { firstJournalDifference, stateDifference } from "../src/harness/compare";

const WORDS = L.JOURNAL_ENTRY / 4;

const hash = (m: CpuModule, n = m.journalLength) => m.exports.journalHash(n);
const words = (m: CpuModule) => new Uint32Array(m.bytes.buffer, m.journalAt, m.journalLength * WORDS);

describe("journalHash", () => {
  const a = module();
  const b = module();
  const n = a.journalLength;
  const original = hash(b);

  // Runs `change` on B's journal, hashes it, and puts the journal back.
  function changed(change: (w: Uint32Array) => void): bigint {
    const w = words(b);
    const saved = w.slice();
    change(w);
    const h = hash(b);
    w.set(saved);
    return h;
  }

  it("is the same for the journals of two modules that ran the same program", () => {
    expect(n).toBeGreaterThan(1000);
    expect(firstJournalDifference(a, b)).toBe(-1);
    expect(hash(a)).toBe(original);
  });

  it("differs for every flipped bit of a compared word, at entries in every chain and the tail", () => {
    // Eight chains take the entries in turn; the last n % 8 entries go into the first chain.
    for (const at of [0, 1, 7, 8, 9, 15, n >> 1, n - 9, n - 8, n - 1]) {
      for (let word = 0; word < 4; word++) {
        for (let bit = 0; bit < 32; bit++) {
          expect(changed((w) => (w[at * WORDS + word] ^= 1 << bit)), `entry ${at}, word ${word}, bit ${bit}`).not.toBe(original);
        }
      }
    }
  });

  it("ignores the old value and old check code, which are each module's own", () => {
    expect(changed((w) => {
      for (let e = 0; e < n; e += 3) {
        w[e * WORDS + 4] ^= 0xffffffff;
        w[e * WORDS + 5] ^= 0x5a;
      }
    })).toBe(original);
  });

  it("differs when entries change places or the journal is an entry longer", () => {
    const swap = (i: number, j: number) => (w: Uint32Array) => {
      const x = w.slice(i * WORDS, (i + 1) * WORDS);
      w.copyWithin(i * WORDS, j * WORDS, (j + 1) * WORDS);
      w.set(x, j * WORDS);
    };
    for (const [i, j] of [[0, 1], [0, 8], [100, 108], [n - 2, n - 1], [3, n - 1]]) {
      if (words(b).slice(i * WORDS, i * WORDS + 4).join() === words(b).slice(j * WORDS, j * WORDS + 4).join()) continue;
      expect(changed(swap(i, j)), `entries ${i} and ${j} swapped`).not.toBe(original);
    }
    expect(hash(b, n - 1)).not.toBe(original);
    expect(hash(b, n - 1)).not.toBe(hash(b, n - 2));
  });

  it("differs for random pairs of flipped bits (seeded)", () => {
    let s = 0x2545f491;
    const next = (k: number) => {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      return (s >>> 0) % k;
    };
    const seen = new Set<bigint>([original]);
    for (let t = 0; t < 2000; t++) {
      const flips = [0, 1].map(() => [next(n), next(4), next(32)]);
      if (flips[0].join() === flips[1].join()) continue;
      const h = changed((w) => {
        for (const [e, word, bit] of flips) w[e * WORDS + word] ^= 1 << bit;
      });
      expect(h, `flips ${JSON.stringify(flips)}`).not.toBe(original);
      seen.add(h);
    }
    expect(seen.size).toBeGreaterThan(1990);
  });
});

describe("epochDigest", () => {
  const a = module();
  const b = module();
  const digest = (m: CpuModule, journal = 1) => {
    m.exports.epochDigest(m.journalLength, journal);
    return `${m.getU32(L.S_EPOCH_DIGEST)}:${m.getU32(L.S_EPOCH_DIGEST + 4)}`;
  };
  const original = digest(b);

  it("is the same for two modules that ran the same program", () => {
    expect(stateDifference(a, b)).toBeUndefined();
    expect(digest(a)).toBe(original);
  });

  it("differs for a flipped bit in every compared byte of the state, and in the journal", () => {
    let compared = 0;
    for (const [offset, size, policy] of L.statePolicy()) {
      for (let at = offset; at < offset + size; at++) {
        for (const bit of [0, 7]) {
          // The whole state block back after each flip: materializing flags rewrites EFLAGS.
          const saved = b.bytes.slice(L.STATE_BASE, L.STATE_BASE + L.STATE_SIZE);
          b.bytes[at] ^= 1 << bit;
          // The oracle: whether a checkpoint's comparison tells the two modules apart.
          const differs = stateDifference(a, b) !== undefined;
          const d = digest(b, 0);
          b.bytes.set(saved, L.STATE_BASE);
          if (differs) compared++;
          if (policy === L.P_COMPARED) expect(differs, `0x${at.toString(16)} bit ${bit} is compared`).toBe(true);
          expect(d !== digest(a, 0), `0x${at.toString(16)} bit ${bit}`).toBe(differs);
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
    const w = words(b);
    w[5 * WORDS + 3] ^= 1 << 9;
    expect(digest(b)).not.toBe(original);
    expect(digest(b, 0), "the state alone").toBe(digest(a, 0));
    w[5 * WORDS + 3] ^= 1 << 9;
    expect(digest(b)).toBe(original);
  });
});
