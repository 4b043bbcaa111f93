// Coverage: what a fault of each kind does to a machine of each size, as counted by runs of the
// machine itself. Every run's outcome falls in one of three classes the availability model needs:
//   none  the machine went on with every module (benign, or masked by a retry, SEC-DED or a sector repair)
//   lost  masked, but a module was taken out (machine check, vote, dropped module): it must be resynced
//   down  the service stopped (a fail-stop) or was wrong (sdc, crash, hang): the machine is restarted
// Counts come from a campaign results file (`lockstep86 campaign --out`) or from the built-in
// campaign (machine-runs.ts); each class's fraction carries its Wilson 95% interval.
import type { Mode } from "../harness/lockstep";
import type { CaseResult } from "../campaign/experiment";
import type { CampaignKind } from "../campaign/space";
import type { ResultsFile } from "../campaign/results";
import { wilson, type Interval } from "../campaign/stats";
import { UserError } from "../errors";

export type OutcomeClass = "none" | "lost" | "down";
export const OUTCOME_CLASSES: readonly OutcomeClass[] = ["none", "lost", "down"];

export function classOf(c: Pick<CaseResult, "outcome" | "mechanism">): OutcomeClass {
  switch (c.outcome) {
    case "benign": return "none";
    case "masked": return c.mechanism === "machine check" || c.mechanism === "vote" || c.mechanism === "dropped module" ? "lost" : "none";
    default: return "down"; // detected (fail-stop), sdc, crash, hang
  }
}

export type ClassCounts = Record<OutcomeClass, number>;

/** Per machine size (simplex, dmr, tmr: the modules still online) and fault kind, the classes counted. */
export type CoverageTable = Partial<Record<Mode, Partial<Record<CampaignKind, ClassCounts>>>>;

export const emptyCounts = (): ClassCounts => ({ none: 0, lost: 0, down: 0 });
export const total = (c: ClassCounts) => c.none + c.lost + c.down;

export function addCase(table: CoverageTable, mode: Mode, kind: CampaignKind, cls: OutcomeClass): void {
  const byKind = (table[mode] ??= {});
  (byKind[kind] ??= emptyCounts())[cls]++;
}

/** Coverage of a kind: the fraction of its faults that did not take the machine down, with its interval. */
export function coverage(c: ClassCounts): { value: number; interval: Interval } {
  const n = total(c);
  const w = wilson(c.down, n);
  return { value: n ? 1 - c.down / n : 1, interval: { low: 1 - w.high, high: 1 - w.low } };
}

/** Class probabilities: the point estimate, or one end of the intervals ("worst": the most down and
 *  lost the intervals allow, "best": the least). */
export type CoverageEnd = "point" | "worst" | "best";

export function classProbabilities(c: ClassCounts, end: CoverageEnd = "point"): Record<OutcomeClass, number> {
  const n = total(c);
  if (!n) throw new Error("no runs in this fault class");
  if (end === "point") return { none: c.none / n, lost: c.lost / n, down: c.down / n };
  const pick = (k: number) => (end === "worst" ? wilson(k, n).high : wilson(k, n).low);
  const down = pick(c.down);
  const lost = Math.min(pick(c.lost), 1 - down);
  return { none: 1 - down - lost, lost, down };
}

/** The coverage counts of campaign results files (the JSONL `--out` of `lockstep86 campaign`). */
export function coverageFromResults(files: ReadonlyArray<{ name: string; file: ResultsFile }>): CoverageTable {
  const table: CoverageTable = {};
  for (const { name, file: { header, cases } } of files) {
    const mode = header.options.mode as Mode;
    if (!cases.length) throw new UserError(`${name}: the campaign has no cases yet`);
    if (table[mode]) throw new UserError(`${name}: a second campaign for ${mode} (give one file per mode; merge shards first with lockstep86 campaign merge)`);
    table[mode] = {};
    for (const c of cases) addCase(table, mode, c.kind, classOf(c));
  }
  return table;
}

/** `over` with the classes `base` has and `over` has not. */
export function mergeCoverage(base: CoverageTable, over: CoverageTable): CoverageTable {
  const out: CoverageTable = {};
  for (const mode of ["simplex", "dmr", "tmr"] as const) {
    if (base[mode] || over[mode]) out[mode] = { ...base[mode], ...over[mode] };
  }
  return out;
}
