// The availability simulated: years of operation, failures drawn at the component rates, each
// failure's outcome one of the machine's own faulted runs of that fault class, repairs at the
// repair rates, and the downtime added up.
//
// Outages of a redundant machine are rare (a second failure during a four-hour repair), so plain
// simulation would need millions of years to see a few. The simulation is therefore accelerated
// by importance sampling on the chain's jumps (balanced failure biasing: Goyal, Shahabuddin,
// Heidelberger, Nicola, Glynn, IEEE Trans. Computers 1992): while a module awaits repair, the
// next event is a failure with probability at least BIAS instead of its real, tiny probability,
// and every path carries its likelihood ratio, so the estimate is unbiased for the real rates.
// Holding times enter as their expectations (conditional Monte Carlo). The estimator is the
// regenerative ratio: each cycle starts with every module online and ends when the machine is
// back there; unavailability = sum of weighted downtime / sum of weighted time, with a 95%
// interval by the delta method over cycles. Outcome classes are drawn, never biased: they are
// the machine's.
import type { CampaignKind } from "../campaign/space";
import type { Mode } from "../harness/lockstep";
import { Z95 } from "../campaign/stats";
import { Prng } from "../util/prng";
import { afterFault, ALL_UP, modulesOf, online, repairs, sizeOf, type RepairRates, type State } from "./chain";
import type { CoverageTable, OutcomeClass } from "./coverage";
import { HOURS_PER_YEAR } from "./rates";

export const BIAS = 0.5;

/** Draws the outcome class of one fault of `kind` on a machine of size `size`. */
export type OutcomeDraw = (size: Mode, kind: CampaignKind, rng: Prng) => OutcomeClass;

/** One of the machine's recorded runs of the class, at random (a simplex machine whose only
 *  module is pulled is down: nothing is left to run). */
export function drawFromRuns(table: CoverageTable): OutcomeDraw {
  return (size, kind, rng) => {
    if (size === "simplex" && kind === "pull") return "down";
    const c = table[size]?.[kind];
    if (!c) throw new Error(`no machine runs for ${kind} faults in ${size}`);
    let i = rng.below(c.none + c.lost + c.down);
    if (i < c.none) return "none";
    i -= c.none;
    return i < c.lost ? "lost" : "down";
  };
}

export interface SimulationInput {
  mode: Mode;
  rates: Record<CampaignKind, number>; // per module, per hour
  repair: RepairRates;
  draw: OutcomeDraw;
  years: number; // length of the simulated timeline
  seed: number;
  /** The least probability of a failure while a module awaits repair (default BIAS; 0: no
   *  biasing, a plain simulation of the jump chain, for checking the biased one). */
  bias?: number;
}

export interface SimulationResult {
  unavailability: number;
  interval: { low: number; high: number }; // 95%
  years: number; // simulated
  cycles: number; // regenerative cycles
  failures: number; // failure events, each with a machine outcome
  outages: number; // cycles that reached a down state
}

function pick<T>(rng: Prng, items: ReadonlyArray<{ rate: number; value: T }>, total: number): T {
  let x = (rng.nextU32() / 0x100000000) * total;
  for (const it of items) {
    if (x < it.rate) return it.value;
    x -= it.rate;
  }
  return items[items.length - 1].value;
}

export function simulate(input: SimulationInput): SimulationResult {
  const { mode, repair, draw, bias = BIAS } = input;
  const n = modulesOf(mode);
  const rng = new Prng(input.seed);
  const kinds = (Object.entries(input.rates) as Array<[CampaignKind, number]>).filter(([, r]) => r > 0).map(([value, rate]) => ({ value, rate }));
  const perModule = kinds.reduce((s, k) => s + k.rate, 0);
  if (!(perModule > 0)) throw new Error("every failure rate is zero: nothing ever fails");
  const horizon = input.years * HOURS_PER_YEAR;
  // Per-cycle weighted downtime z and time t, kept as running means and co-moments (Welford),
  // so a long simulation needs no memory per cycle and no cancelling sums of squares.
  let cycles = 0;
  let meanZ = 0, meanT = 0, czz = 0, ctt = 0, czt = 0;
  let clock = 0; // unweighted simulated hours
  let failures = 0;
  let outages = 0;
  while (clock < horizon) {
    let s: State = ALL_UP;
    let L = 1; // likelihood ratio of the path so far
    let z = 0;
    let t = 0;
    let wasDown = false;
    do {
      if (!s.up) {
        const [back] = repairs(s, repair);
        const hold = 1 / back.rate;
        z += hold * L;
        t += hold * L;
        clock += hold;
        wasDown = true;
        s = back.to;
        break;
      }
      const j = online(n, s);
      const F = j * perModule;
      const out = repairs(s, repair);
      const R = out.reduce((x, r) => x + r.rate, 0);
      const hold = 1 / (F + R);
      t += hold * L;
      clock += hold;
      const pFail = F / (F + R);
      const q = R > 0 ? Math.max(pFail, bias) : 1;
      if (rng.nextU32() / 0x100000000 < q) {
        L *= pFail / q;
        failures++;
        const kind = pick(rng, kinds, perModule);
        s = afterFault(n, s, kind, draw(sizeOf(j), kind, rng));
      } else {
        L *= (1 - pFail) / (1 - q);
        s = pick(rng, out.map((r) => ({ rate: r.rate, value: r.to })), R);
      }
    } while (!(s.up && s.t === 0 && s.p === 0));
    if (wasDown) outages++;
    cycles++;
    const dz = z - meanZ;
    const dt = t - meanT;
    meanZ += dz / cycles;
    meanT += dt / cycles;
    czz += dz * (z - meanZ);
    ctt += dt * (t - meanT);
    czt += dz * (t - meanT);
  }
  const u = meanZ / meanT;
  // The ratio's variance by the delta method: Var(z - u t) / (n mean(t)^2).
  const v = Math.max(0, czz - 2 * u * czt + u * u * ctt);
  const half = cycles > 1 ? (Z95 * Math.sqrt(v / (cycles - 1))) / (Math.sqrt(cycles) * meanT) : Infinity;
  return { unavailability: u, interval: { low: Math.max(0, u - half), high: u + half }, years: clock / HOURS_PER_YEAR, cycles, failures, outages };
}
