// The predicted availability: a continuous-time Markov chain per mode over the states of
// chain.ts, its transition rates from the component rates, the coverage classes and the repair
// times, solved exactly for its steady state. The solve is Grassmann-Taksar-Heyman state
// reduction (Gaussian elimination without subtractions), which stays accurate when rates differ
// by twelve orders of magnitude, as a millisecond resync and a year between failures do.
import type { CampaignKind } from "../campaign/space";
import type { Mode } from "../harness/lockstep";
import { UserError } from "../errors";
import { afterFault, key, modulesOf, online, repairs, sizeOf, states, type RepairRates, type State } from "./chain";
import { classProbabilities, OUTCOME_CLASSES, type CoverageEnd, type CoverageTable, type OutcomeClass } from "./coverage";

export const MINUTES_PER_YEAR = 365.25 * 24 * 60;

/** What a fault of `kind` does to a machine of size `size`, as class probabilities. */
export type ClassProbabilities = (size: Mode, kind: CampaignKind) => Record<OutcomeClass, number>;

/** Class probabilities from a coverage table, at the point estimate or one end of the intervals.
 *  A pulled module in simplex leaves no module to run on: down, with certainty. */
export function fromCoverage(table: CoverageTable, end: CoverageEnd = "point"): ClassProbabilities {
  return (size, kind) => {
    if (size === "simplex" && kind === "pull") return { none: 0, lost: 0, down: 1 };
    const c = table[size]?.[kind];
    if (!c) throw new UserError(`no coverage for ${kind} faults in ${size} (run a campaign of that mode with that kind)`);
    return classProbabilities(c, end);
  };
}

export interface Transition { from: number; to: number; rate: number }

/** The chain's states and transitions for a mode. */
export function buildChain(mode: Mode, rates: Record<CampaignKind, number>, probs: ClassProbabilities, repair: RepairRates): { states: State[]; transitions: Transition[] } {
  const n = modulesOf(mode);
  const list = states(n);
  const index = new Map(list.map((s, i) => [key(s), i]));
  const transitions: Transition[] = [];
  const add = (from: number, to: State, rate: number) => {
    const j = index.get(key(to))!;
    if (j !== from && rate > 0) transitions.push({ from, to: j, rate });
  };
  list.forEach((s, i) => {
    for (const r of repairs(s, repair)) add(i, r.to, r.rate);
    if (!s.up) return;
    const j = online(n, s);
    for (const [kind, rate] of Object.entries(rates) as Array<[CampaignKind, number]>) {
      if (rate <= 0) continue;
      const p = probs(sizeOf(j), kind);
      for (const cls of OUTCOME_CLASSES) add(i, afterFault(n, s, kind, cls), j * rate * p[cls]);
    }
  });
  return { states: list, transitions };
}

/** The steady-state distribution of an irreducible chain (GTH state reduction). */
export function steadyState(size: number, transitions: readonly Transition[]): number[] {
  const a = Array.from({ length: size }, () => new Float64Array(size));
  for (const t of transitions) a[t.from][t.to] += t.rate;
  for (let k = size - 1; k > 0; k--) {
    let s = 0;
    for (let j = 0; j < k; j++) s += a[k][j];
    if (!(s > 0)) throw new Error(`state ${k} cannot be left toward the others: the chain is not irreducible`);
    for (let i = 0; i < k; i++) a[i][k] /= s;
    for (let i = 0; i < k; i++) {
      if (a[i][k] === 0) continue;
      for (let j = 0; j < k; j++) a[i][j] += a[i][k] * a[k][j];
    }
  }
  const pi = new Array<number>(size).fill(0);
  pi[0] = 1;
  for (let k = 1; k < size; k++) for (let i = 0; i < k; i++) pi[k] += pi[i] * a[i][k];
  const sum = pi.reduce((x, y) => x + y, 0);
  return pi.map((x) => x / sum);
}

export interface Prediction {
  availability: number;
  unavailability: number; // computed as the down states' probability, not 1 - availability (no cancellation)
  outagesPerHour: number; // the steady-state flow from up states into down states
}

export function predict(mode: Mode, rates: Record<CampaignKind, number>, probs: ClassProbabilities, repair: RepairRates): Prediction {
  const { states: list, transitions } = buildChain(mode, rates, probs, repair);
  const pi = steadyState(list.length, transitions);
  let down = 0;
  list.forEach((s, i) => { if (!s.up) down += pi[i]; });
  let outagesPerHour = 0;
  for (const t of transitions) if (list[t.from].up && !list[t.to].up) outagesPerHour += pi[t.from] * t.rate;
  return { availability: 1 - down, unavailability: down, outagesPerHour };
}

/** -log10 of the unavailability: 99.999% is 5 nines. */
export const nines = (unavailability: number) => (unavailability > 0 ? -Math.log10(unavailability) : Infinity);
export const downtimeMinutes = (unavailability: number) => unavailability * MINUTES_PER_YEAR;
