// The campaign report as one HTML file that needs no JavaScript: the per-kind table with
// intervals, the comparison of campaigns by extrapolated failure counts, and plots rendered here
// to inline SVG by Observable Plot (on linkedom's DOM): the fault space coloured by outcome,
// outcomes against injection cycle, and the detection-latency histogram.
import type * as PlotModule from "@observablehq/plot";
import { parseFault, FAULT_REGS } from "../faults/spec";
import { OUTCOMES, type CaseResult } from "./experiment";
import type { CampaignHeader } from "./results";
import { formatRate, Z95 } from "./stats";
import { formatCount, formatExtrapolated } from "./table";
import type { Tally } from "./tally";

export interface ReportPart {
  name: string; // the results file
  header: CampaignHeader;
  tally: Tally;
  cases: CaseResult[];
}

// Loaded by htmlReport (a bundle would otherwise load them with every command).
let Plot: typeof PlotModule;

const COLORS: Record<string, string> = {
  benign: "#9aa5b1", masked: "#2f6fd0", detected: "#e0a100", sdc: "#d62728", crash: "#7b3fa0", hang: "#8c564b",
};
const colour = { domain: [...OUTCOMES], range: OUTCOMES.map((o) => COLORS[o]), legend: true };
const FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif";

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
const group = (n: number) => n.toLocaleString("en-US");

function render(document: Document, options: PlotModule.PlotOptions): string {
  return (Plot.plot({ document, style: { fontFamily: FONT, fontSize: "11px", background: "transparent" }, ...options }) as unknown as Element).outerHTML;
}

// Where in its kind's space a fault struck, as a number for the plot's y axis.
function location(c: CaseResult): { y: number | string; label: string } | undefined {
  const f = parseFault(c.spec);
  switch (f.kind) {
    case "ram":
    case "stuck": return { y: f.addr, label: "RAM address" };
    case "reg": return { y: FAULT_REGS.indexOf(f.reg) * 32 + f.bit, label: "register bit (eax 0-31 ... eflags 288-319)" };
    case "disk": return { y: f.sector * 512 + f.byte, label: "disk byte" };
    default: return { y: f.module, label: "module" };
  }
}

function faultSpacePlots(document: Document, p: ReportPart): string {
  const kinds = [...new Set(p.cases.map((c) => c.kind))];
  return kinds.map((kind) => {
    const rows = p.cases.filter((c) => c.kind === kind && c.injectedAt !== null).map((c) => ({ ...c, ...location(c)! }));
    if (!rows.length) return "";
    const svg = render(document, {
      width: 460, marginLeft: 70,
      x: { label: "injection cycle", domain: [0, p.header.golden.cycles], grid: true, tickFormat: "~s", ticks: 5 },
      y: { label: rows[0].label, grid: true, tickFormat: kind === "ram" || kind === "stuck" ? (v: number) => `0x${v.toString(16)}` : undefined, ...(typeof rows[0].y === "string" ? { type: "point" as const, domain: [...p.header.options.mode === "simplex" ? "A" : p.header.options.mode === "dmr" ? "AB" : "ABC"] } : {}) },
      height: typeof rows[0].y === "string" ? 130 : 230,
      color: { ...colour, legend: false },
      marks: [Plot.dot(rows, { x: "injectedAt", y: "y", fill: "outcome", r: 2.5, fillOpacity: 0.8 })],
    });
    return `<div class="cell"><h4>${esc(kind)}</h4>${svg}</div>`;
  }).join("");
}

function outcomeByCyclePlot(document: Document, p: ReportPart): string {
  const rows = p.cases.filter((c) => c.injectedAt !== null);
  return render(document, {
    width: 940, height: 260,
    x: { label: "injection cycle", grid: true, tickFormat: "~s" },
    y: { label: "share of the faults struck in the interval", percent: true, grid: true },
    color: colour,
    marks: [
      Plot.rectY(rows, Plot.binX({ y: "count" }, { x: "injectedAt", fill: "outcome", thresholds: 30, order: [...OUTCOMES], offset: "normalize" } as PlotModule.BinXInputs<PlotModule.RectYOptions>)),
      Plot.ruleY([0]),
    ],
  });
}

