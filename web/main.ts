// The playground's page: holds the scenario (the page's whole state), talks to the machine's
// worker, and draws each snapshot it sends. Nothing here runs the machine.
import { disassemble } from "../src/asm/index";
import { parseFault } from "../src/faults/spec";
import { isElf } from "../src/loader/elf";
import { Cards } from "./cards";
import { $, h, group, setText } from "./dom";
import { ProgramEditor } from "./editor";
import { elfText } from "./elf-text";
import { base64ToBytes, bytesToBase64, decodeLink, encodeLink, EXAMPLES, findExample, parseScenario, scenarioJson, type Example, type Scenario } from "../src/scenario/index";
import { drawEvents, drawOutput, resetEvents } from "./panels";
import { drawDivergence, drawScrubber, showNotice } from "./travel";
import type { FromWorker, Snapshot, StepBy, ToWorker } from "./protocol";
import { DEFAULT_SCENARIO } from "./scenario";
import { KIND_LABEL, Timeline } from "./timeline";
import { mountAvailability } from "./availability";
import { LessonPanel, type LessonRecord } from "./lessons";

declare global {
  interface Window { playground?: { snapshot?: Snapshot; scenario: Scenario; ready: boolean; errors: string[]; marks: Record<string, number>; link(run?: boolean): string; lesson?: () => LessonRecord | undefined } }
}

let scenario: Scenario = structuredClone(DEFAULT_SCENARIO);
let snap: Snapshot | undefined;
let asmErrors = 0;
let announced = 0;
let wantRun = false;
let frame = 0;
let lastMarked = 0; // Run pressed while a reload is on its way

const worker = new Worker("worker.js", { type: "module" });
const send = (m: ToWorker) => worker.postMessage(m);
const cards = new Cards($("#cards"), {
  fault: (template) => send({ type: "fault", template }),
  watch: (address) => send({ type: "watch", address }),
});
const timeline = new Timeline($("#timeline"), $("#event-detail"));
const lessons = new LessonPanel($("#lesson"), {
  loadScenario: (s) => applyScenario(s),
  runScenario(s) {
    $<HTMLInputElement>("#speed").value = "21"; // full speed: a lesson's run is watched at its end
    drawSpeed();
    applyScenario(s);
    wantRun = true;
  },
  announce,
  travel(to) {
    travel("divergence" in to ? { type: "divergence" } : { type: "seek", cycle: to.cycle });
    selectTab("modules");
  },
});
const editor = new ProgramEditor($("#editor"), {
  onSource(source, errors) {
    if (errors < 0 || !("asm" in scenario.program || "example" in scenario.program)) return;
    asmErrors = errors;
    $("#asm-status").textContent = errors ? `${errors} error${errors > 1 ? "s" : ""}: fix ${errors > 1 ? "them" : "it"} to run` : "assembles cleanly";
    $("#asm-status").className = `asm-status ${errors ? "bad" : "good"}`;
    if (errors) return;
    const cur = "asm" in scenario.program ? scenario.program.asm : undefined;
    if (cur === source || (!cur && isExampleSource(source))) return;
    scenario.program = { asm: source, name: "program.asm" };
    reload();
  },
});
let exampleSource = "";
const isExampleSource = (s: string) => s === exampleSource;

// ---- the worker ----
worker.onmessage = (e: MessageEvent<FromWorker>) => {
  const m = e.data;
  if (m.type === "error") return showError(m.message);
  if (m.type === "notice") return (announce(m.message), showNotice(m.message));
  if (m.type === "fault-added") {
    if (!scenario.faults.includes(m.text)) scenario.faults.push(m.text);
    drawFaults();
    announce(`Fault added: ${m.text}`);
    return;
  }
  snap = m.snapshot;
  // At most one redraw a frame, of the newest snapshot.
  if (!frame) frame = requestAnimationFrame(() => { frame = 0; if (snap) draw(snap); });
  if (wantRun && !snap.finished) { wantRun = false; run(); }
};

function reload(): void {
  snap = undefined;
  announced = 0;
  resetEvents();
  showError("");
  send({ type: "load", scenario: structuredClone(scenario) });
}

function speedCycles(): number {
  const v = Number($<HTMLInputElement>("#speed").value);
  return v >= 21 ? 0 : 2 ** v;
}

