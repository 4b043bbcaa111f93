/**
 * Def/use pruning (--prune defuse) changes what runs, not what a case ends as: every RAM flip
 * and stuck bit, pruned or injected at the read it meets, ends exactly as the same fault run as
 * drawn (the independent reference: the faulted run itself, judged against the fault-free run).
 * Faults are aimed at the bytes programs use (their segments and the stack), where pruning has
 * to tell dead values from live ones; uniform ones land mostly in untouched RAM. Then a pruned
 * campaign's rates agree, within their intervals, with an unpruned campaign of another seed.
 */
import { describe, expect, it } from "vitest";
import { loadCoreWasm } from "../src/node/core-wasm";
import { Experiments, type CampaignSetup, type CaseResult } from "../src/campaign/experiment";
import { ramOriginFor } from "../src/loader/process";
import { tally } from "../src/campaign/tally";
import { wilson } from "../src/campaign/stats";
import { Prng } from "../src/util/prng";
import { image } from "./support/machine";

const SMALL = { ramSize: 2 << 20, disk: new Uint8Array(1 << 20) };
const STACK = 16 << 10;

const SCENARIOS: Array<[string, string, number, Omit<CampaignSetup, "seed" | "kinds">]> = [
  ["qsort.elf", "dmr", 120, { mode: "dmr", run: { ...SMALL, epoch: 1 << 14 } }],
  ["crc32.elf", "simplex, no ECC", 120, { mode: "simplex", run: { ...SMALL, ecc: "none", epoch: 1 << 14 } }],
  ["strings.elf", "tmr, SEC-DED", 50, { mode: "tmr", run: { ...SMALL, ecc: "secded", epoch: 1 << 14 } }],
];

const hex = (v: number) => `0x${v.toString(16)}`;
const withoutNote = ({ note: _, ...c }: CaseResult) => c;

describe("def/use pruning", () => {
  it.each(SCENARIOS)("%s in %s: %i aimed flips and stuck bits end as they do unpruned", (file, _, n, s) => {
    const wasm = loadCoreWasm();
    const img = image(file);
    const setup: CampaignSetup = { ...s, seed: 3, kinds: ["ram", "stuck"] };
    const pruned = new Experiments(wasm, img, { ...setup, prune: "defuse" });
    const plain = new Experiments(wasm, img, setup);
    const origin = ramOriginFor(img);
    const used: Array<[number, number]> = [...img.segments.map((g): [number, number] => [g.address, g.memSize]), [origin + SMALL.ramSize - STACK, STACK]];
    const rng = new Prng(11);
    const modules = { simplex: ["A"], dmr: ["A", "B"], tmr: ["A", "B", "C"] }[s.mode];
    const a: CaseResult[] = [];
    const b: CaseResult[] = [];
    for (let i = 0; i < n; i++) {
      const [from, size] = rng.pick(used);
      const kind = i % 2 ? "stuck" : "ram";
      const spec = `${kind}@${rng.below(plain.golden.cycles)}/${rng.pick(modules)}:addr=${hex(from + rng.below(size))},bit=${rng.below(8)}${kind === "stuck" ? `,value=${rng.below(2)}` : ""}`;
      a.push(pruned.runSpec(i, kind, spec));
      b.push(plain.runSpec(i, kind, spec));
    }
    expect(a.map(withoutNote)).toEqual(b);
    // Both paths are taken: some faults pruned, some run; and not every run is benign.
    const skipped = a.filter((c) => c.note === "pruned").length;
    expect(skipped).toBeGreaterThan(0);
    expect(skipped).toBeLessThan(n);
    expect(new Set(b.map((c) => c.outcome)).size).toBeGreaterThan(1);
  }, 600_000);

  it("a pruned campaign's rates agree with an unpruned one's within their intervals", () => {
    const wasm = loadCoreWasm();
    const img = image("qsort.elf");
    const base: CampaignSetup = { mode: "simplex", seed: 1, kinds: ["ram"], run: { ramSize: 2 << 20, ecc: "none", epoch: 1 << 14 } };
    const pruned = new Experiments(wasm, img, { ...base, prune: "defuse" });
    const plain = new Experiments(wasm, img, { ...base, seed: 2 });
    const count = (x: Experiments, n: number) => tally("simplex", x.spaces(), Array.from({ length: n }, (_, i) => x.run(i))).kinds[0];
    const p = count(pruned, 4000);
    const u = count(plain, 300);
    for (const o of ["benign", "sdc", "crash"] as const) {
      const wp = wilson(p.outcomes[o], p.n);
      const wu = wilson(u.outcomes[o], u.n);
      expect(wp.low <= wu.high && wu.low <= wp.high, `${o}: ${p.outcomes[o]}/${p.n} vs ${u.outcomes[o]}/${u.n}`).toBe(true);
    }
  }, 600_000);
});
