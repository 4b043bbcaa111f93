// The output pane (outcome, console, pending bytes) and the event table, drawn from a snapshot.
import type { LockstepResult } from "../src/harness/lockstep";
import { formatTimeline } from "../src/harness/timeline";
import { h, $, setText } from "./dom";
import type { Snapshot } from "./protocol";

const text = new TextDecoder();

const OUTCOME: Record<string, string> = {
  benign: "No fault was detected, and the result equals the fault-free run.",
  masked: "A fault was detected and masked: output, exit status and disk equal the fault-free run's.",
  detected: "The machine stopped rather than release a result it could not vouch for.",
  sdc: "Silent data corruption: the result differs from the fault-free run and nothing noticed.",
  crash: "The program crashed.",
  hang: "The program ran past its cycle limit.",
};

let shownEvents = -1;

export function drawEvents(s: Snapshot): void {
  const list = $("#events");
  const key = s.events.length * 10 + (s.finished?.outcome ? 2 : s.finished ? 1 : 0);
  if (key === shownEvents) return;
  shownEvents = key;
  // The CLI's timeline text, line for line (src/harness/timeline.ts).
  const lines = (s.finished?.timeline ?? formatTimeline({ mode: s.mode, events: s.events, modules: s.modules.map((m) => ({ name: m.name, state: m.state })) } as unknown as LockstepResult)).trimEnd().split("\n");
  list.replaceChildren(...lines.slice(1).map((l) => {
    const kind = /^\s*[\d,]+\s+(\S+)/.exec(l)?.[1] ?? "";
    return h("li", { class: `ev-row ev-row-${kind}` }, l);
  }));
  if (lines.length <= 1) list.replaceChildren(h("li.empty", {}, "No events yet. Faults, divergences, rollbacks, votes and output commits appear here."));
}

export function resetEvents(): void {
  shownEvents = -1;
}

export function drawOutput(s: Snapshot): void {
  const out = text.decode(s.stdout);
  const err = text.decode(s.stderr);
  const con = $("#console");
  const want = out + "\u0000" + err;
  if (con.dataset.text !== want) {
    con.dataset.text = want;
    con.replaceChildren(out, err ? h("span.stderr", {}, err) : "");
    if (!out && !err) con.replaceChildren(h("span.empty", {}, "Nothing committed yet."));
    requestAnimationFrame(() => { con.scrollTop = con.scrollHeight; }); // once the frame's layout is done
  }
  setText($("#pending"), s.pending ? `${s.pending} byte${s.pending === 1 ? "" : "s"} wait for the modules to agree` : "");
  const box = $("#outcome");
  const f = s.finished;
  if (!f) {
    box.replaceChildren(h("span.muted", {}, s.running ? "Running…" : s.cycle ? "Paused." : "Ready. The outcome against the fault-free run appears here when the run ends."));
    box.dataset.outcome = "";
    return;
  }
  if (!f.outcome) {
    box.replaceChildren(h("span.muted", {}, `Exit status ${f.exitCode}. Comparing with the fault-free run…`));
    return;
  }
  const same = text.decode(f.goldenStdout) === out;
  box.dataset.outcome = f.outcome ?? "";
  box.replaceChildren(
    h("div.outcome-head", {}, h("b.outcome-badge", {}, f.outcome ?? "done"), h("span", {}, `exit status ${f.exitCode}`)),
    h("p", {}, OUTCOME[f.outcome ?? ""] ?? f.message),
    h("p.small", {}, same ? "✓ The console output equals the fault-free run's." : "✗ The console output differs from the fault-free run's."),
  );
}
