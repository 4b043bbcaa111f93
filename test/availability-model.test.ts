/**
 * The availability model's Markov chains against closed forms derived by hand from their
 * balance equations: simplex A = mu / (lambda + mu); dmr with perfect and with imperfect
 * coverage; tmr with perfect coverage; and the solve stays accurate when a resync takes a
 * millisecond and a failure comes once in years (rates twelve orders of magnitude apart).
 */
import { describe, expect, it } from "vitest";
import type { CampaignKind } from "../src/campaign/space";
import { CAMPAIGN_KINDS } from "../src/campaign/space";
import { classProbabilities, nines, predict, steadyState, type ClassProbabilities, type RepairRates } from "../src/availability/index";

const only = (kind: CampaignKind, rate: number) => Object.fromEntries(CAMPAIGN_KINDS.map((k) => [k, k === kind ? rate : 0])) as Record<CampaignKind, number>;
const relErr = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

// A dead CPU (halt, a permanent fault): in a redundant machine the module is lost with
// probability c and the machine stops with 1 - c; alone, it stops.
const halts = (c: number): ClassProbabilities => (size) => (size === "simplex" ? { none: 0, lost: 0, down: 1 } : { none: 0, lost: c, down: 1 - c });

describe("availability: the Markov model against closed forms", () => {
  const lambda = 2e-4; // per hour
  const repair: RepairRates = { resync: 1e9, replace: 1 / 4, reboot: 6, restore: 1 / 4.5 };

  it("simplex: A = mu / (lambda + mu)", () => {
    const mu = repair.restore; // a dead part: replacement and reboot
    const p = predict("simplex", only("halt", lambda), halts(1), repair);
    expect(relErr(p.availability, mu / (lambda + mu))).toBeLessThan(1e-12);
    expect(relErr(p.unavailability, lambda / (lambda + mu))).toBeLessThan(1e-12);
    // Outages happen at the failure rate, while up: A lambda.
    expect(relErr(p.outagesPerHour, (mu / (lambda + mu)) * lambda)).toBeLessThan(1e-12);
    // A transient fault that stops it only needs a reboot.
    const t = predict("simplex", only("reg", lambda), () => ({ none: 0, lost: 0, down: 1 }), repair);
    expect(relErr(t.unavailability, lambda / (lambda + repair.reboot))).toBeLessThan(1e-12);
  });

  it("dmr, perfect coverage: 2 -> 1 at 2 lambda, 1 -> 2 at mu, 1 -> down at lambda, down -> 2 at mu0", () => {
    const mu = repair.replace;
    const mu0 = repair.restore;
    const pi2 = 1;
    const pi1 = (2 * lambda) / (lambda + mu);
    const pi0 = (lambda * pi1) / mu0;
    const p = predict("dmr", only("halt", lambda), halts(1), repair);
    expect(relErr(p.unavailability, pi0 / (pi2 + pi1 + pi0))).toBeLessThan(1e-10);
    // Outages: the second failure while one module is out, at pi1 lambda.
    expect(relErr(p.outagesPerHour, (pi1 * lambda) / (pi2 + pi1 + pi0))).toBeLessThan(1e-10);
  });

  it("dmr, coverage c: an uncovered failure goes straight down", () => {
    const c = 0.9;
    const mu = repair.replace;
    const mu0 = repair.restore;
    const pi1 = (2 * lambda * c) / (lambda + mu);
    const pi0 = (2 * lambda * (1 - c) + lambda * pi1) / mu0;
    const p = predict("dmr", only("halt", lambda), halts(c), repair);
    expect(relErr(p.unavailability, pi0 / (1 + pi1 + pi0))).toBeLessThan(1e-10);
  });

  it("tmr, perfect coverage: 3 -> 2 -> 1 -> down, each module repaired on its own", () => {
    const mu = repair.replace;
    const mu0 = repair.restore;
    // State 1: (2 mu + lambda) pi1 = 2 lambda pi2. State 2: (mu + 2 lambda) pi2 = 3 lambda pi3 + 2 mu pi1.
    const pi3 = 1;
    const pi2 = (3 * lambda) / (mu + 2 * lambda - (4 * lambda * mu) / (2 * mu + lambda));
    const pi1 = ((2 * lambda) / (2 * mu + lambda)) * pi2;
    const pi0 = (lambda * pi1) / mu0;
    const p = predict("tmr", only("halt", lambda), halts(1), repair);
    expect(relErr(p.unavailability, pi0 / (pi3 + pi2 + pi1 + pi0))).toBeLessThan(1e-10);
  });

  it("stays accurate with a millisecond resync and failures years apart", () => {
    // dmr under transient faults only (a register flip voted or retried away: module lost, resynced).
    const lam = 1e-5;
    const r: RepairRates = { resync: 3.6e6 * 2, replace: 1 / 4, reboot: 6, restore: 1 / 4.5 };
    const mu = r.resync;
    const pi1 = (2 * lam) / (lam + mu);
    const pi0 = (lam * pi1) / r.reboot;
    const p = predict("dmr", only("reg", lam), () => ({ none: 0, lost: 1, down: 0 }), r);
    expect(p.unavailability).toBeGreaterThan(0);
    expect(relErr(p.unavailability, pi0 / (1 + pi1 + pi0))).toBeLessThan(1e-9);
    expect(nines(p.unavailability)).toBeGreaterThan(15);
  });

  it("the steady state of a two-state chain and a three-state cycle", () => {
    expect(steadyState(2, [{ from: 0, to: 1, rate: 1 }, { from: 1, to: 0, rate: 3 }])).toEqual([0.75, 0.25]);
    // 0 -> 1 -> 2 -> 0 at rates 1, 2, 4: pi proportional to 1/rate.
    const pi = steadyState(3, [{ from: 0, to: 1, rate: 1 }, { from: 1, to: 2, rate: 2 }, { from: 2, to: 0, rate: 4 }]);
    const w = [1, 1 / 2, 1 / 4];
    const s = w.reduce((a, b) => a + b);
    pi.forEach((x, i) => expect(relErr(x, w[i] / s)).toBeLessThan(1e-14));
  });

  it("coverage interval ends: worst has more down and lost than the point, best less", () => {
    const c = { none: 20, lost: 3, down: 1 };
    const point = classProbabilities(c, "point");
    const worst = classProbabilities(c, "worst");
    const best = classProbabilities(c, "best");
    expect(point).toEqual({ none: 20 / 24, lost: 3 / 24, down: 1 / 24 });
    expect(worst.down).toBeGreaterThan(point.down);
    expect(worst.lost).toBeGreaterThan(point.lost);
    expect(best.down).toBeLessThan(point.down);
    for (const p of [worst, best]) expect(p.none + p.lost + p.down).toBeCloseTo(1, 12);
  });
});
