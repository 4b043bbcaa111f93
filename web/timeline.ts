// The timeline: one lane per module (and one for the machine as a whole) with each event as a
// marker, resync and offline stretches as bands; zoom with the wheel or the buttons, and a click
// (or Enter) on a marker shows its detail. Plain SVG.
import type { MachineEvent } from "../src/harness/events";
import { group } from "./dom";

const NS = "http://www.w3.org/2000/svg";
const LANE = 30;
const LEFT = 74;
const TOP = 8;
const AXIS = 22;

function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

export const KIND_LABEL: Record<string, string> = {
  fault: "fault", divergence: "divergence", rollback: "rollback", "retry-agreed": "retry agreed", "machine-check": "machine check",
  vote: "vote", offline: "offline", insert: "insert", "resync-start": "resync start", "resync-pause": "resync pause",
  "resync-done": "resync done", output: "output commit", "fail-stop": "fail-stop", stop: "stop", repair: "repair", corrected: "corrected",
};

export class Timeline {
  private readonly svg: SVGSVGElement;
  private events: MachineEvent[] = [];
  private lanes: string[] = ["A", "B"];
  private end = 1;
  private now = 0;
  private view: [number, number] | null = null; // zoomed window; null: everything
  private selected = -1;
  private width = 600; // the pane's width, from a ResizeObserver: reading it would force a layout
  private drawn = "";

  constructor(private readonly root: HTMLElement, private readonly detail: HTMLElement) {
    this.svg = s("svg", { class: "tl", role: "group", "aria-label": "Timeline of events per module" }) as SVGSVGElement;
    root.appendChild(this.svg);
    this.svg.addEventListener("wheel", (e) => {
      e.preventDefault();
      const rect = this.svg.getBoundingClientRect();
      const [a, b] = this.window();
      const at = a + ((e.clientX - rect.left - LEFT) / Math.max(1, rect.width - LEFT - 12)) * (b - a);
      this.zoom(e.deltaY < 0 ? 0.7 : 1 / 0.7, at);
    }, { passive: false });
    new ResizeObserver(([e]) => {
      this.width = Math.max(300, Math.floor(e.contentRect.width));
      this.draw();
    }).observe(root);
  }

  private window(): [number, number] {
    return this.view ?? [0, this.end];
  }

  zoom(factor: number, at?: number): void {
    const [a, b] = this.window();
    const mid = at ?? (a + b) / 2;
    const span = Math.max(16, Math.min(this.end, (b - a) * factor));
    let lo = Math.max(0, mid - (mid - a) * (span / (b - a)));
    lo = Math.min(lo, this.end - span);
    this.view = span >= this.end ? null : [lo, lo + span];
    this.draw();
  }

  fit(): void {
    this.view = null;
    this.draw();
  }

  update(events: MachineEvent[], lanes: string[], now: number, end: number): void {
    this.events = events;
    this.lanes = lanes;
    this.now = now;
    this.end = Math.max(1, end, now, ...events.map((e) => e.cycle));
    this.draw();
  }

