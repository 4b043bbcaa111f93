// The availability panel: inputs for failure rates, repair times and coverage (the CLI's
// `lockstep86 availability` options, from the same table), a table of predicted beside
// simulated nines and downtime per mode with the vendors' claims, and a chart of the same. The
// computation runs in a worker of its own (availability-worker.ts), only when asked.
import { CLAIMS, coverageFromResults, defaultSettings, ECC_CHOICES, fmtAvailability, fmtDowntime, fmtNines, fmtYears, NUMBER_FIELDS, parseField, settingsProblem, SIZES, SOURCES, type AvailabilityResult, type AvailabilitySettings, type CoverageTable, type ModeReport } from "../src/availability/index";
import { parseResults } from "../src/campaign/results";
import type { Mode } from "../src/harness/lockstep";
import { h } from "./dom";
import type { FromAvailability, ToAvailability } from "./availability-worker";

declare global {
  interface Window { availability?: { settings: AvailabilitySettings; result?: AvailabilityResult; busy: boolean; errors: string[]; compute(): void } }
}

const GROUPS: Array<{ legend: string; flags: string[] }> = [
  { legend: "Failure rates (per module)", flags: ["--fit-dimm", "--dimms", "--fit-cpu", "--fit-disk"] },
  { legend: "Transient share", flags: ["--transient-dimm", "--transient-cpu", "--transient-disk"] },
  { legend: "Repair", flags: ["--replace-hours", "--reboot-minutes", "--mips"] },
  { legend: "Coverage and simulation", flags: ["--runs", "--years", "--seed"] },
];
const MODES: readonly Mode[] = ["simplex", "dmr", "tmr"];
const SVG = "http://www.w3.org/2000/svg";

