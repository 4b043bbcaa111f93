// The lesson panel: the gallery of lessons/ (and a lesson from a link or a file), then one lesson
// as steps: read, predict, run (the scenario is loaded into the page as any scenario is, and
// run), the reveal comparing each prediction with what the machine did, variations, the checked
// question, and for a lesson with a campaign, the campaign run in a worker with its table.
import { actualAnswer, checkClaims, decodeLessonLink, encodeLessonLink, fillClaims, groupDigits, numberAnswer, numberIsRight, parseLesson, type Claims, type Lesson, type RunFacts } from "../src/lesson/index";
import type { Scenario } from "../src/scenario/index";
import { OUTCOMES } from "../src/harness/outcome";
import { h } from "./dom";
import type { Snapshot } from "./protocol";
import type { CampaignTableRow, CampaignToPage } from "./campaign-worker";

export interface LessonHost {
  /** Puts the scenario into the page (controls, program, faults), to look at before running it. */
  loadScenario(s: Scenario): void;
  /** The same, and runs it at full speed. */
  runScenario(s: Scenario): void;
  announce(msg: string): void;
  /** Time travel: every module just before the first divergence, or at the first visit of a cycle. */
  travel(to: { divergence: true } | { cycle: number }): void;
}

/** What a student did in the open lesson (for the page's tests and, later, a teacher's view). */
export interface LessonRecord {
  id: string;
  predictions: string[];
  actual?: string[];
  claimsHold?: boolean;
  answer?: string;
  correct?: boolean;
  campaign?: CampaignTableRow[];
}

const text = new TextDecoder();

