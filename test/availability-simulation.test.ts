/**
 * The simulation agrees with the Markov model: for outcome classes given as counts (so the
 * simulation draws from exactly the distribution the model uses), the simulation's 95%
 * interval holds the model's exact value for several seeds and every mode, even where outages
 * are so rare that only the failure biasing sees them. Then the whole computation on the
 * machine itself: the built-in campaign's runs, the prediction and the simulation agree, and
 * the same seed gives the same numbers.
 */
import { describe, expect, it } from "vitest";
import { loadCoreWasm } from "../src/node/core-wasm";
import { defaultSettings, DEFAULT_RATES, drawFromRuns, fromCoverage, kindRates, predict, repairRates, runAvailability, simulate, type CoverageTable } from "../src/availability/index";

// Counts shaped like the machine's: simplex stops on most faults, dmr and tmr lose a module on
// some and stop on a few.
const TABLE: CoverageTable = {
  simplex: { ram: { none: 20, lost: 0, down: 4 }, reg: { none: 15, lost: 0, down: 9 }, disk: { none: 2, lost: 0, down: 22 }, stuck: { none: 22, lost: 0, down: 2 }, halt: { none: 0, lost: 0, down: 24 } },
  dmr: { ram: { none: 22, lost: 1, down: 1 }, reg: { none: 23, lost: 0, down: 1 }, disk: { none: 21, lost: 2, down: 1 }, stuck: { none: 23, lost: 1, down: 0 }, halt: { none: 0, lost: 24, down: 0 }, pull: { none: 0, lost: 24, down: 0 } },
  tmr: { ram: { none: 23, lost: 1, down: 0 }, reg: { none: 4, lost: 20, down: 0 }, disk: { none: 22, lost: 2, down: 0 }, stuck: { none: 24, lost: 0, down: 0 }, halt: { none: 0, lost: 24, down: 0 }, pull: { none: 0, lost: 24, down: 0 } },
};
// In tmr nothing stops the machine at once: outages need two more failures within a repair.
const TMR_ONLY_EXHAUSTION: CoverageTable = { ...TABLE, dmr: { ...TABLE.dmr, ram: { none: 23, lost: 1, down: 0 }, reg: { none: 24, lost: 0, down: 0 }, disk: { none: 22, lost: 2, down: 0 } } };

const rates = kindRates(DEFAULT_RATES);
const repair = repairRates({ resyncCycles: 64_536, mips: 1000, replaceHours: 4, rebootMinutes: 10 });

describe("availability: simulation against the Markov model", () => {
  for (const [name, table] of [["counts with uncovered faults", TABLE], ["tmr down only by exhaustion", TMR_ONLY_EXHAUSTION]] as const) {
    for (const mode of ["simplex", "dmr", "tmr"] as const) {
      it(`${mode}, ${name}: the exact value lies in the simulation's 95% interval`, () => {
        const exact = predict(mode, rates, fromCoverage(table), repair).unavailability;
        const sim = simulate({ mode, rates, repair, draw: drawFromRuns(table), years: 50_000, seed: 1 });
        expect(sim.outages).toBeGreaterThan(50);
        expect(sim.interval.low).toBeLessThanOrEqual(exact);
        expect(sim.interval.high).toBeGreaterThanOrEqual(exact);
        // The interval is informative: its half-width is under half the value.
        expect(sim.interval.high - sim.interval.low).toBeLessThan(exact);
        // And the interval means 95%: of 20 seeds' intervals, at least 16 hold the exact value
        // (fewer has probability 0.3% if they truly cover 95%).
        let held = 0;
        for (let seed = 100; seed < 120; seed++) {
          const r = simulate({ mode, rates, repair, draw: drawFromRuns(table), years: 10_000, seed });
          if (r.interval.low <= exact && exact <= r.interval.high) held++;
        }
        expect(held).toBeGreaterThanOrEqual(16);
      });
    }
  }

  it("where outages are common, the plain simulation (no biasing) and the biased one both hold the exact value", () => {
    // Rates a thousand times the defaults: a dmr goes down every few years, so plain simulation
    // sees thousands of outages and needs no acceleration to check the accelerated one against.
    const fast = Object.fromEntries(Object.entries(rates).map(([k, r]) => [k, r * 1000])) as typeof rates;
    const exact = predict("dmr", fast, fromCoverage(TMR_ONLY_EXHAUSTION), repair).unavailability;
    for (const bias of [0, 0.5]) {
      const sim = simulate({ mode: "dmr", rates: fast, repair, draw: drawFromRuns(TMR_ONLY_EXHAUSTION), years: 2_000, seed: 11, bias });
      expect(sim.outages).toBeGreaterThan(bias ? 1000 : 100);
      expect(sim.interval.low).toBeLessThanOrEqual(exact);
      expect(sim.interval.high).toBeGreaterThanOrEqual(exact);
    }
  });

  it("the same seed gives the same numbers; another seed, others", () => {
    const run = (seed: number) => simulate({ mode: "dmr", rates, repair, draw: drawFromRuns(TABLE), years: 5_000, seed });
    expect(run(7)).toEqual(run(7));
    expect(run(8).unavailability).not.toBe(run(7).unavailability);
  });
});

describe("availability: on the machine itself", () => {
  const wasm = loadCoreWasm();
  const s = { ...defaultSettings(), years: 20_000 };
  s.machine.runsPerClass = 8;

  it("the prediction from the machine's runs and the simulation drawing from them agree, per mode", () => {
    const r = runAvailability(wasm, s);
    // Every class was run runsPerClass times (a pulled simplex module is not run: it is down).
    for (const [size, kinds] of Object.entries(r.runs)) {
      expect(Object.keys(kinds!).sort()).toEqual(size === "simplex" ? ["disk", "halt", "ram", "reg", "stuck"] : ["disk", "halt", "pull", "ram", "reg", "stuck"]);
      for (const c of Object.values(kinds!)) expect(c.none + c.lost + c.down).toBe(8);
    }
    // What the machine does, checked against what it is built to do: a halted CPU takes its
    // module out of dmr and tmr (lost, never down) and stops a simplex machine.
    expect(r.runs.dmr!.halt).toEqual({ none: 0, lost: 8, down: 0 });
    expect(r.runs.tmr!.pull).toEqual({ none: 0, lost: 8, down: 0 });
    expect(r.runs.simplex!.halt).toEqual({ none: 0, lost: 0, down: 8 });
    for (const m of r.report.modes) {
      expect(m.agree).toBe(true);
      expect(m.simulated.outages).toBeGreaterThan(20);
      // The same runs behind both: the prediction's point lies within the simulation's 99.9%
      // interval (its 95% half-width times 3.29 / 1.96; missed once in a thousand by chance).
      const half95 = (m.simulated.interval.worst.unavailability - m.simulated.interval.best.unavailability) / 2;
      expect(Math.abs(m.simulated.unavailability - m.predicted.unavailability)).toBeLessThanOrEqual((half95 * 3.29) / 1.96);
    }
    const [simplex, dmr, tmr] = r.report.modes;
    expect(dmr.predicted.nines).toBeGreaterThan(simplex.predicted.nines + 2);
    expect(tmr.predicted.nines).toBeGreaterThan(dmr.predicted.nines + 2);
    // Deterministic: the same settings give the same report.
    expect(runAvailability(wasm, s).report).toEqual(r.report);
  }, 120_000);
});
