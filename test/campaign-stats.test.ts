/**
 * The campaign's statistics against published and hand-computed values: Wilson intervals from
 * Newcombe's table (Statistics in Medicine 17, 1998, table I, method 3), Leveugle's sample sizes
 * (DATE 2009, eq. 2), and the stratified extrapolated failure count worked by hand.
 */
import { describe, expect, it } from "vitest";
import { extrapolate, formatRate, leveugle, quantile, wilson } from "../src/campaign/stats";
import { spaceSize, uniformFault, kindOf } from "../src/campaign/space";
import { tally } from "../src/campaign/tally";
import { Prng } from "../src/util/prng";
import { parseFault } from "../src/faults/spec";
import type { CaseResult } from "../src/campaign/experiment";

describe("Wilson score interval", () => {
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])("%i of %i: %f to %f (Newcombe 1998)", (k, n, low, high) => {
    const w = wilson(k, n);
    expect(w.low).toBeCloseTo(low, 4);
    expect(w.high).toBeCloseTo(high, 4);
  });

  it("no hits: the upper bound is z^2 / (n + z^2), shown as 'at most'", () => {
    // 1.96^2 / (100 + 1.96^2) = 3.8416 / 103.8416 = 0.036995 (z = 1.95996 gives 0.036993)
    expect(wilson(0, 100).high).toBeCloseTo(0.036993, 5);
    expect(wilson(0, 100).low).toBe(0);
    expect(formatRate(0, 100)).toBe("0 (at most 3.70%)");
    expect(formatRate(81, 263)).toBe("30.8% (25.5%-36.6%)");
    expect(wilson(5, 5).high).toBe(1);
  });
});

describe("Leveugle's number of experiments", () => {
  it("an unbounded fault space: t^2 p(1-p) / e^2", () => {
    // 1.96^2 * 0.25 / 0.05^2 = 384.16 -> 385; / 0.01^2 = 9604 (with t = 1.95996: 9603.6 -> 9604)
    expect(leveugle(Infinity, 0.05)).toBe(385);
    expect(leveugle(Infinity, 0.01)).toBe(9604);
  });
  it("a finite space: N / (1 + e^2 (N-1) / (t^2 p(1-p)))", () => {
    // N = 2^20, e = 1%: 1048576 / (1 + 1e-4 * 1048575 / 0.9604) = 9516.5 -> 9517
    expect(leveugle(2 ** 20, 0.01)).toBe(9517);
    // a small space: 100 / (1 + 1e-4 * 99 / 0.9604) = 98.98 -> 99, nearly all of it
    expect(leveugle(100, 0.01)).toBe(99);
  });
  it("rejects a margin outside (0, 1)", () => {
    expect(() => leveugle(1000, 0)).toThrow(/margin/);
    expect(() => leveugle(1000, 1.5)).toThrow(/margin/);
  });
});

describe("extrapolated failure counts (Schirmeier et al., DSN 2015)", () => {
  it("sums space x failure fraction over strata, with the standard error", () => {
    // stratum 1: 1000 faults, 2 of 10 sampled fail -> 200; variance 1000^2 * 0.2*0.8/10 * (990/999)
    //   = 15855.86; stratum 2: 500 faults, 0 of 20 fail -> 0, variance 0. stderr = sqrt(15855.86) = 125.92
    const e = extrapolate([{ space: 1000, n: 10, failures: 2 }, { space: 500, n: 20, failures: 0 }]);
    expect(e.count).toBe(200);
    expect(e.stderr).toBeCloseTo(125.92, 2);
    // upper: 1000 * wilson(2,10).high + 500 * wilson(0,20).high = 1000*0.5098 + 500*0.1611
    expect(e.upper).toBeCloseTo(1000 * 0.50984 + 500 * 0.16113, -1);
  });

  it("weights kinds by their spaces, not by how many cases each got", () => {
    const c = (i: number, kind: string, outcome: CaseResult["outcome"]): CaseResult =>
      ({ case: i, spec: "", kind: kind as CaseResult["kind"], outcome, injectedAt: 10, detectedAt: outcome === "masked" ? 10 + i : null, mechanism: outcome === "masked" ? "retry" : null });
    // reg: 4 cases, 1 sdc, space 3200; halt: 2 cases, 0 failures, space 100.
    const cases = [c(0, "reg", "sdc"), c(1, "reg", "benign"), c(2, "reg", "masked"), c(3, "reg", "masked"), c(4, "halt", "masked"), c(5, "halt", "masked")];
    const t = tally("dmr", { reg: 3200, halt: 100 }, cases);
    expect(t.sdc.count).toBe(800); // 3200 * 1/4
    expect(t.kinds.map((k) => [k.kind, k.n, k.outcomes.masked])).toEqual([["reg", 4, 2], ["halt", 2, 2]]);
    expect(t.total.space).toBe(3300);
    // latencies 2, 3, 4, 5: nearest-rank median is the 2nd (3), p99 the 4th (5)
    expect(t.latency).toEqual({ count: 4, median: 3, p99: 5 });
    expect(t.mechanisms.retry).toBe(4);
  });

  it("nearest-rank quantiles", () => {
    expect(quantile([5, 1, 3], 0.5)).toBe(3);
    expect(quantile(Array.from({ length: 200 }, (_, i) => i + 1), 0.99)).toBe(198);
    expect(quantile([], 0.5)).toBeUndefined();
  });
});

describe("uniform fault spaces", () => {
  const t = { cycles: 1000, ramSize: 1 << 20, diskSize: 4096, modules: ["A", "B"] as const };
  it("sizes are cycles x locations x modules", () => {
    expect(spaceSize("ram", t)).toBe(1000 * 2 * (1 << 20) * 8);
    expect(spaceSize("reg", t)).toBe(1000 * 2 * 10 * 32);
    expect(spaceSize("disk", t)).toBe(1000 * 2 * 4096 * 8);
    expect(spaceSize("halt", t)).toBe(2000);
  });
  it("draws every part of a space evenly, and each spec parses", () => {
    const n = 20_000;
    const regs = new Map<string, number>();
    let lowHalfRam = 0;
    let moduleA = 0;
    for (let i = 0; i < n; i++) {
      const rng = Prng.forCase(9, i);
      const reg = parseFault(uniformFault(rng, t, "reg"));
      if (reg.kind !== "reg") throw new Error("not a reg fault");
      regs.set(reg.reg, (regs.get(reg.reg) ?? 0) + 1);
      const ram = parseFault(uniformFault(rng, t, "ram"));
      if (ram.kind !== "ram") throw new Error("not a ram fault");
      if (ram.addr < t.ramSize / 2) lowHalfRam++;
      if (ram.module === "A") moduleA++;
      expect(ram.cycle).toBeLessThan(t.cycles);
    }
    // 10 registers: each about n/10 (binomial sd sqrt(20000*.1*.9) = 42; 5 sd = 212)
    expect(regs.size).toBe(10);
    for (const count of regs.values()) expect(Math.abs(count - n / 10)).toBeLessThan(212);
    expect(Math.abs(lowHalfRam - n / 2)).toBeLessThan(354); // sd 70.7
    expect(Math.abs(moduleA - n / 2)).toBeLessThan(354);
  });
  it("strata take turns by case index", () => {
    expect([0, 1, 2, 3, 4].map((i) => kindOf(i, ["ram", "reg"]))).toEqual(["ram", "reg", "ram", "reg", "ram"]);
  });
});