// The text's small safe subset: **bold**, *emphasis* and `code`, built as elements (never HTML).
export function inline(t: string): Array<Node | string> {
  return t.split(/(\*\*[^*]+\*\*|\*[^*\s][^*]*\*|`[^`]+`)/).filter(Boolean).map((part) => {
    if (part.startsWith("**") && part.endsWith("**") && part.length > 4) return h("strong", {}, part.slice(2, -2));
    if (part.startsWith("`") && part.endsWith("`") && part.length > 2) return h("code", {}, part.slice(1, -1).trimEnd());
    if (part.startsWith("*") && part.endsWith("*") && part.length > 2) return h("em", {}, part.slice(1, -1));
    return part;
  });
}
// replaceChildren's arguments from h's kind of children (nested lists, null for nothing).
const children = (...list: Array<Node | Node[] | null>): Node[] => list.flat().filter((x): x is Node => x !== null);
const paras = (list: string[], claims: Claims) => list.map((p) => h("p", {}, inline(fillClaims(p, claims))));

export class LessonPanel {
  private list: Array<{ file: string; lesson: Lesson }> = [];
  private lesson?: Lesson;
  private record?: LessonRecord;
  private watching?: { scenario: Scenario; claims: Claims; fresh: boolean; main: boolean; out: HTMLElement; started: number; took?: number };
  private campaignWorker?: Worker;

  constructor(private readonly root: HTMLElement, private readonly host: LessonHost) {}

  get current(): LessonRecord | undefined {
    return this.record;
  }

  async showGallery(): Promise<void> {
    this.root.hidden = false;
    if (!this.list.length) {
      try {
        const files = (await (await fetch("lessons/index.json")).json()) as string[];
        this.list = await Promise.all(files.map(async (file) => ({ file, lesson: parseLesson(await (await fetch(`lessons/${file}`)).text()) })));
      } catch (e) {
        return this.fail(`The lessons could not be loaded: ${(e as Error).message}`);
      }
    }
    const open = h("input.visually-hidden", { type: "file", id: "lesson-file", accept: "application/json,.json", onchange: async (e: Event) => {
      const f = (e.target as HTMLInputElement).files?.[0];
      if (f) await this.openFile(f);
    } });
    this.root.replaceChildren(
      this.head("Lessons", "Six short lessons: predict what the machine will do, run it, and see."),
      h("ol.lesson-list", {}, this.list.map(({ lesson }, i) => h("li", {},
        h("button.lesson-pick", { type: "button", "data-lesson": lesson.id, onclick: () => this.open(lesson, i) },
          h("span.lesson-no", {}, String(i + 1)), h("span", {}, h("b", {}, lesson.title), h("small", {}, lesson.summary))),
      ))),
      h("p.lesson-own", {}, "A lesson of your own: ", h("label.button.small", { for: "lesson-file" }, "Open a lesson file"), open,
        " or drop one on the page; a lesson link (", h("code", {}, "#l=1.…"), ") opens it too. The format is in docs/lessons.md."),
    );
    this.root.querySelector<HTMLElement>("h2")?.focus();
  }

  hide(): void {
    this.root.hidden = true;
    this.watching = undefined;
  }

  /** A lesson file's text; true when it was a lesson (else the caller treats the file otherwise). */
  async openFile(f: File): Promise<boolean> {
    const t = await f.text();
    let json: unknown;
    try { json = JSON.parse(t); } catch { json = undefined; }
    if (typeof json !== "object" || json === null || !("lesson" in json)) return false;
    try {
      this.open(parseLesson(json));
    } catch (e) {
      this.root.hidden = false;
      this.fail(`${f.name}: ${(e as Error).message}`);
    }
    return true;
  }

  openLink(hash: string): void {
    try {
      this.open(decodeLessonLink(hash));
    } catch (e) {
      this.root.hidden = false;
      this.fail((e as Error).message);
    }
  }

  private fail(msg: string): void {
    this.root.replaceChildren(this.head("Lessons"), h("p.error", { role: "alert" }, msg));
  }

  private head(title: string, sub?: string, number?: string): HTMLElement {
    return h("div.lesson-head", {},
      h("div", {}, number ? h("span.lesson-kicker", {}, number) : null, h("h2", { tabindex: -1, id: "lesson-title" }, title), sub ? h("p.lesson-sub", {}, sub) : null),
      h("div.lesson-actions", {},
        this.lesson ? h("button.small.ghost", { type: "button", onclick: () => { this.lesson = undefined; void this.showGallery(); } }, "All lessons") : null,
        this.lesson ? h("button.small.ghost", { type: "button", id: "lesson-link", onclick: () => this.copyLink() }, "Copy lesson link") : null,
        h("button.small.ghost", { type: "button", "aria-label": "Close the lessons", onclick: () => this.hide() }, "✕"),
      ));
  }

  private async copyLink(): Promise<void> {
    const link = `${location.origin}${location.pathname}${encodeLessonLink(this.lesson!)}`;
    const out = this.root.querySelector<HTMLElement>(".lesson-linkout")!;
    out.replaceChildren(h("input", { value: link, readOnly: true, "aria-label": "Lesson link", onfocus: (e: FocusEvent) => (e.target as HTMLInputElement).select() }));
    try { await navigator.clipboard.writeText(link); this.host.announce("Lesson link copied to the clipboard."); } catch { this.host.announce("Lesson link shown in the lesson."); }
  }

  open(lesson: Lesson, index?: number): void {
    this.lesson = lesson;
    this.watching = undefined;
    this.campaignWorker?.terminate();
    this.record = { id: lesson.id, predictions: lesson.predict.map(() => "") };
    this.root.hidden = false;
    const c = lesson.claims;
    const runBtn = h("button.primary", { type: "button", id: "lesson-run", disabled: true, onclick: () => this.runMain() }, "Run it");
    const predict = lesson.predict.map((p, i) => {
      const options = p.about === "cycle" ? p.buckets.map((b) => b.label) : p.choices;
      return h("fieldset.lesson-predict", {},
        h("legend", {}, inline(fillClaims(p.prompt, c))),
        options.map((o) => h("label.choice", {}, h("input", { type: "radio", name: `predict-${i}`, value: o, onchange: () => {
          this.record!.predictions[i] = o;
          runBtn.disabled = this.record!.predictions.some((x) => !x);
        } }), " ", o)));
    });
    this.root.replaceChildren(
      this.head(lesson.title, undefined, index === undefined ? "Your lesson" : `Lesson ${index + 1} of ${this.list.length || 6}`),
      h("div.lesson-linkout", {}),
      h("section.lesson-step", { "aria-label": "Read" }, paras(lesson.text, c)),
      h("section.lesson-step", { "aria-labelledby": "lesson-predict-h" },
        h("h3", { id: "lesson-predict-h" }, h("span.step-no", {}, "1"), "Predict"),
        predict,
        h("div.lesson-go", {}, runBtn, h("span.muted", { id: "lesson-status", role: "status" }, "Pick your answers, then run: the machine runs in the panes below."))),
      h("section.lesson-step", { id: "lesson-reveal", hidden: true, "aria-labelledby": "lesson-reveal-h" }),
      h("section.lesson-step", { id: "lesson-question", hidden: true, "aria-labelledby": "lesson-question-h" }),
    );
    this.root.querySelector<HTMLElement>("#lesson-title")?.focus();
    this.root.scrollIntoView({ block: "start" });
    this.host.loadScenario(structuredClone(lesson.scenario)); // the settings and faults can be looked at while predicting
  }

  private runMain(): void {
    const l = this.lesson!;
    const status = this.root.querySelector<HTMLElement>("#lesson-status")!;
    status.textContent = "Running… watch the timeline and the module cards.";
    this.root.querySelectorAll<HTMLInputElement>(".lesson-predict input").forEach((i) => (i.disabled = true));
    this.root.querySelector<HTMLButtonElement>("#lesson-run")!.disabled = true;
    this.watch(l.scenario, l.claims, true, status);
  }

  private watch(scenario: Scenario, claims: Claims, main: boolean, out: HTMLElement): void {
    this.watching = { scenario, claims, fresh: false, main, out, started: performance.now() };
    this.host.runScenario(structuredClone(scenario));
  }

  /** Every snapshot the page draws: the lesson waits for its own run to end. */
  update(s: Snapshot): void {
    const w = this.watching;
    if (!w || this.root.hidden) return;
    const sc = w.scenario;
    const ours = s.mode === sc.mode && s.ecc === sc.ecc && s.epoch === sc.epoch && s.faults.map((f) => f.text).join("\n") === sc.faults.join("\n");
    if (!ours) return;
    if (!s.finished) { w.fresh = true; return; }
    if (!w.fresh) return;
    // How long the run took here, to its end (before the fault-free run it is judged against).
    w.took ??= performance.now() - w.started;
    if (!s.finished.outcome) return;
    this.watching = undefined;
    const facts: RunFacts = {
      outcome: s.finished.outcome as RunFacts["outcome"], exitCode: s.finished.exitCode, cycles: s.finished.cycles, epoch: s.epoch,
      stdout: text.decode(s.stdout), goldenStdout: text.decode(s.finished.goldenStdout), events: s.events, modules: s.modules,
    };
    // The claims this run can show (a campaign's are the campaign's): the page checks them too.
    const wrong = checkClaims({ ...w.claims, campaign: undefined }, facts);
    const took = `${(w.took / 1000).toFixed(2)} s on this machine`;
    if (w.main) this.reveal(facts, wrong, took);
    else w.out.replaceChildren(wrong.length ? h("span.bad", {}, `✗ This run does not do what the text says: ${wrong.join("; ")}`) : h("span.good", {}, `✓ Ran to the end: ${facts.outcome}, as the text says.`), ` ${groupDigits(facts.cycles)} cycles in ${took}.`);
  }

  private reveal(f: RunFacts, wrong: string[], took: string): void {
    const l = this.lesson!;
    const r = this.record!;
    r.actual = l.predict.map((p) => actualAnswer(p, f, l));
    r.claimsHold = wrong.length === 0;
    this.root.querySelector<HTMLElement>("#lesson-status")!.textContent = `Done: outcome ${f.outcome}, exit status ${f.exitCode}, ${groupDigits(f.cycles)} cycles in ${took}.`;
    const box = this.root.querySelector<HTMLElement>("#lesson-reveal")!;
    box.hidden = false;
    box.replaceChildren(...children(
      h("h3", { id: "lesson-reveal-h" }, h("span.step-no", {}, "2"), "What happened"),
      h("ul.lesson-compare", {}, l.predict.map((p, i) => {
        const right = r.predictions[i] === r.actual![i];
        return h("li", { class: right ? "right" : "wrong" }, h("span.mark", { "aria-hidden": "true" }, right ? "✓" : "✗"),
          h("span", {}, inline(fillClaims(p.prompt, l.claims)), h("br"), "You said ", h("b", {}, r.predictions[i]), "; the machine: ", h("b", {}, r.actual![i]), "."));
      })),
      paras(l.after, l.claims),
      wrong.length ? h("p.bad", { role: "alert" }, `✗ This run does not do what the lesson says: ${wrong.join("; ")}`) : null,
      l.divergence ? this.divergenceStep(l) : null,
      l.more.length ? h("div.lesson-more", {}, h("h4", {}, "Try also"), l.more.map((m, i) => {
        const out = h("p.small.muted", { role: "status" }, "");
        return h("div.variation", {},
          h("div.variation-head", {}, h("b", {}, m.title), h("button.small", { type: "button", "data-variation": i, onclick: () => { out.textContent = "Running…"; this.watch(m.scenario, m.claims, false, out); } }, "Load and run")),
          paras(m.text, m.claims), out);
      })) : null,
      l.campaign ? this.campaignStep(l) : null,
    ));
    this.question();
    this.host.announce(`Lesson run over: outcome ${f.outcome}. ${r.predictions.filter((x, i) => x === r.actual![i]).length} of ${l.predict.length} predictions right.`);
  }

  // The lesson's step back in time: to the first divergence when the claimed event is one (every
  // module just before the first write on which they differ), else to the claimed event's cycle.
  private divergenceStep(l: Lesson): HTMLElement {
    const d = l.divergence!;
    const event = l.claims.events![d.event];
    const cycle = event.cycle!;
    const toDivergence = event.kind === "divergence";
    const go = () => this.host.travel(toDivergence ? { divergence: true } : { cycle });
    return h("div.lesson-divergence", { "data-step": "divergence", "data-cycle": cycle },
      h("h4", {}, toDivergence ? "Back to the first divergence" : `Back to cycle ${groupDigits(cycle)}`), h("p", {}, inline(fillClaims(d.text, l.claims))),
      h("button.small", { type: "button", id: "lesson-back", onclick: go }, toDivergence ? "Go back to the first divergence" : `Go back to cycle ${groupDigits(cycle)}`));
  }

  private campaignStep(l: Lesson): HTMLElement {
    const c = l.campaign!;
    const table = h("div.campaign-table", { role: "status", "aria-live": "polite" });
    const btn = h("button", { type: "button", id: "lesson-campaign", onclick: () => {
      btn.disabled = true;
      table.replaceChildren(h("p.muted", {}, "Starting…"));
      this.campaignWorker?.terminate();
      const w = new Worker("campaign.js", { type: "module" });
      this.campaignWorker = w;
      w.onmessage = (e: MessageEvent<CampaignToPage>) => {
        const m = e.data;
        if (m.type === "error") { btn.disabled = false; table.replaceChildren(h("p.error", {}, m.message)); return; }
        const note = m.type === "progress" ? `Running ${m.mode}: fault ${m.done} of ${m.total}…` : `Done: ${c.faults} faults in each mode, seed ${c.seed}.`;
        table.replaceChildren(this.campaignTable(m.rows), h("p.small.muted", {}, note));
        if (m.type === "done") { this.record!.campaign = m.rows; btn.disabled = false; w.terminate(); this.host.announce("Campaign done."); }
      };
      w.postMessage({ scenario: structuredClone(l.scenario), campaign: c });
    } }, `Run the campaign: ${c.faults} ${c.kinds.join("/")} faults in ${c.modes.join(" and ")}`);
    return h("div.lesson-campaign", {}, h("h4", {}, "A small campaign"), h("p.small", {}, "It runs in a worker of its own; the page stays usable."), btn, table);
  }

  private campaignTable(rows: CampaignTableRow[]): HTMLElement {
    return h("div.table-wrap", {}, h("table.campaign", {},
      h("caption", {}, "Outcomes of the campaign (95% Wilson intervals)"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "mode"), h("th", { scope: "col" }, "faults"), OUTCOMES.map((o) => h("th", { scope: "col" }, o)), h("th", { scope: "col" }, "sdc rate"), h("th", { scope: "col" }, "failures (sdc, crash, hang)"))),
      h("tbody", {}, rows.map((r) => h("tr", { "data-mode": r.mode }, h("th", { scope: "row" }, r.mode), h("td", {}, String(r.n)),
        OUTCOMES.map((o) => h("td", { "data-outcome": o }, String(r.outcomes[o]))), h("td", {}, r.sdc), h("td", {}, r.failures)))),
    ));
  }

  private question(): void {
    const l = this.lesson!;
    const q = l.question;
    const box = this.root.querySelector<HTMLElement>("#lesson-question")!;
    box.hidden = false;
    const feedback = h("p.lesson-feedback", { role: "status" });
    let input: () => string;
    let body: HTMLElement;
    if ("choices" in q) {
      body = h("fieldset.lesson-predict", {}, h("legend", {}, inline(fillClaims(q.prompt, l.claims))),
        q.choices.map((c, i) => h("label.choice", {}, h("input", { type: "radio", name: "lesson-q", value: String(i) }), " ", inline(fillClaims(c, l.claims)))));
      input = () => box.querySelector<HTMLInputElement>("input[name=lesson-q]:checked")?.value ?? "";
    } else {
      const field = h("input", { type: "text", inputMode: "numeric", id: "lesson-number", autocomplete: "off", size: 12 });
      body = h("div.lesson-number", {}, h("label", { for: "lesson-number" }, inline(fillClaims(q.prompt, l.claims))), h("div", {}, field, q.unit ? ` ${q.unit}` : ""));
      input = () => field.value;
    }
    const check = () => {
      const given = input().trim();
      if (!given) return void (feedback.textContent = "Give an answer first.");
      let right: boolean;
      let answer: string;
      if ("choices" in q) {
        right = Number(given) === q.answer;
        answer = fillClaims(q.choices[q.answer], l.claims);
      } else {
        const want = numberAnswer(q, l.claims);
        right = numberIsRight(Number(given.replace(/[,_\s]/g, "")), want, q.tolerance);
        answer = groupDigits(want);
      }
      this.record!.answer = given;
      this.record!.correct = right;
      feedback.className = `lesson-feedback ${right ? "good" : "bad"}`;
      feedback.replaceChildren(h("b", {}, right ? "Right. " : `Not quite: the answer is ${answer}. `), ...inline(fillClaims(q.explain, l.claims)));
    };
    box.replaceChildren(h("h3", { id: "lesson-question-h" }, h("span.step-no", {}, "3"), "Check yourself"), body,
      h("button", { type: "button", id: "lesson-check", onclick: check }, "Check my answer"), feedback);
  }
}
