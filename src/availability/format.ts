// The availability report as text: a table per mode of predicted and simulated nines and
// downtime a year, with intervals, and the vendors' claims beside them.
import type { CoverageTable } from "./coverage";
import { coverage, total } from "./coverage";
import type { AvailabilityReport, Figures } from "./report";

/** "5.43" nines; "∞" for none down. */
export const fmtNines = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : "∞");

/** Downtime a year in the unit that reads best: hours, minutes or seconds. */
export function fmtDowntime(minutes: number): string {
  if (minutes >= 120) return `${(minutes / 60).toPrecision(3)} h`;
  if (minutes >= 1) return `${minutes.toPrecision(3)} min`;
  if (minutes * 60 >= 0.01) return `${(minutes * 60).toPrecision(3)} s`;
  return `${(minutes * 60).toExponential(1)} s`;
}

/** Availability as a percentage with as many digits as its nines need. */
export function fmtAvailability(f: Figures): string {
  const digits = Math.min(12, Math.max(2, Math.ceil(Number.isFinite(f.nines) ? f.nines : 12) + 1 - 2));
  return `${(f.availability * 100).toFixed(digits)}%`;
}

/** Years to two significant digits: "14", "300,000", "8.8e9". */
export function fmtYears(y: number): string {
  if (!Number.isFinite(y)) return "never";
  const v = Number(y.toPrecision(2));
  return v < 1e7 ? v.toLocaleString("en-US") : v.toExponential(1);
}

const range = (worst: Figures, best: Figures) => `${fmtNines(worst.nines)}-${fmtNines(best.nines)}`;

export function formatCoverage(table: CoverageTable, title: string): string {
  const lines = [title];
  for (const [size, kinds] of Object.entries(table)) {
    const parts = Object.entries(kinds ?? {}).map(([kind, c]) => {
      const cov = coverage(c);
      return `${kind} ${(cov.value * 100).toFixed(0)}% (${(cov.interval.low * 100).toFixed(0)}-${(cov.interval.high * 100).toFixed(0)}%, n=${total(c)}, lost ${c.lost})`;
    });
    lines.push(`  ${size.padEnd(7)} ${parts.join("; ")}`);
  }
  return lines.join("\n") + "\n";
}

export function formatReport(r: AvailabilityReport): string {
  const head = ["mode", "predicted nines", "coverage band", "downtime/year", "simulated nines", "95% interval", "downtime/year", "vendor claim", "agree"];
  const rows = r.modes.map((m) => [
    m.mode,
    `${fmtNines(m.predicted.nines)} (${fmtAvailability(m.predicted)})`,
    range(m.predicted.band.worst, m.predicted.band.best),
    fmtDowntime(m.predicted.downtimeMinutes),
    m.simulated.outages ? fmtNines(m.simulated.nines) : "no outage",
    m.simulated.outages ? range(m.simulated.interval.worst, m.simulated.interval.best) : "-",
    fmtDowntime(m.simulated.downtimeMinutes),
    m.claim ? `${fmtNines(m.claim.nines)} (${fmtDowntime(m.claim.downtimeMinutes)})` : "-",
    m.agree ? "yes" : "NO",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  const sims = r.modes.map((m) => `${m.mode}: ${m.simulated.cycles.toLocaleString("en-US")} cycles, ${m.simulated.failures.toLocaleString("en-US")} failures, ${m.simulated.outages.toLocaleString("en-US")} outages`).join("; ");
  return [
    line(head),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
    "",
    `predicted years between outages: ${r.modes.map((m) => `${m.mode} ${fmtYears(m.predicted.yearsBetweenOutages)}`).join(", ")}`,
    `simulated ${Math.round(r.years).toLocaleString("en-US")} years a mode (seed ${r.seed}): ${sims}`,
    `repair: resync ${r.repair.resyncCycles.toLocaleString("en-US")} cycles at ${r.repair.mips} MIPS = ${(r.repair.resyncHours * 3600 * 1000).toPrecision(3)} ms; replacement ${r.repair.replaceHours} h; reboot ${r.repair.rebootMinutes} min`,
    `rates per module: ${r.rates.dimms} DIMMs x ${r.rates.fitDimm} FIT, CPU ${r.rates.fitCpu} FIT, disk ${r.rates.fitDisk} FIT (transient: DIMM ${r.rates.transient.dimm}, CPU ${r.rates.transient.cpu}, disk ${r.rates.transient.disk})`,
    "",
  ].join("\n");
}