function latencyPlot(document: Document, p: ReportPart): string {
  const rows = p.cases.filter((c) => c.detectedAt !== null && c.injectedAt !== null).map((c) => ({ latency: c.detectedAt! - c.injectedAt!, mechanism: c.mechanism ?? "none" }));
  if (!rows.length) return `<p class="none">No fault was detected, so there is no latency to show.</p>`;
  const { median, p99 } = p.tally.latency;
  return render(document, {
    width: 940, height: 260,
    x: { label: "detection latency (cycles from fault to detection)", grid: true },
    y: { label: "faults", grid: true },
    color: { legend: true, scheme: "tableau10" },
    marks: [
      Plot.rectY(rows, Plot.binX({ y: "count" }, { x: "latency", fill: "mechanism", thresholds: 40 } as PlotModule.BinXInputs<PlotModule.RectYOptions>)),
      Plot.ruleX([median!], { stroke: "#222", strokeDasharray: "4,3" }),
      Plot.text([median!], { x: (d: number) => d, frameAnchor: "top", text: () => `median ${group(median!)}`, dx: 4, textAnchor: "start" }),
      Plot.ruleX([p99!], { stroke: "#d62728", strokeDasharray: "4,3" }),
      Plot.text([p99!], { x: (d: number) => d, frameAnchor: "top", dy: 14, text: () => `p99 ${group(p99!)}`, dx: -4, textAnchor: "end", fill: "#d62728" }),
      Plot.ruleY([0]),
    ],
  });
}

function kindTable(p: ReportPart): string {
  const t = p.tally;
  const row = (name: string, k: Tally["total"], rate: string, ex: Tally["failed"], total = false) =>
    `<tr${total ? ' class="total"' : ""}><th>${esc(name)}</th><td>${group(k.n)}</td>${OUTCOMES.map((o) => `<td class="${k.outcomes[o] && o !== "benign" && o !== "masked" ? o : ""}">${group(k.outcomes[o])}</td>`).join("")}<td>${esc(rate)}</td><td>${formatCount(k.space)}</td><td>${esc(formatExtrapolated(ex))}</td></tr>`;
  const weighted = t.failed.count === 0 ? `0 (at most ${((t.failed.upper / t.total.space) * 100).toPrecision(3)}%)` : `${((t.failed.count / t.total.space) * 100).toPrecision(3)}% ± ${((Z95 * t.failed.stderr / t.total.space) * 100).toPrecision(3)}%`;
  return `<table><thead><tr><th>kind</th><th>faults</th>${OUTCOMES.map((o) => `<th><span class="dot" style="background:${COLORS[o]}"></span>${o}</th>`).join("")}<th>failures (95% interval)</th><th>fault space</th><th>extrapolated failures</th></tr></thead><tbody>
${t.kinds.map((k) => row(k.kind, k, formatRate(k.failures, k.n), t.perKind[k.kind].failed)).join("\n")}
${row("total", t.total, weighted, t.failed, true)}</tbody></table>`;
}

function comparison(document: Document, parts: ReportPart[]): string {
  const label = (p: ReportPart) => `${p.header.replay.program.split("/").pop()} ${p.header.options.mode}${p.header.options.ecc !== "parity" ? ` ecc ${p.header.options.ecc}` : ""}`;
  const rows = parts.map((p) => ({
    campaign: label(p),
    count: p.tally.failed.count,
    low: Math.max(0, p.tally.failed.count - Z95 * p.tally.failed.stderr),
    high: p.tally.failed.count === 0 ? p.tally.failed.upper : p.tally.failed.count + Z95 * p.tally.failed.stderr,
  }));
  const table = `<table><thead><tr><th>campaign</th><th>faults run</th><th>fault space</th><th>extrapolated sdc</th><th>extrapolated failures</th></tr></thead><tbody>
${parts.map((p) => `<tr><th>${esc(label(p))}</th><td>${group(p.tally.total.n)}</td><td>${formatCount(p.tally.total.space)}</td><td>${esc(formatExtrapolated(p.tally.sdc))}</td><td>${esc(formatExtrapolated(p.tally.failed))}</td></tr>`).join("\n")}</tbody></table>`;
  const plot = render(document, {
    width: 940, height: 60 + 34 * rows.length, marginLeft: 200,
    x: { label: "extrapolated failures (sdc, crash, hang), 95% interval; none seen: up to the upper bound", grid: true, tickFormat: "~s", ticks: 6 },
    y: { label: null },
    marks: [
      Plot.ruleY(rows, { y: "campaign", x1: "low", x2: "high", stroke: "#555", strokeWidth: 2 }),
      Plot.dot(rows, { y: "campaign", x: "count", fill: "#d62728", r: 5 }),
      Plot.tickX(rows, { y: "campaign", x: "high", stroke: "#555" }),
    ],
  });
  return `<section id="comparison"><h2>Comparison by extrapolated failure counts</h2>
<p class="note">Percentages of fault spaces of different sizes do not compare; expected counts of failing faults do (Schirmeier, Borchert, Spinczyk, DSN 2015). A redundant mode doubles or triples the fault space, so its count is the fair measure of what it buys.</p>
${table}<figure class="plot">${plot}</figure></section>`;
}