export function mountAvailability(root: HTMLElement): void {
  const settings = defaultSettings();
  let coverage: CoverageTable = {};
  let worker: Worker | undefined;
  const state: NonNullable<Window["availability"]> = { settings, busy: false, errors: [], compute };
  window.availability = state;

  const status = h("p.avail-status", { role: "status" }, "Press Compute: the machine runs its faults, then years are simulated.");
  const error = h("p.error", { role: "alert" });
  const results = h("div.avail-results");
  const button = h("button.primary", { type: "submit" }, "Compute");
  const fields = NUMBER_FIELDS.map((f) => {
    const input = h("input", { type: "text", inputMode: "decimal", value: String(f.get(settings)), name: f.flag.slice(2), size: 8, spellcheck: false, autocomplete: "off" });
    return { f, input, label: h("label.avail-field", {}, h("span", {}, f.label), input) };
  });
  const byFlag = new Map(fields.map((x) => [x.f.flag, x]));
  const modeBoxes = MODES.map((m) => h("input", { type: "checkbox", name: "mode", value: m, checked: settings.modes.includes(m) }));
  const ecc = h("select", { name: "ecc" }, ECC_CHOICES.map((c) => h("option", { value: c, selected: c === settings.machine.ecc }, c)));
  const file = h("input", { type: "file", accept: ".jsonl,application/jsonl,text/plain", multiple: true, name: "coverage" });
  const fileNote = h("span.avail-note", {}, "none: the built-in campaign's");

  file.onchange = async () => {
    try {
      const files = await Promise.all(Array.from(file.files ?? []).map(async (f) => ({ name: f.name, file: parseResults(await f.text(), f.name) })));
      coverage = coverageFromResults(files);
      fileNote.textContent = files.length ? `${files.map((f) => f.name).join(", ")} (${Object.keys(coverage).join(", ")})` : "none: the built-in campaign's";
      showError("");
    } catch (e) {
      coverage = {};
      file.value = "";
      fileNote.textContent = "none: the built-in campaign's";
      showError((e as Error).message);
    }
  };

  const form = h("form.avail-form", { onsubmit: (e: Event) => { e.preventDefault(); compute(); } },
    GROUPS.map((g) => h("fieldset", {}, h("legend", {}, g.legend), g.flags.map((flag) => byFlag.get(flag)!.label))),
    h("fieldset", {}, h("legend", {}, "Machine"),
      h("label.avail-field", {}, h("span", {}, "ECC"), ecc),
      h("div.avail-modes", { role: "group", "aria-label": "Modes" }, modeBoxes.map((b) => h("label", {}, b, ` ${b.value}`))),
      h("label.avail-field.avail-file", {}, h("span", {}, "Coverage file (campaign --out)"), file), fileNote),
    h("div.avail-actions", {}, button, status),
  );

  root.replaceChildren(
    h("div.avail-head", {},
      h("h2", { id: "h-availability" }, "Availability"),
      h("p.avail-lede", {}, "Predicted by a Markov model from failure rates, repair times and the coverage the machine shows under faults; checked by simulating years of failures whose outcomes are the machine's own runs. ", h("code", {}, "lockstep86 availability"), " computes the same.")),
    form, error, results,
    h("details.avail-sources", {}, h("summary", {}, "Sources and assumptions"),
      h("ul", {}, Object.values(SOURCES).map((s) => h("li", {}, h("b", {}, s.value), ": ", s.source)),
        Object.values(CLAIMS).map((c) => h("li", {}, h("b", {}, `${(c!.availability * 100).toFixed(4).replace(/0+$/, "")}%`), `: the claim for ${c!.who}`)),
        h("li", {}, "The model, its states and the simulation's acceleration: docs/availability.md"))),
  );

  function showError(msg: string): void {
    error.textContent = msg;
    if (msg) state.errors.push(msg);
  }

  function read(): AvailabilitySettings | undefined {
    const s = defaultSettings();
    try {
      for (const { f, input } of fields) {
        input.removeAttribute("aria-invalid");
        try {
          f.set(s, parseField(f, input.value, f.label));
        } catch (e) {
          input.setAttribute("aria-invalid", "true");
          input.focus();
          throw e;
        }
      }
      s.modes = modeBoxes.filter((b) => b.checked).map((b) => b.value as Mode);
      s.machine.ecc = ecc.value as AvailabilitySettings["machine"]["ecc"];
      const problem = settingsProblem(s);
      if (problem) throw new Error(problem);
      for (const mode of Object.keys(coverage) as Mode[]) {
        if (!s.modes.some((m) => SIZES[m].includes(mode))) throw new Error(`coverage file: a campaign of ${mode}, which none of the modes computed runs as`);
      }
    } catch (e) {
      showError((e as Error).message);
      return undefined;
    }
    return s;
  }

  function compute(): void {
    const s = read();
    if (!s) return;
    showError("");
    Object.assign(settings, s);
    worker?.terminate();
    worker = new Worker("availability-worker.js", { type: "module" });
    state.busy = true;
    state.result = undefined;
    button.disabled = true;
    status.textContent = "Running the machine under faults…";
    worker.onmessage = (e: MessageEvent<FromAvailability>) => {
      const m = e.data;
      if (m.type === "progress") {
        status.textContent = `Running the machine under faults: ${m.done} of ${m.total} runs`;
        return;
      }
      state.busy = false;
      button.disabled = false;
      worker?.terminate();
      worker = undefined;
      if (m.type === "error") {
        status.textContent = "";
        return showError(m.message);
      }
      state.result = m.result;
      const runs = Object.values(m.result.runs).reduce((n, kinds) => n + Object.values(kinds ?? {}).reduce((k, c) => k + c.none + c.lost + c.down, 0), 0);
      status.textContent = `Done: ${runs} faulted runs of the machine, ${Math.round(s.years).toLocaleString("en-US")} simulated years a mode.`;
      draw(m.result);
    };
    const msg: ToAvailability = { type: "compute", settings: s, coverage };
    worker.postMessage(msg);
  }

  function draw(r: AvailabilityResult): void {
    const rows = r.report.modes.map((m) => h("tr", { "data-mode": m.mode },
      h("th", { scope: "row" }, m.mode),
      h("td.num", { "data-field": "predicted" }, fmtNines(m.predicted.nines)),
      h("td.num.muted", {}, `${fmtNines(m.predicted.band.worst.nines)}–${fmtNines(m.predicted.band.best.nines)}`),
      h("td.num", {}, fmtAvailability(m.predicted)),
      h("td.num", {}, fmtDowntime(m.predicted.downtimeMinutes)),
      h("td.num", { "data-field": "simulated" }, m.simulated.outages ? fmtNines(m.simulated.nines) : "no outage"),
      h("td.num.muted", {}, m.simulated.outages ? `${fmtNines(m.simulated.interval.worst.nines)}–${fmtNines(m.simulated.interval.best.nines)}` : "–"),
      h("td.num", {}, fmtDowntime(m.simulated.downtimeMinutes)),
      h("td.num", {}, m.claim ? `${fmtNines(m.claim.nines)} (${fmtDowntime(m.claim.downtimeMinutes)})` : "–"),
      h("td", {}, h(m.agree ? "span.agree" : "span.disagree", {}, m.agree ? "agree" : "disagree")),
    ));
    results.replaceChildren(
      h("div.avail-table", {}, h("table", {},
        h("caption", {}, "Nines are −log10 of the unavailability (5 nines: 99.999%). Bands: the prediction at the ends of the coverage intervals; the simulation's 95% interval."),
        h("thead", {}, h("tr", {}, ["mode", "predicted nines", "coverage band", "availability", "downtime/yr", "simulated nines", "95% interval", "downtime/yr", "vendor claim", ""].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, rows))),
      h("figure.avail-figure", {}, chart(r.report.modes),
        h("figcaption", {}, h("span.key.predicted", {}, "●"), " predicted, its bar the coverage band  ", h("span.key.simulated", {}, "■"), " simulated, its bar the 95% interval  ", h("span.key.claim", {}, "|"), " vendor claim")),
      h("p.avail-note", {}, `Resync ${r.report.repair.resyncCycles.toLocaleString("en-US")} cycles at ${r.report.repair.mips} MIPS (${(r.report.repair.resyncHours * 3.6e6).toPrecision(3)} ms); `,
        r.report.modes.map((m) => `${m.mode}: an outage every ${fmtYears(m.predicted.yearsBetweenOutages)} years predicted; simulated ${m.simulated.failures.toLocaleString("en-US")} failures, ${m.simulated.outages.toLocaleString("en-US")} outages`).join("; "), "."),
    );
  }
}

// Nines per mode on one axis: the prediction's band and point, the simulation's interval and
// point, and the vendor's claim as a tick.
function chart(modes: readonly ModeReport[]): SVGSVGElement {
  const finite = (x: number) => (Number.isFinite(x) ? x : 0);
  const top = Math.max(7, ...modes.flatMap((m) => [m.predicted.band.best.nines, m.simulated.interval.best.nines, m.predicted.nines].map(finite)));
  const max = Math.ceil(top + 0.5);
  const W = 640, left = 70, right = 16, rowH = 44, H = modes.length * rowH + 40;
  // No downtime at all is infinitely many nines: the axis's end.
  const x = (n: number) => left + (Math.min(Math.max(Number.isNaN(n) ? 0 : n, 0), max) / max) * (W - left - right);
  const el = (tag: string, attrs: Record<string, string | number>, text?: string) => {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, class: "avail-chart", role: "img", "aria-label": `Nines per mode: ${modes.map((m) => `${m.mode} predicted ${fmtNines(m.predicted.nines)}, simulated ${fmtNines(m.simulated.nines)}${m.claim ? `, claimed ${fmtNines(m.claim.nines)}` : ""}`).join("; ")}` }) as SVGSVGElement;
  for (let n = 0; n <= max; n++) {
    svg.append(el("line", { x1: x(n), x2: x(n), y1: 8, y2: H - 26, class: "grid" }), el("text", { x: x(n), y: H - 10, class: "tick" }, String(n)));
  }
  svg.append(el("text", { x: left - 10, y: H - 10, class: "axis" }, "nines"));
  modes.forEach((m, i) => {
    const y = 14 + i * rowH;
    svg.append(el("text", { x: left - 10, y: y + 17, class: "mode" }, m.mode));
    const bar = (lo: number, hi: number, yy: number, cls: string) => svg.append(el("line", { x1: x(lo), x2: x(hi), y1: yy, y2: yy, class: cls }));
    bar(m.predicted.band.worst.nines, m.predicted.band.best.nines, y + 8, "band predicted");
    svg.append(el("circle", { cx: x(m.predicted.nines), cy: y + 8, r: 5, class: "predicted" }));
    bar(m.simulated.interval.worst.nines, m.simulated.interval.best.nines, y + 24, "band simulated");
    svg.append(el("rect", { x: x(m.simulated.nines) - 4.5, y: y + 19.5, width: 9, height: 9, class: "simulated" }));
    if (m.claim) {
      svg.append(el("line", { x1: x(m.claim.nines), x2: x(m.claim.nines), y1: y, y2: y + 32, class: "claim" }));
      svg.append(el("text", { x: x(m.claim.nines) + 4, y: y + 2, class: "claim-label" }, "claim"));
    }
  });
  return svg;
}
