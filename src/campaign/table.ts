// The campaign's text report: per fault kind the outcomes, the failure rate with its Wilson
// interval and the extrapolated failure count; the totals; detection latency and mechanisms;
// then the cases a fault-tolerant machine must never show, each as the command that replays it.
import type { Outcome } from "../harness/outcome";
import type { Mode } from "../harness/lockstep";
import { OUTCOMES, type CaseResult } from "./experiment";
import type { CampaignHeader } from "./results";
import { formatRate, Z95 } from "./stats";
import type { Tally } from "./tally";
import { MECHANISMS } from "./mechanism";

const group = (n: number) => n.toLocaleString("en-US");
const SHOWN = 20;

/** A large count in a few digits: 1,234 or 3.41e12. */
export function formatCount(x: number): string {
  if (x === 0) return "0";
  if (Math.abs(x) < 1e6) return group(Math.round(x));
  return x.toExponential(2).replace("e+", "e");
}

/** "1.2e9 ± 3.4e8", or for none seen "0 (at most 5.1e9)". */
export function formatExtrapolated(e: { count: number; stderr: number; upper: number }): string {
  return e.count === 0 ? `0 (at most ${formatCount(e.upper)})` : `${formatCount(e.count)} ± ${formatCount(e.stderr)}`;
}

// The total's rate is the strata's, weighted by their spaces: extrapolated count / whole space,
// with a normal 95% interval from its standard error.
function weightedRate(e: Tally["failed"], space: number): string {
  const pct = (x: number) => `${(x * 100).toPrecision(3)}%`;
  if (e.count === 0) return `0 (at most ${pct(e.upper / space)})`;
  return `${pct(e.count / space)} ± ${pct((Z95 * e.stderr) / space)}`;
}

/** Outcomes that mean the machine failed its user: wrong output, or (with a partner) a stop. */
export function failures(mode: Mode, cases: readonly CaseResult[]): CaseResult[] {
  const bad: Outcome[] = mode === "simplex" ? ["sdc"] : ["sdc", "crash", "hang"];
  return cases.filter((c) => bad.includes(c.outcome));
}

function table(head: string[], rows: string[][], totalRow?: string[]): string[] {
  const all = totalRow ? [...rows, totalRow] : rows;
  const width = head.map((h, i) => Math.max(h.length, ...all.map((row) => row[i].length)));
  const fmt = (row: string[]) => row.map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))).join("  ").trimEnd();
  const lines = [fmt(head), ...rows.map(fmt)];
  if (totalRow) lines.push(width.map((w) => "-".repeat(w)).join("  "), fmt(totalRow));
  return lines;
}

export function formatCampaign(h: CampaignHeader, t: Tally, cases: readonly CaseResult[]): string {
  const g = h.golden;
  const o = h.options;
  const lines = [
    `campaign: ${h.replay.program} in ${o.mode}, ecc ${o.ecc}, ${group(t.total.n)} of ${group(h.faults)} single faults, seed ${h.seed}${h.shard ? `, shard ${h.shard}` : ""}`,
    `fault-free run: ${group(g.cycles)} cycles, exit status ${g.exitCode}, ${group(g.outputBytes)} bytes of output`,
    "",
  ];
  const head = ["kind", "faults", ...OUTCOMES, "failures (95% interval)", "fault space", "extrapolated failures"];
  const row = (kind: string, k: Tally["total"], rate: string, ex: Tally["failed"]) =>
    [kind, group(k.n), ...OUTCOMES.map((x) => group(k.outcomes[x])), rate, formatCount(k.space), formatExtrapolated(ex)];
  lines.push(...table(
    head,
    t.kinds.map((k) => row(k.kind, k, formatRate(k.failures, k.n), t.perKind[k.kind].failed)),
    row("total", t.total, weightedRate(t.failed, t.total.space), t.failed),
  ));
  lines.push(
    "",
    "failures are sdc, crash and hang; extrapolated failures: each kind's fault space times its sampled failure fraction, summed (± one standard error);",
    "the total's rate weights each kind by its fault space (± 1.96 standard errors)",
    `silent data corruption: ${group(t.total.outcomes.sdc)} of ${group(t.total.n)} faults run; extrapolated ${formatExtrapolated(t.sdc)} of ${formatCount(t.total.space)}`,
  );
  if (o.prune) {
    const pruned = cases.filter((c) => c.note === "pruned").length;
    lines.push(`pruned (${o.prune}): ${group(pruned)} of the ${group(t.total.n)} faults are benign by the fault-free run's reads and writes, without a run (docs/campaigns.md)`);
  }
  if (t.latency.count) {
    const used = MECHANISMS.filter((m) => t.mechanisms[m]).map((m) => `${m} ${group(t.mechanisms[m])}`).join(", ");
    lines.push(`detection latency: median ${group(t.latency.median!)} cycles, 99th percentile ${group(t.latency.p99!)} (${group(t.latency.count)} detections: ${used})`);
  } else {
    lines.push("detection latency: no fault was detected");
  }

  const bad = failures(o.mode as Mode, cases);
  lines.push("");
  if (!bad.length) {
    lines.push(o.mode === "simplex" ? "no fault led to silent data corruption" : "every fault was benign, masked or detected: no wrong output, no lost run");
  } else {
    lines.push(`${bad.length} fault${bad.length === 1 ? "" : "s"} ended in ${[...new Set(bad.map((c) => c.outcome))].join(", ")}; replay with:`);
    for (const c of bad.slice(0, SHOWN)) {
      lines.push(`  lockstep86 run ${h.replay.program} --mode ${o.mode}${h.replay.flags} --inject ${c.spec}${h.replay.args}   # ${c.outcome}`);
    }
    if (bad.length > SHOWN) lines.push(`  (${bad.length - SHOWN} more in the results)`);
  }
  return lines.join("\n") + "\n";
}