function campaignSection(document: Document, p: ReportPart, i: number): string {
  const h = p.header;
  const t = p.tally;
  const lat = t.latency.count ? `median ${group(t.latency.median!)} cycles, 99th percentile ${group(t.latency.p99!)} cycles, ${group(t.latency.count)} detections` : "no detections";
  return `<section class="campaign" id="campaign-${i}">
<h2>${esc(h.replay.program)}${esc(h.replay.args)} <span class="mode">${esc(h.options.mode)}</span></h2>
<p class="meta">ecc ${esc(h.options.ecc)} · seed ${h.seed} · ${group(t.total.n)} of ${group(h.faults)} faults${h.shard ? ` · shard ${esc(h.shard)}` : ""} · fault-free run ${group(h.golden.cycles)} cycles, exit status ${h.golden.exitCode} · core ${h.core.slice(0, 12)} · program ${h.program.slice(0, 12)} · ${esc(p.name)}</p>
${kindTable(p)}
<p class="note">Failures are sdc, crash and hang. Rates carry Wilson 95% intervals; the total weights each kind by its fault space (cycles × bits × modules). Extrapolated: fault space × sampled failure fraction, ± one standard error. Silent data corruption: ${group(t.total.outcomes.sdc)} of ${group(t.total.n)}, extrapolated ${esc(formatExtrapolated(t.sdc))}. Detection latency: ${lat}.</p>
<h3 id="fault-space-${i}">Fault space</h3>
<p class="note">Each dot is one fault: when it struck and where, coloured by how the run ended.</p>
<figure class="plot fault-space"><div class="legend">${OUTCOMES.map((o) => `<span><span class="dot" style="background:${COLORS[o]}"></span>${o}</span>`).join("")}</div><div class="grid">${faultSpacePlots(document, p)}</div></figure>
<h3 id="outcome-by-cycle-${i}">Outcome against injection cycle</h3>
<figure class="plot outcome-by-cycle">${outcomeByCyclePlot(document, p)}</figure>
<h3 id="latency-${i}">Detection latency</h3>
<figure class="plot latency">${latencyPlot(document, p)}</figure>
</section>`;
}

const CSS = `
body { font-family: ${FONT}; color: #1d2329; margin: 0; background: #f5f6f8; }
main { max-width: 980px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 6px; }
h3 { font-size: 14px; margin: 22px 0 4px; color: #3b4650; }
h4 { font-size: 12px; margin: 0 0 2px; color: #3b4650; font-weight: 600; }
section { background: #fff; border: 1px solid #e1e4e8; border-radius: 8px; padding: 4px 20px 16px; margin-top: 18px; }
.mode { font-size: 12px; background: #1d2329; color: #fff; border-radius: 10px; padding: 2px 8px; vertical-align: middle; }
.meta, .note, .sub { color: #5b6670; font-size: 12px; }
table { border-collapse: collapse; font-size: 12px; width: 100%; margin: 8px 0; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 6px; border-bottom: 1px solid #eceef1; text-align: right; white-space: nowrap; }
th:first-child { text-align: left; }
thead th { background: #f0f2f5; font-weight: 600; }
tr.total th, tr.total td { font-weight: 600; border-top: 2px solid #c9ced4; }
td.sdc { color: #d62728; font-weight: 600; } td.crash { color: #7b3fa0; font-weight: 600; } td.hang { color: #8c564b; font-weight: 600; } td.detected { color: #a87800; }
.dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 4px; vertical-align: baseline; }
figure.plot { margin: 6px 0; }
.grid { display: grid; grid-template-columns: repeat(2, 1fr); gap: 8px 18px; }
.legend { font-size: 12px; display: flex; gap: 14px; margin: 4px 0 8px; }
`;

/** The whole report: one self-contained HTML page, no scripts. */
export async function htmlReport(parts: ReportPart[]): Promise<string> {
  Plot = await import("@observablehq/plot");
  const { parseHTML } = await import("linkedom");
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  const doc = document as unknown as Document;
  const title = parts.length === 1 ? `Fault-injection campaign: ${parts[0].header.replay.program} in ${parts[0].header.options.mode}` : `Fault-injection campaigns: ${parts.length} compared`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head>
<body><main>
<h1>${esc(title)}</h1>
<p class="sub">lockstep86 campaign report. Every number carries its uncertainty; every case replays with <code>lockstep86 run --inject SPEC</code>.</p>
${comparison(doc, parts)}
${parts.map((p, i) => campaignSection(doc, p, i)).join("\n")}
</main></body></html>
`;
}