  private draw(): void {
    const width = this.width;
    // Redrawn only when what it shows changed (the clock moves it by whole pixels).
    const key = `${width} ${this.events.length} ${this.lanes} ${this.window()} ${this.selected} ${Math.round(this.now / Math.max(1, this.window()[1] - this.window()[0]) * width)}`;
    if (key === this.drawn) return;
    this.drawn = key;
    const rows = ["machine", ...this.lanes];
    const height = TOP + rows.length * LANE + AXIS;
    this.svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    this.svg.setAttribute("width", String(width));
    this.svg.setAttribute("height", String(height));
    const [a, b] = this.window();
    const x = (c: number) => LEFT + ((c - a) / Math.max(1, b - a)) * (width - LEFT - 12);
    const y = (lane: string) => TOP + rows.indexOf(lane) * LANE + LANE / 2;
    const parts: SVGElement[] = [];
    rows.forEach((lane) => {
      parts.push(s("rect", { x: 0, y: y(lane) - LANE / 2, width, height: LANE, class: `lane lane-${lane}` }));
      parts.push(s("text", { x: 8, y: y(lane) + 4, class: "lane-label" }, lane === "machine" ? "machine" : `module ${lane}`));
    });
    // Bands: resync (start to done) and offline (offline to resync start or the end).
    for (const lane of this.lanes) {
      let resyncFrom = -1;
      let offFrom = -1;
      const band = (from: number, to: number, cls: string) => {
        const x0 = Math.max(LEFT, x(from)), x1 = Math.min(width - 12, x(to));
        if (x1 > x0) parts.push(s("rect", { x: x0, y: y(lane) - 9, width: Math.max(2, x1 - x0), height: 18, rx: 3, class: cls }));
      };
      for (const e of this.events) {
        if (e.module !== lane) continue;
        if (e.kind === "offline" && offFrom < 0) offFrom = e.cycle;
        if (e.kind === "resync-start") { if (offFrom >= 0) band(offFrom, e.cycle, "band-offline"); offFrom = -1; resyncFrom = e.cycle; }
        if (e.kind === "resync-done" && resyncFrom >= 0) { band(resyncFrom, e.cycle, "band-resync"); resyncFrom = -1; }
      }
      if (resyncFrom >= 0) band(resyncFrom, this.now, "band-resync");
      if (offFrom >= 0) band(offFrom, this.end, "band-offline");
    }
    // Axis.
    const axisY = TOP + rows.length * LANE + 14;
    for (let i = 0; i <= 4; i++) {
      const c = a + ((b - a) * i) / 4;
      parts.push(s("line", { x1: x(c), x2: x(c), y1: TOP, y2: axisY - 10, class: "grid" }));
      parts.push(s("text", { x: x(c), y: axisY, class: "axis", "text-anchor": i === 0 ? "start" : i === 4 ? "end" : "middle" }, group(Math.round(c))));
    }
    if (this.now >= a && this.now <= b) parts.push(s("line", { x1: x(this.now), x2: x(this.now), y1: TOP, y2: axisY - 10, class: "now" }));
    // Markers; consecutive output commits at one pixel are drawn once.
    let lastOut = -Infinity;
    this.events.forEach((e, i) => {
      if (e.cycle < a || e.cycle > b) return;
      const lane = e.module && this.lanes.includes(e.module) ? e.module : "machine";
      const px = x(e.cycle);
      if (e.kind === "output") { if (px - lastOut < 3) return; lastOut = px; }
      const label = `${KIND_LABEL[e.kind] ?? e.kind} at cycle ${group(e.cycle)}${e.module ? ` on module ${e.module}` : ""}`;
      const g = s("g", { class: `ev ev-${e.kind}${i === this.selected ? " sel" : ""}`, tabindex: 0, role: "button", "aria-label": label, "data-kind": e.kind });
      g.appendChild(s("title", {}, `${label}: ${e.detail}`));
      g.appendChild(shape(e.kind, px, y(lane)));
      g.addEventListener("click", () => this.pick(i));
      g.addEventListener("keydown", (k) => { if (k.key === "Enter" || k.key === " ") { k.preventDefault(); this.pick(i); } });
      parts.push(g);
    });
    this.svg.replaceChildren(...parts);
  }

  private pick(i: number): void {
    this.selected = i;
    const e = this.events[i];
    this.detail.replaceChildren();
    const kind = document.createElement("b");
    kind.className = `chip chip-${e.kind}`;
    kind.textContent = KIND_LABEL[e.kind] ?? e.kind;
    this.detail.append(kind, ` cycle ${group(e.cycle)}${e.module ? ` · module ${e.module}` : ""} — ${e.detail}`);
    this.draw();
  }
}

function shape(kind: string, x: number, y: number): SVGElement {
  switch (kind) {
    case "fault": return s("path", { d: `M${x} ${y - 8} L${x + 4} ${y - 1} L${x + 1} ${y - 1} L${x + 3} ${y + 8} L${x - 4} ${y - 2} L${x - 1} ${y - 2} Z`, class: "mk" });
    case "divergence": case "fail-stop": case "machine-check": return s("path", { d: `M${x} ${y - 7} L${x + 7} ${y} L${x} ${y + 7} L${x - 7} ${y} Z`, class: "mk" });
    case "rollback": return s("path", { d: `M${x + 6} ${y - 6} L${x - 5} ${y} L${x + 6} ${y + 6} Z`, class: "mk" });
    case "output": return s("rect", { x: x - 1.5, y: y - 7, width: 3, height: 14, class: "mk" });
    default: return s("circle", { cx: x, cy: y, r: 5.5, class: "mk" });
  }
}
