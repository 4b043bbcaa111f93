// The campaign's table: per fault kind, how many runs ended in each outcome; then the cases a
// fault-tolerant machine must never show (sdc, and in redundant modes crash or hang), each as
// the command that replays it.
import type { Outcome } from "./outcome";
import { OUTCOMES, type CampaignCase, type CampaignResult } from "./campaign";
import type { Mode } from "./lockstep";

export interface CampaignLabel {
  program: string;
  mode: Mode;
  ecc: string;
  seed: number;
  /** The run options to repeat in a replay command, e.g. "--ecc none --stdin in.txt". */
  replayFlags: string;
  /** The program's own arguments, quoted, for the end of a replay command: "" or " -- a 'b c'". */
  programArgs: string;
}

const group = (n: number) => n.toLocaleString("en-US");
const SHOWN = 20;

/** Outcomes that mean the machine failed its user: wrong output, or (with a partner) a stop. */
export function failures(mode: Mode, cases: CampaignCase[]): CampaignCase[] {
  const bad: Outcome[] = mode === "simplex" ? ["sdc"] : ["sdc", "crash", "hang"];
  return cases.filter((c) => bad.includes(c.outcome));
}

export function totals(r: CampaignResult): Record<Outcome, number> {
  const t = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  for (const c of r.cases) t[c.outcome]++;
  return t;
}

export function formatCampaign(r: CampaignResult, label: CampaignLabel): string {
  const g = r.golden;
  const lines = [
    `campaign: ${label.program} in ${label.mode}, ecc ${label.ecc}, ${group(r.cases.length)} single faults, seed ${label.seed}`,
    `fault-free run: ${group(g.cycles)} cycles, exit status ${g.exitCode}, ${group(g.stdout.length)} bytes of output`,
    "",
  ];
  const head = ["kind", "faults", ...OUTCOMES];
  const rows = Object.entries(r.tally).map(([kind, t]) => [kind, String(Object.values(t).reduce((a, b) => a + b, 0)), ...OUTCOMES.map((o) => String(t[o]))]);
  const all = totals(r);
  rows.push(["total", String(r.cases.length), ...OUTCOMES.map((o) => String(all[o]))]);
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const fmt = (row: string[]) => row.map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))).join("  ");
  lines.push(fmt(head), ...rows.slice(0, -1).map(fmt), width.map((w) => "-".repeat(w)).join("  "), fmt(rows[rows.length - 1]));

  const bad = failures(label.mode, r.cases);
  lines.push("");
  if (!bad.length) {
    lines.push(label.mode === "simplex" ? "no fault led to silent data corruption" : "every fault was benign, masked or detected: no wrong output, no lost run");
  } else {
    lines.push(`${bad.length} fault${bad.length === 1 ? "" : "s"} ended in ${[...new Set(bad.map((c) => c.outcome))].join(", ")}; replay with:`);
    for (const c of bad.slice(0, SHOWN)) {
      lines.push(`  lockstep86 run ${label.program} --mode ${label.mode}${label.replayFlags} --inject ${c.spec}${label.programArgs}   # ${c.outcome}`);
    }
    if (bad.length > SHOWN) lines.push(`  (${bad.length - SHOWN} more in --json)`);
  }
  return lines.join("\n") + "\n";
}
