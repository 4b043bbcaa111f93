// Time travel's views: the scrubber under the timeline (its range is the furthest cycle the run
// has reached; dragging sends seeks, the worker carries out the newest) and the first-divergence
// panel above the module cards: the fault that struck, the registers that differ, and each
// module's version of the first differing write side by side.
import type { JournalView } from "../src/harness/view";
import { $, h, group, hex } from "./dom";
import type { Snapshot } from "./protocol";

let shown = "";

export function drawScrubber(s: Snapshot): void {
  const input = $<HTMLInputElement>("#scrub");
  const max = String(Math.max(s.reach, s.cycle));
  if (input.max !== max) input.max = max;
  // Not while the user drags it: their thumb stays where they put it.
  if (document.activeElement !== input) {
    input.value = String(s.cycle);
    $("#scrub-v").textContent = group(s.cycle);
  }
  input.setAttribute("aria-valuetext", `cycle ${group(s.cycle)} of ${group(Number(max))}`);
}

const writeText = (w?: JournalView) =>
  w ? `${w.kind} ${w.kind === "output" ? `stream ${w.address}` : `0x${hex(w.address)}`} ← 0x${hex(w.value, w.size * 2)} (was 0x${hex(w.old, w.size * 2)})` : "no write";

export function drawDivergence(s: Snapshot): void {
  const box = $("#divergence");
  const d = s.divergence;
  const key = d ? JSON.stringify(d) : "";
  if (key === shown) return;
  shown = key;
  if (!d) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  const differ = new Set(d.writes.map((w) => JSON.stringify(w.write ?? null))).size > 1;
  box.hidden = false;
  box.replaceChildren(
    h("h3", {}, `First divergence: cycle ${group(d.cycle)}`),
    h("p", {}, differ
      ? `Every module stands just before the first write on which they differ (${d.detail}).`
      : `No write differs: every module stands on the last instruction before the checkpoint that found their state differing (${d.detail}).`),
    h("ul.div-facts", {},
      ...d.faults.map((f) => h("li", {}, h("b", {}, "Fault "), h("code", {}, f.text), ` struck at cycle ${group(f.injectedAt)}`)),
      h("li", {}, h("b", {}, "Registers that differ: "), d.registers.length ? d.registers.map((r) => r.toUpperCase()).join(", ") : "none")),
    differ
      ? h("table.div-writes", {},
          h("caption", {}, "The first differing write, per module"),
          h("tbody", {}, ...d.writes.map((w) => h("tr", {}, h("th", { scope: "row" }, `Module ${w.module}`), h("td", {}, h("code", {}, writeText(w.write)))))))
      : "",
  );
}

/** A message in the divergence panel's place (e.g. that the run has no divergence). */
export function showNotice(message: string): void {
  const box = $("#divergence");
  shown = `notice:${message}`;
  box.hidden = false;
  box.replaceChildren(h("p", {}, message));
}
