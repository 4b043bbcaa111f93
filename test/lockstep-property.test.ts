// A seeded property test: random single faults of every kind, at random cycles, on random
// modules, under every ECC setting. dmr and tmr never release wrong output (no sdc); tmr masks
// everything; dmr may fail-stop only when no check can name the module (no ECC). The same
// faults in simplex do change the output or crash the program: the injector is injecting.
import { describe, expect, it } from "vitest";
import { Prng } from "../src/util/prng";
import { classifyRun } from "../src/harness/outcome";
import type { EccMode } from "../src/core/module";
import { run } from "./support/machine";
import { workloads, randomFault } from "./support/random-faults";

const SEED = Number(process.env.LOCKSTEP86_FAULT_SEED ?? 0x1986);
const CASES = Number(process.env.LOCKSTEP86_FAULT_CASES ?? 1000);
const ECC: EccMode[] = ["parity", "parity", "secded", "none"];

function campaign(mode: "simplex" | "dmr" | "tmr", cases: number, seed: number) {
  const rng = new Prng(seed);
  const list = workloads();
  const modules = ({ simplex: ["A"], dmr: ["A", "B"], tmr: ["A", "B", "C"] } as const)[mode];
  const tally: Record<string, number> = {};
  const results: Array<{ spec: string; ecc: EccMode; outcome: string; program: string }> = [];
  for (let i = 0; i < cases; i++) {
    const w = rng.pick(list);
    const ecc = rng.pick(ECC);
    let spec = randomFault(rng, w, modules);
    if (mode === "simplex" && /^(pull|insert)/.test(spec)) spec = spec.replace(/^pull/, "halt");
    const r = run(w.img, { mode, ecc, stdin: w.stdin, inject: [spec] });
    const outcome = classifyRun(r, w.ref);
    tally[outcome] = (tally[outcome] ?? 0) + 1;
    results.push({ spec, ecc, outcome, program: w.img.name });
  }
  return { tally, results };
}

// A thousand whole runs: about a minute on an idle core, more on a shared one; the default limit
// is for catching a hang, which this would not be.
const LONG = 360_000;

describe("random single faults", () => {
  for (const mode of ["dmr", "tmr"] as const) {
    it(`${mode}: ${CASES} faults, seed ${SEED}: no sdc`, () => {
      const { tally, results } = campaign(mode, CASES, SEED + (mode === "tmr" ? 1 : 0));
      console.log(`${mode} outcomes (seed ${SEED}):`, tally);
      for (const r of results) {
        const what = `${r.program} --ecc ${r.ecc} --inject ${r.spec}`;
        expect(r.outcome, what).not.toBe("sdc");
        if (mode === "tmr") expect(["benign", "masked"], what).toContain(r.outcome);
        else if (r.ecc === "none") expect(["benign", "masked", "detected"], what).toContain(r.outcome);
        else expect(["benign", "masked"], what).toContain(r.outcome);
      }
      expect(tally.masked ?? 0).toBeGreaterThan(CASES / 10);
    }, LONG);
  }
  it("simplex: the same kinds of faults change the output or crash in some cases", () => {
    const { tally } = campaign("simplex", Math.min(CASES, 300), SEED + 2);
    console.log("simplex outcomes:", tally);
    expect((tally.sdc ?? 0) + (tally.crash ?? 0) + (tally.hang ?? 0)).toBeGreaterThan(0);
    expect(tally.detected ?? 0).toBeGreaterThan(0); // parity still stops a simplex machine
  });
});