function run(): void {
  window.playground!.marks = { run: performance.now() };
  if (asmErrors) return showError("The program has assembly errors: fix them first.");
  if (!snap || snap.finished) { wantRun = true; return reload(); }
  send({ type: "run", cyclesPerFrame: speedCycles(), breakpoints: editor.breakpointAddresses() });
}

function toggleRun(): void {
  if (snap?.running) send({ type: "pause" });
  else run();
}

// Time travel: allowed at any point, the end of the run included (it goes back from there).
function travel(m: Extract<ToWorker, { type: "back" | "seek" | "divergence" }>): void {
  if (asmErrors) return showError("The program has assembly errors: fix them first.");
  if (!snap) return;
  showError("");
  send(m);
}

function step(by: StepBy): void {
  if (asmErrors) return showError("The program has assembly errors: fix them first.");
  if (snap?.finished) return announce("The run is over: Reset (X) starts it again.");
  send({ type: "step", by });
}

// ---- drawing ----
function draw(s: Snapshot): void {
  window.playground!.snapshot = s;
  // The editor follows each instruction when stepping or running slowly; at speed, a few times a
  // second. First in the frame: it reads the layout, which is still clean before the cards change.
  const slow = !s.running || (speedCycles() > 0 && speedCycles() < 256);
  const now = performance.now();
  if (slow || now - lastMarked > 250) {
    lastMarked = now;
    editor.markModules(s.modules.filter((m) => m.state === "online" || m.state === "resyncing").map((m) => ({ module: m.name, eip: m.eip })), slow);
  }
  $("#cycle").textContent = `cycle ${group(s.cycle)}`;
  $("#checkpoint").textContent = `checkpoint ${group(s.checkpoint)}`;
  const runBtn = $("#run");
  runBtn.firstChild!.textContent = s.running ? "Pause " : s.finished ? "Run again " : "Run ";
  runBtn.setAttribute("aria-pressed", String(s.running));
  cards.update(s);
  drawDivergence(s);
  drawScrubber(s);
  announced = Math.min(announced, s.events.length); // time travel took events back
  drawFaultStates(s);
  timeline.update(s.events, s.modules.map((m) => m.name), s.cycle, Math.max(s.reach, s.cycle));
  drawEvents(s);
  drawOutput(s);
  lessons.update(s);
  for (; announced < s.events.length; announced++) {
    const e = s.events[announced];
    if (e.kind !== "output") announce(`${KIND_LABEL[e.kind] ?? e.kind}${e.module ? ` on module ${e.module}` : ""} at cycle ${group(e.cycle)}: ${e.detail}`);
  }
  if (s.finished && !window.playground!.marks.finished) window.playground!.marks.finished = performance.now();
  if (s.finished?.outcome) announceOnce(`Run over: outcome ${s.finished.outcome}, exit status ${s.finished.exitCode}.`);
}

let lastAnnouncement = "";
function announce(msg: string): void {
  const live = $("#live");
  live.textContent = msg;
  lastAnnouncement = msg;
}
function announceOnce(msg: string): void {
  if (lastAnnouncement !== msg) announce(msg);
}

function showError(msg: string): void {
  const el = $("#error");
  el.textContent = msg;
  el.hidden = !msg;
  if (msg) window.playground!.errors.push(msg);
}

function drawFaults(): void {
  const list = $("#faults");
  if (!scenario.faults.length) {
    list.replaceChildren(h("li.empty", {}, "No faults yet: click a bit on a module card, or add one below."));
    return;
  }
  list.replaceChildren(...scenario.faults.map((f, i) => {
    const input = h("input", { value: f, spellcheck: false, "aria-label": `Fault ${i + 1}`, onchange: () => {
      try { parseFault(input.value); } catch (e) { return faultError((e as Error).message); }
      scenario.faults[i] = input.value.trim();
      faultError("");
      reload();
    } });
    return h("li", { "data-fault": f }, input, h("span.fault-state", {}, ""), h("button.small.ghost", { type: "button", "aria-label": `Remove fault ${f}`, onclick: () => { scenario.faults.splice(i, 1); drawFaults(); reload(); } }, "✕"));
  }));
}
// Beside each fault: whether it struck yet, and at which cycle.
function drawFaultStates(s: Snapshot): void {
  document.querySelectorAll<HTMLElement>("#faults li[data-fault]").forEach((li) => {
    const f = s.faults.find((x) => x.text === li.dataset.fault);
    const el = li.querySelector(".fault-state")!;
    setText(el, f?.applied && f.injectedAt !== undefined ? `✓ at ${group(f.injectedAt)}` : f ? "pending" : "");
    el.classList.toggle("applied", !!f?.applied);
  });
}
const faultError = (msg: string) => { $("#fault-error").textContent = msg; };

