/**
 * Def/use pruning of disk flips (--prune defuse): a flip is injected just before the first
 * access of its sector, or, if nothing touches the sector again, takes the ending of the one such
 * flip run per module (the scrub before the disk's release finds it). Either way the case must end
 * exactly as the same flip run as drawn (the independent reference: the faulted run itself,
 * judged against the fault-free run). disk.elf writes and reads back the first 800 KiB of its
 * disk, so flips aimed there meet reads, writes and verifies; flips in the rest of the disk, and
 * on qsort.elf (which never touches the disk), lie until the end. Then a pruned campaign's disk
 * rates agree, within their intervals, with an unpruned campaign of another seed.
 */
import { describe, expect, it } from "vitest";
import { loadCoreWasm } from "../src/node/core-wasm";
import { Experiments, type CampaignSetup, type CaseResult } from "../src/campaign/experiment";
import { tally } from "../src/campaign/tally";
import { wilson } from "../src/campaign/stats";
import { Prng } from "../src/util/prng";
import { image } from "./support/machine";

const DISK = 1 << 20;
const SMALL = { ramSize: 2 << 20, disk: new Uint8Array(DISK) };
const USED = 820 << 10; // disk.elf's records and block lie below this

const SCENARIOS: Array<[string, string, number, Omit<CampaignSetup, "seed" | "kinds">]> = [
  ["disk.elf", "dmr", 60, { mode: "dmr", run: { ...SMALL, epoch: 1 << 13 } }],
  ["disk.elf", "simplex", 40, { mode: "simplex", run: { ...SMALL, epoch: 1 << 13 } }],
  ["disk.elf", "tmr, SEC-DED", 30, { mode: "tmr", run: { ...SMALL, ecc: "secded", epoch: 1 << 13 } }],
  ["qsort.elf", "dmr", 12, { mode: "dmr", run: { ...SMALL, epoch: 1 << 14 } }],
  ["qsort.elf", "simplex", 12, { mode: "simplex", run: { ...SMALL, epoch: 1 << 14 } }],
];

const withoutNote = ({ note: _, ...c }: CaseResult) => c;

describe("def/use pruning of disk flips", () => {
  it.each(SCENARIOS)("%s in %s: %i aimed disk flips end as they do unpruned", (file, _, n, s) => {
    const wasm = loadCoreWasm();
    const img = image(file);
    const setup: CampaignSetup = { ...s, seed: 3, kinds: ["disk"] };
    const pruned = new Experiments(wasm, img, { ...setup, prune: "defuse" });
    const plain = new Experiments(wasm, img, setup);
    const rng = new Prng(17);
    const modules = { simplex: ["A"], dmr: ["A", "B"], tmr: ["A", "B", "C"] }[s.mode];
    const a: CaseResult[] = [];
    const b: CaseResult[] = [];
    for (let i = 0; i < n; i++) {
      // Three in four where disk.elf works, the rest anywhere on the disk.
      const at = rng.below(i % 4 ? USED : DISK);
      const spec = `disk@${rng.below(plain.golden.cycles)}/${rng.pick(modules)}:sector=${at >>> 9},byte=${at & 511},bit=${rng.below(8)}`;
      a.push(pruned.runSpec(i, "disk", spec));
      b.push(plain.runSpec(i, "disk", spec));
    }
    expect(a.map(withoutNote)).toEqual(b);
    const skipped = a.filter((c) => c.note === "pruned").length;
    if (file === "qsort.elf") {
      // Nothing touches its disk: every flip is found by the scrub (repaired, or a fail-stop alone).
      expect(skipped).toBe(n);
      expect(new Set(b.map((c) => c.mechanism))).toEqual(new Set([s.mode === "simplex" ? "machine check" : "sector repair"]));
    } else {
      // Both paths are taken, and flips meet the program's accesses at different times.
      expect(skipped).toBeGreaterThan(0);
      expect(skipped).toBeLessThan(n);
      expect(new Set(b.map((c) => c.detectedAt)).size).toBeGreaterThan(2);
      // With a mirror, a bad sector is rewritten from it whether a read or the scrub found it.
      if (s.mode !== "simplex") expect(new Set(b.filter((c) => c.mechanism).map((c) => c.mechanism))).toEqual(new Set(["sector repair"]));
    }
  }, 600_000);

  it("a pruned campaign's disk rates agree with an unpruned one's within their intervals", () => {
    // Every disk flip is found (a checksum never misses one bit): what varies is how, and the
    // outcome in simplex (a fail-stop) or dmr (a repair). Both are compared.
    const wasm = loadCoreWasm();
    const img = image("disk.elf");
    for (const mode of ["simplex", "dmr"] as const) {
      const base: CampaignSetup = { mode, seed: 1, kinds: ["disk"], run: { ...SMALL, epoch: 1 << 13 } };
      const pruned = new Experiments(wasm, img, { ...base, prune: "defuse" });
      const plain = new Experiments(wasm, img, { ...base, seed: 2 });
      const runs = (x: Experiments, n: number) => Array.from({ length: n }, (_, i) => x.run(i));
      const p = runs(pruned, 600);
      const u = runs(plain, 150);
      const tp = tally(mode, pruned.spaces(), p).kinds[0];
      const tu = tally(mode, plain.spaces(), u).kinds[0];
      for (const o of ["benign", "masked", "detected", "sdc", "crash"] as const) {
        const wp = wilson(tp.outcomes[o], tp.n);
        const wu = wilson(tu.outcomes[o], tu.n);
        expect(wp.low <= wu.high && wu.low <= wp.high, `${mode} ${o}: ${tp.outcomes[o]}/${tp.n} vs ${tu.outcomes[o]}/${tu.n}`).toBe(true);
      }
      // dmr: a flip a read meets is found there (then rolled back and repaired from the mirror),
      // the rest by the scrub at the end: both paths are taken, in shares that agree. Simplex
      // fail-stops on both.
      const early = (cs: CaseResult[], x: Experiments) => cs.filter((c) => c.detectedAt !== null && c.detectedAt < x.golden.cycles).length;
      if (mode === "dmr") {
        expect(early(p, pruned)).toBeGreaterThan(0);
        expect(early(p, pruned)).toBeLessThan(p.length);
      }
      const ep = wilson(early(p, pruned), p.length);
      const eu = wilson(early(u, plain), u.length);
      expect(ep.low <= eu.high && eu.low <= ep.high, `${mode}: found before the end ${early(p, pruned)}/${p.length} vs ${early(u, plain)}/${u.length}`).toBe(true);
      const mechanisms = new Set([...p, ...u].map((c) => c.mechanism));
      for (const m of mechanisms) {
        const wp = wilson(p.filter((c) => c.mechanism === m).length, p.length);
        const wu = wilson(u.filter((c) => c.mechanism === m).length, u.length);
        expect(wp.low <= wu.high && wu.low <= wp.high, `${mode} mechanism ${m}`).toBe(true);
      }
    }
  }, 600_000);
});
