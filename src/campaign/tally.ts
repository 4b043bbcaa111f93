// A campaign's results summed up: per fault kind, the outcomes with their Wilson intervals, the
// extrapolated failure counts, detection latency and the mechanisms that acted.
import type { Outcome } from "../harness/outcome";
import type { Mode } from "../harness/lockstep";
import { OUTCOMES, type CaseResult } from "./experiment";
import { MECHANISMS, type Mechanism } from "./mechanism";
import { extrapolate, quantile, type Extrapolation } from "./stats";

/** What a user cannot live with: wrong output, or the run lost without a clean fail-stop. */
export const FAILURE_OUTCOMES: readonly Outcome[] = ["sdc", "crash", "hang"];

export interface KindTally {
  kind: string;
  space: number;
  n: number;
  outcomes: Record<Outcome, number>;
  failures: number;
}

export interface Tally {
  mode: Mode;
  kinds: KindTally[];
  total: Omit<KindTally, "kind" | "space"> & { space: number };
  /** Extrapolated over the whole fault space: sdc alone, and all failures. */
  sdc: Extrapolation;
  failed: Extrapolation;
  perKind: Record<string, { sdc: Extrapolation; failed: Extrapolation }>;
  latency: { count: number; median?: number; p99?: number };
  mechanisms: Record<Mechanism, number>;
}

const zeros = () => Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;

export function tally(mode: Mode, spaces: Record<string, number>, cases: readonly CaseResult[]): Tally {
  const kinds = new Map<string, KindTally>(Object.entries(spaces).map(([kind, space]) => [kind, { kind, space, n: 0, outcomes: zeros(), failures: 0 }]));
  const latencies: number[] = [];
  const mechanisms = Object.fromEntries(MECHANISMS.map((m) => [m, 0])) as Record<Mechanism, number>;
  for (const c of cases) {
    const k = kinds.get(c.kind);
    if (!k) throw new Error(`case ${c.case}: kind ${c.kind} is not one of the campaign's (${[...kinds.keys()].join(", ")})`);
    k.n++;
    k.outcomes[c.outcome]++;
    if (FAILURE_OUTCOMES.includes(c.outcome)) k.failures++;
    if (c.mechanism) mechanisms[c.mechanism]++;
    if (c.detectedAt !== null && c.injectedAt !== null) latencies.push(c.detectedAt - c.injectedAt);
  }
  const list = [...kinds.values()];
  const total = { space: 0, n: 0, outcomes: zeros(), failures: 0 };
  for (const k of list) {
    total.space += k.space;
    total.n += k.n;
    total.failures += k.failures;
    for (const o of OUTCOMES) total.outcomes[o] += k.outcomes[o];
  }
  const strata = (count: (k: KindTally) => number) => list.map((k) => ({ space: k.space, n: k.n, failures: count(k) }));
  const perKind = Object.fromEntries(list.map((k) => [k.kind, {
    sdc: extrapolate([{ space: k.space, n: k.n, failures: k.outcomes.sdc }]),
    failed: extrapolate([{ space: k.space, n: k.n, failures: k.failures }]),
  }]));
  return {
    mode,
    kinds: list,
    total,
    sdc: extrapolate(strata((k) => k.outcomes.sdc)),
    failed: extrapolate(strata((k) => k.failures)),
    perKind,
    latency: { count: latencies.length, median: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) },
    mechanisms,
  };
}