// ---- program ----
const TEMPLATE = `; Your program: flat 32-bit code loaded at 0x1000. Edit it; it assembles as you type.
bits 32
org 0x1000

    mov eax, 4          ; write(1, msg, len)
    mov ebx, 1
    mov ecx, msg
    mov edx, len
    int 0x80
    hlt                 ; the end

msg: db "Hello from two CPUs in lockstep", 10
len equ $ - msg
`;
async function loadProgramView(): Promise<void> {
  const p = scenario.program;
  const ex = "example" in p ? findExample(p.example) : undefined;
  $<HTMLSelectElement>("#example").value = ex?.name ?? "";
  $("#shows").textContent = ex ? ex.description : "asm" in p ? "Your own assembly: assembled as you type (org 0x1000, bits 32)." : `Uploaded: ${"name" in p ? p.name : ""}`;
  if ("asm" in p || ex?.kind === "asm") {
    const source = "asm" in p ? p.asm : await (await fetch(`programs/${ex!.source}`)).text();
    exampleSource = source;
    $("#editor-title").textContent = "asm" in p ? p.name : ex!.source;
    if (editor.view.state.doc.toString() !== source) editor.showSource(source);
    return;
  }
  const bytes = ex ? new Uint8Array(await (await fetch(`programs/${ex.file}`)).arrayBuffer()) : base64ToBytes("elf" in p ? p.elf : "bin" in p ? p.bin : "") ?? new Uint8Array(0);
  const name = ex ? ex.file.replace(/^bin\//, "") : "name" in p ? p.name : "";
  $("#asm-status").textContent = "";
  asmErrors = 0;
  if ("bin" in p) {
    $("#editor-title").textContent = `${name} — disassembly (read-only)`;
    return editor.showDisassembly(disassemble(bytes, { bits: 32, org: 0x1000 }).map((i) => ({ address: i.address, text: i.text })));
  }
  const t = elfText(bytes);
  $("#editor-title").textContent = `${name} — disassembly of .text (read-only)`;
  editor.showDisassembly(t ? disassemble(t.bytes, { bits: 32, org: t.address }).map((i) => ({ address: i.address, text: i.text })) : []);
}

function fillGallery(): void {
  const opt = (e: Example) => h("option", { value: e.name, title: e.description }, e.source);
  $("#example").replaceChildren(
    h("option", { value: "" }, "✎ your own assembly"),
    h("optgroup", { label: "C programs (gcc -m32, static ELF)" }, EXAMPLES.filter((e) => e.kind === "C").map(opt)),
    h("optgroup", { label: "Assembly (flat binary)" }, EXAMPLES.filter((e) => e.kind === "asm").map(opt)),
  );
}

function setProgram(p: Scenario["program"]): void {
  scenario.program = p;
  void loadProgramView();
  reload();
}

// ---- controls ----
function syncControls(): void {
  $<HTMLSelectElement>("#mode").value = scenario.mode;
  $<HTMLSelectElement>("#ecc").value = scenario.ecc;
  $<HTMLInputElement>("#epoch").value = String(Math.round(Math.log2(scenario.epoch)));
  $("#epoch-v").textContent = group(scenario.epoch);
  drawFaults();
  drawInputs();
}

function drawInputs(): void {
  const parts = [
    scenario.stdin ? `stdin ${base64ToBytes(scenario.stdin)?.length} B` : "",
    scenario.disk ? `disk ${Math.round((base64ToBytes(scenario.disk)?.length ?? 0) / 1024)} KiB` : "",
    // A scenario's Linux world (set by the CLI's flags) is kept as it came and shown here.
    ...(scenario.files ?? []).map((f) => `file ${f.path}`),
    ...(scenario.env ?? []).map((e) => `env ${e}`),
    scenario.startTime !== undefined ? `clock from ${new Date(scenario.startTime * 1000).toISOString().replace(".000Z", "Z")}` : "",
    scenario.seed !== undefined ? `random seed ${scenario.seed}` : "",
    scenario.tty ? "a terminal" : "",
  ].filter(Boolean);
  $("#inputs").textContent = parts.length ? `Loaded: ${parts.join(", ")}` : "";
}

function drawSpeed(): void {
  const c = speedCycles();
  $("#speed-v").textContent = c ? `${group(c * 60)}/s` : "max";
}

async function takeFile(file: File, as?: "elf" | "disk" | "stdin"): Promise<void> {
  if (!as && /\.json$/i.test(file.name) && await lessons.openFile(file)) return;
  const bytes = new Uint8Array(await file.arrayBuffer());
  const kind = as ?? (isElf(bytes) ? "elf" : bytes.length >= 512 && bytes.length % 512 === 0 ? "disk" : "stdin");
  if (kind === "elf") {
    if (!isElf(bytes)) return showError(`${file.name}: not an ELF file`);
    setProgram({ elf: bytesToBase64(bytes), name: file.name });
  } else {
    scenario[kind] = bytesToBase64(bytes);
    drawInputs();
    reload();
  }
  announce(`${file.name} loaded as ${kind === "elf" ? "the program" : kind}`);
}

function shareLink(run = true): string {
  return `${location.origin}${location.pathname}${encodeLink(scenario, { run })}`;
}

function wire(): void {
  $("#run").onclick = toggleRun;
  $("#step-insn").onclick = () => step("instruction");
  $("#step-epoch").onclick = () => step("epoch");
  $("#step-event").onclick = () => step("event");
  $("#reset").onclick = () => reload();
  $("#back-insn").onclick = () => travel({ type: "back", by: "instruction" });
  $("#back-epoch").onclick = () => travel({ type: "back", by: "epoch" });
  $("#to-divergence").onclick = () => { travel({ type: "divergence" }); selectTab("modules"); };
  $<HTMLInputElement>("#scrub").oninput = (e) => {
    const cycle = Number((e.target as HTMLInputElement).value);
    $("#scrub-v").textContent = group(cycle);
    travel({ type: "seek", cycle });
  };
  $<HTMLSelectElement>("#mode").onchange = (e) => { scenario.mode = (e.target as HTMLSelectElement).value as Scenario["mode"]; reload(); };
  $<HTMLSelectElement>("#ecc").onchange = (e) => { scenario.ecc = (e.target as HTMLSelectElement).value as Scenario["ecc"]; reload(); };
  $<HTMLInputElement>("#epoch").oninput = (e) => { scenario.epoch = 2 ** Number((e.target as HTMLInputElement).value); $("#epoch-v").textContent = group(scenario.epoch); };
  $<HTMLInputElement>("#epoch").onchange = () => reload();
  $<HTMLInputElement>("#speed").oninput = () => { drawSpeed(); if (snap?.running) run(); };
  $<HTMLSelectElement>("#example").onchange = (e) => {
    const name = (e.target as HTMLSelectElement).value;
    setProgram(name ? { example: name } : { asm: TEMPLATE, name: "program.asm" });
  };
  $("#add-fault").onsubmit = (e) => {
    e.preventDefault();
    const input = $<HTMLInputElement>("#new-fault");
    const text = input.value.trim();
    if (!text) return;
    try { parseFault(text); } catch (err) { return faultError((err as Error).message); }
    faultError("");
    input.value = "";
    if (snap && snap.cycle > 0 && !snap.finished) send({ type: "fault", template: text });
    else { scenario.faults.push(text); drawFaults(); reload(); }
  };
  $<HTMLInputElement>("#watch").onchange = (e) => {
    const v = (e.target as HTMLInputElement).value.trim();
    const n = v === "" || /^esp$/i.test(v) ? null : Number(/^0x/i.test(v) ? v : `0x${v}`);
    if (n !== null && !Number.isFinite(n)) return showError(`memory address '${v}' is not a hex number`);
    send({ type: "watch", address: n });
  };
  for (const [id, as] of [["#up-elf", "elf"], ["#up-disk", "disk"], ["#up-stdin", "stdin"]] as const) {
    $<HTMLInputElement>(id).onchange = (e) => { const f = (e.target as HTMLInputElement).files?.[0]; if (f) void takeFile(f, as); };
  }
  document.addEventListener("dragover", (e) => { e.preventDefault(); document.body.classList.add("dragging"); });
  document.addEventListener("dragleave", () => document.body.classList.remove("dragging"));
  document.addEventListener("drop", (e) => {
    e.preventDefault();
    document.body.classList.remove("dragging");
    for (const f of Array.from(e.dataTransfer?.files ?? [])) void takeFile(f);
  });
  $("#export").onclick = () => {
    const a = h("a", { href: URL.createObjectURL(new Blob([scenarioJson(scenario, 2)], { type: "application/json" })), download: "scenario.json" });
    a.click();
  };
  $<HTMLInputElement>("#import").onchange = async (e) => {
    const f = (e.target as HTMLInputElement).files?.[0];
    if (!f) return;
    try { applyScenario(parseScenario(await f.text())); } catch (err) { showError(`${f.name}: ${(err as Error).message}`); }
  };
  $("#share").onclick = async () => {
    const link = shareLink(true);
    const out = $("#share-out");
    out.hidden = false;
    out.replaceChildren("Share link (runs on open): ", h("input", { value: link, readOnly: true, "aria-label": "Share link", onfocus: (ev: FocusEvent) => (ev.target as HTMLInputElement).select() }));
    try { await navigator.clipboard.writeText(link); announce("Share link copied to the clipboard."); } catch { announce("Share link shown below the header."); }
  };
  $("#open-lessons").onclick = () => void lessons.showGallery();
  $("#zoom-in").onclick = () => timeline.zoom(0.5);
  $("#zoom-out").onclick = () => timeline.zoom(2);
  $("#zoom-fit").onclick = () => timeline.fit();
  document.querySelectorAll<HTMLButtonElement>(".tabs [role=tab]").forEach((tab) => {
    tab.onclick = () => selectTab(tab.id.slice(4));
  });
  document.addEventListener("keydown", onKey);
}

function selectTab(name: string): void {
  $("#panes").dataset.tab = name;
  document.querySelectorAll<HTMLButtonElement>(".tabs [role=tab]").forEach((t) => t.setAttribute("aria-selected", String(t.id === `tab-${name}`)));
}

const KEYS: Record<string, () => void> = {
  r: toggleRun, i: () => step("instruction"), e: () => step("epoch"), n: () => step("event"), x: () => reload(),
  b: () => travel({ type: "back", by: "instruction" }), p: () => travel({ type: "back", by: "epoch" }),
  d: () => { travel({ type: "divergence" }); selectTab("modules"); },
};
function onKey(e: KeyboardEvent): void {
  if (e.ctrlKey || e.metaKey) return;
  const target = e.target as HTMLElement;
  const typing = target.closest(".cm-editor, input, select, textarea") !== null;
  if (typing && !e.altKey) return;
  const act = KEYS[e.key.toLowerCase()] ?? (e.altKey ? KEYS[e.code.replace(/^Key/, "").toLowerCase()] : undefined);
  if (!act) return;
  e.preventDefault();
  act();
}

function applyScenario(s: Scenario): void {
  scenario = s;
  syncControls();
  void loadProgramView();
  reload();
}

async function main(): Promise<void> {
  window.playground = { scenario, ready: false, errors: [], marks: {}, link: (r = false) => shareLink(r), lesson: () => lessons.current };
  Object.defineProperty(window.playground, "scenario", { get: () => scenario });
  wire();
  mountAvailability($("#availability"));
  $<HTMLInputElement>("#speed").value = "11";
  drawSpeed();
  fillGallery();
  let autorun = false;
  if (location.hash.includes("s=")) {
    try {
      const d = decodeLink(location.hash);
      scenario = d.scenario;
      autorun = d.run;
    } catch (e) { showError((e as Error).message); }
  }
  if (/[#&]l=/.test(location.hash)) lessons.openLink(location.hash);
  syncControls();
  await loadProgramView();
  wantRun = autorun;
  reload();
  window.playground.ready = true;
  window.playground.marks.ready = performance.now();
  document.body.dataset.ready = "true";
}

void main();
