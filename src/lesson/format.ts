// The lesson: a scenario with a short text for students, the predictions they make before it
// runs, one checked question after, and the claims the text makes about the run (outcome,
// events, cycles, output), kept as data so a test can hold the machine to them. Versioned JSON,
// validated like a scenario: every bad field is named, all of them on one line.
import { UserError, jsonSyntaxMessage } from "../errors";
import { parseScenario, ScenarioError, SCENARIO_MODES, type Scenario } from "../scenario/format";
import { OUTCOMES, type Outcome } from "../harness/outcome";
import type { EventKind } from "../harness/events";
import { MODULE_NAMES, type ModuleName } from "../faults/spec";
import { CAMPAIGN_KINDS, type CampaignKind } from "../campaign/space";
import type { Mode, ModuleState } from "../harness/lockstep";

export const LESSON_VERSION = 1;
// Every event kind and module state, as the type lists them (the compiler checks both ways).
const EVENT_KIND_SET: Record<EventKind, true> = {
  fault: true, divergence: true, "machine-check": true, corrected: true, rollback: true, "retry-agreed": true, repair: true, vote: true,
  offline: true, insert: true, "resync-start": true, "resync-pause": true, "resync-done": true, output: true, "fail-stop": true, stop: true,
};
export const EVENT_KINDS = Object.keys(EVENT_KIND_SET) as EventKind[];
const MODULE_STATES = Object.keys({ online: true, offline: true, resyncing: true, removed: true } satisfies Record<ModuleState, true>) as ModuleState[];
const MODES = SCENARIO_MODES;

/** A fact about one event: the nth (from 1) of `kind` (on module `on`, if given). */
export interface EventClaim {
  kind: EventKind;
  on?: ModuleName; // only events on this module
  nth?: number; // default 1
  count?: number; // how many such events the run logs (0: none)
  cycle?: number; // the nth's cycle
  module?: ModuleName; // the nth's module
  detail?: string; // text the nth's detail contains
}

/** Cycles from one claimed event to another (`from` and `to` name claims.events). */
export interface SpanClaim {
  from: string;
  to: string;
  cycles: number;
}

export interface Claims {
  outcome?: Outcome;
  exitCode?: number;
  cycles?: number; // the run's length
  stdout?: string; // the committed console output, exactly
  goldenStdout?: string; // the fault-free run's
  comparisons?: number; // epochs run: ceil(cycles / epoch)
  modules?: Partial<Record<ModuleName, ModuleState>>; // states at the end
  events?: Record<string, EventClaim>;
  spans?: Record<string, SpanClaim>;
  campaign?: Partial<Record<Mode, Partial<Record<Outcome, number>>>>; // outcome counts per mode
}

export type Prediction =
  | { about: "outcome"; prompt: string; choices: Outcome[] }
  | { about: "module"; prompt: string; event: string; choices: string[] } // "none": no such event
  | { about: "cycle"; prompt: string; event: string; buckets: Array<{ label: string; from: number; to: number }> };

export type Question =
  | { prompt: string; choices: string[]; answer: number; explain: string }
  | { prompt: string; number: number | string; tolerance: number; unit?: string; explain: string }; // number: a value or "claims.PATH"

/** Another run of the lesson, loaded by a button after the main one (a variation). */
export interface LessonRun {
  title: string;
  text: string[];
  scenario: Scenario;
  claims: Claims;
}

export interface LessonCampaign {
  modes: Mode[];
  kinds: CampaignKind[];
  faults: number; // per mode
  seed: number;
}

export interface Lesson {
  lesson: typeof LESSON_VERSION;
  id: string;
  title: string;
  summary: string;
  text: string[];
  scenario: Scenario;
  predict: Prediction[];
  after: string[]; // shown with the reveal
  /** The "back to the first divergence" step (see web/lessons.ts): the claimed event whose cycle
   *  the machine goes back to (the divergence, or where there is none the detection or fault), and
   *  what to look at there. */
  divergence?: { event: string; text: string };
  question: Question;
  claims: Claims;
  more: LessonRun[];
  campaign?: LessonCampaign;
}

export interface LessonProblem {
  field: string;
  message: string;
}

/** A lesson that fails validation: every bad field, and all of them on one line as the message. */
export class LessonError extends UserError {
  constructor(readonly problems: LessonProblem[]) {
    super(problems.map((p) => (p.field ? `lesson: field '${p.field}': ${p.message}` : `lesson: ${p.message}`)).join("; "));
  }
}

const FIELDS = ["lesson", "id", "title", "summary", "text", "scenario", "predict", "after", "divergence", "question", "claims", "more", "campaign"];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const show = (v: unknown) => (typeof v === "string" ? `'${v}'` : JSON.stringify(v));
type Bad = (field: string, message: string) => void;

/** Validates a lesson (JSON text or a parsed value); throws LessonError naming each bad field. */
export function parseLesson(input: string | unknown): Lesson {
  let v = input;
  if (typeof input === "string") {
    try {
      v = JSON.parse(input);
    } catch (e) {
      throw new LessonError([{ field: "", message: `not valid JSON (${jsonSyntaxMessage(e)})` }]);
    }
  }
  if (!isObject(v)) throw new LessonError([{ field: "", message: "expected a JSON object" }]);
  const problems: LessonProblem[] = [];
  const bad: Bad = (field, message) => void problems.push({ field, message });

  for (const key of Object.keys(v)) if (!FIELDS.includes(key)) bad(key, `unknown field (the fields are ${FIELDS.join(", ")})`);
  if (v.lesson === undefined) bad("lesson", `missing (the format's version; this lockstep86 reads ${LESSON_VERSION})`);
  else if (v.lesson !== LESSON_VERSION) bad("lesson", `${show(v.lesson)} is not a lesson format version this lockstep86 reads (${LESSON_VERSION})`);
  const id = str(v, "id", "", bad);
  if (id && !/^[a-z0-9][a-z0-9-]*$/.test(id)) bad("id", `${show(id)} is not lower-case letters, digits and dashes`);
  const title = str(v, "title", "", bad);
  const summary = str(v, "summary", "", bad);
  const text = paragraphs(v.text, "text", bad);
  const after = v.after === undefined ? [] : paragraphs(v.after, "after", bad);
  const divergence = v.divergence === undefined ? undefined : parseDivergence(v.divergence, bad);
  const scenario = scenarioAt(v.scenario, "scenario", bad);
  const claims = parseClaims(v.claims, "claims", bad);
  const predict = parsePredictions(v.predict, claims, bad);
  const question = parseQuestion(v.question, claims, bad);
  const more: LessonRun[] = [];
  if (v.more !== undefined) {
    if (!Array.isArray(v.more)) bad("more", "expected an array of runs ({title, text, scenario, claims})");
    else {
      v.more.forEach((r, i) => {
        const f = `more[${i}]`;
        if (!isObject(r)) return bad(f, "expected an object {title, text, scenario, claims}");
        for (const key of Object.keys(r)) if (!["title", "text", "scenario", "claims"].includes(key)) bad(`${f}.${key}`, "unknown field (the fields are title, text, scenario, claims)");
        const c = parseClaims(r.claims, `${f}.claims`, bad);
        const t = paragraphs(r.text, `${f}.text`, bad);
        checkTemplates(t, `${f}.text`, c, bad);
        more.push({ title: str(r, "title", f, bad), text: t, scenario: scenarioAt(r.scenario, `${f}.scenario`, bad)!, claims: c });
      });
    }
  }
  const campaign = v.campaign === undefined ? undefined : parseCampaign(v.campaign, bad);
  if (claims.campaign && !campaign) bad("claims.campaign", "claims about a campaign need a 'campaign' field");
  for (const mode of Object.keys(claims.campaign ?? {})) {
    if (campaign && !campaign.modes.includes(mode as Mode)) bad(`claims.campaign.${mode}`, `the campaign does not run ${mode} (its modes are ${campaign.modes.join(", ")})`);
  }
  checkTemplates(text, "text", claims, bad);
  checkTemplates(after, "after", claims, bad);
  if (divergence) {
    checkTemplate(divergence.text, "divergence.text", claims, bad);
    const ev = claims.events?.[divergence.event];
    if (!ev) bad("divergence.event", `${show(divergence.event)} does not name one of claims.events`);
    else if (ev.cycle === undefined) bad("divergence.event", `claims.events.${divergence.event} claims no cycle to go back to`);
  }
  predict.forEach((p, i) => checkTemplate(p.prompt, `predict[${i}].prompt`, claims, bad));
  if (question) for (const key of ["prompt", "explain"] as const) checkTemplate(question[key], `question.${key}`, claims, bad);
  if (problems.length) throw new LessonError(problems);
  const lesson: Lesson = { lesson: LESSON_VERSION, id, title, summary, text, scenario: scenario!, predict, after, question: question!, claims, more };
  if (divergence !== undefined) lesson.divergence = divergence;
  if (campaign) lesson.campaign = campaign;
  return lesson;
}

function str(o: Record<string, unknown>, key: string, prefix: string, bad: Bad): string {
  const x = o[key];
  const field = prefix ? `${prefix}.${key}` : key;
  if (typeof x !== "string" || !x.trim()) {
    bad(field, x === undefined ? "missing" : `${show(x)} is not a non-empty string`);
    return "";
  }
  return x;
}

function paragraphs(x: unknown, field: string, bad: Bad): string[] {
  if (!Array.isArray(x) || x.length === 0) {
    bad(field, x === undefined ? "missing (an array of paragraphs)" : "expected a non-empty array of paragraphs (strings)");
    return [];
  }
  x.forEach((p, i) => (typeof p !== "string" || !p.trim()) && bad(`${field}[${i}]`, `${show(p)} is not a non-empty string`));
  return x as string[];
}

function scenarioAt(x: unknown, field: string, bad: Bad): Scenario | undefined {
  try {
    return parseScenario(x === undefined ? null : x);
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    if (x === undefined) return bad(field, "missing (a scenario, as Export JSON or --print-scenario writes it)"), undefined;
    for (const p of e.problems) bad(p.field ? `${field}.${p.field}` : field, p.message);
    return undefined;
  }
}

const integerAt = (x: unknown, field: string, bad: Bad, min = 0): number | undefined => {
  if (typeof x === "number" && Number.isSafeInteger(x) && x >= min) return x;
  bad(field, `${show(x)} is not an integer of at least ${min}`);
  return undefined;
};
const oneOf = <T extends string>(x: unknown, field: string, choices: readonly T[], bad: Bad): T | undefined => {
  if (typeof x === "string" && (choices as readonly string[]).includes(x)) return x as T;
  bad(field, `${show(x)} is not one of ${choices.join(", ")}`);
  return undefined;
};

const CLAIM_FIELDS = ["outcome", "exitCode", "cycles", "stdout", "goldenStdout", "comparisons", "modules", "events", "spans", "campaign"];
const EVENT_FIELDS = ["kind", "on", "nth", "count", "cycle", "module", "detail"];

function parseClaims(x: unknown, field: string, bad: Bad): Claims {
  if (!isObject(x)) {
    bad(field, x === undefined ? "missing (what the text says the run does)" : "expected an object");
    return {};
  }
  const c: Claims = {};
  for (const key of Object.keys(x)) if (!CLAIM_FIELDS.includes(key)) bad(`${field}.${key}`, `unknown claim (the claims are ${CLAIM_FIELDS.join(", ")})`);
  if (x.outcome !== undefined) c.outcome = oneOf(x.outcome, `${field}.outcome`, OUTCOMES, bad);
  for (const key of ["exitCode", "cycles", "comparisons"] as const) if (x[key] !== undefined) c[key] = integerAt(x[key], `${field}.${key}`, bad);
  for (const key of ["stdout", "goldenStdout"] as const) {
    if (x[key] === undefined) continue;
    if (typeof x[key] !== "string") bad(`${field}.${key}`, "expected the output as a string");
    else c[key] = x[key] as string;
  }
  if (x.modules !== undefined) {
    if (!isObject(x.modules)) bad(`${field}.modules`, "expected an object such as {\"A\": \"online\", \"B\": \"offline\"}");
    else {
      c.modules = {};
      for (const [m, s] of Object.entries(x.modules)) {
        if (!MODULE_NAMES.includes(m as ModuleName)) bad(`${field}.modules.${m}`, "is not a module (A, B or C)");
        else c.modules[m as ModuleName] = oneOf(s, `${field}.modules.${m}`, MODULE_STATES, bad);
      }
    }
  }
  if (x.events !== undefined) {
    if (!isObject(x.events)) bad(`${field}.events`, "expected an object of named event claims");
    else {
      c.events = {};
      for (const [name, e] of Object.entries(x.events)) {
        const f = `${field}.events.${name}`;
        if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) bad(f, "a claim's name is letters and digits");
        if (!isObject(e)) { bad(f, "expected an object {kind, ...}"); continue; }
        for (const key of Object.keys(e)) if (!EVENT_FIELDS.includes(key)) bad(`${f}.${key}`, `unknown field (the fields are ${EVENT_FIELDS.join(", ")})`);
        const ec: EventClaim = { kind: oneOf(e.kind, `${f}.kind`, EVENT_KINDS, bad) ?? "stop" };
        if (e.on !== undefined) ec.on = oneOf(e.on, `${f}.on`, MODULE_NAMES, bad);
        if (e.module !== undefined) ec.module = oneOf(e.module, `${f}.module`, MODULE_NAMES, bad);
        for (const key of ["nth", "count", "cycle"] as const) if (e[key] !== undefined) ec[key] = integerAt(e[key], `${f}.${key}`, bad, key === "nth" ? 1 : 0) ?? (e[key] as number); // a bad value still stands for the claim, so that nothing else reports it missing
        if (e.detail !== undefined) {
          if (typeof e.detail !== "string" || !e.detail) bad(`${f}.detail`, "expected text the event's detail contains");
          else ec.detail = e.detail;
        }
        if (ec.count === undefined && ec.cycle === undefined && ec.module === undefined && ec.detail === undefined) bad(f, "claims nothing: give count, cycle, module or detail");
        if (ec.count === 0 && (ec.cycle !== undefined || ec.module !== undefined || ec.detail !== undefined)) bad(f, "count 0 says there is no such event: it can have no cycle, module or detail");
        c.events[name] = ec;
      }
    }
  }
  if (x.spans !== undefined) {
    if (!isObject(x.spans)) bad(`${field}.spans`, "expected an object of named spans {from, to, cycles}");
    else {
      c.spans = {};
      for (const [name, s] of Object.entries(x.spans)) {
        const f = `${field}.spans.${name}`;
        if (!isObject(s)) { bad(f, "expected an object {from, to, cycles}"); continue; }
        for (const key of Object.keys(s)) if (!["from", "to", "cycles"].includes(key)) bad(`${f}.${key}`, "unknown field (the fields are from, to, cycles)");
        for (const end of ["from", "to"] as const) {
          const ev = c.events?.[s[end] as string];
          if (typeof s[end] !== "string" || !ev) bad(`${f}.${end}`, `${show(s[end])} does not name one of ${field}.events`);
          else if (ev.cycle === undefined) bad(`${f}.${end}`, `${field}.events.${s[end]} claims no cycle`);
        }
        c.spans[name] = { from: s.from as string, to: s.to as string, cycles: integerAt(s.cycles, `${f}.cycles`, bad) ?? 0 };
      }
    }
  }
  if (x.campaign !== undefined) {
    if (!isObject(x.campaign)) bad(`${field}.campaign`, "expected outcome counts per mode, e.g. {\"dmr\": {\"sdc\": 0}}");
    else {
      c.campaign = {};
      for (const [mode, counts] of Object.entries(x.campaign)) {
        const f = `${field}.campaign.${mode}`;
        if (!MODES.includes(mode as Mode)) { bad(f, `is not a mode (${MODES.join(", ")})`); continue; }
        if (!isObject(counts)) { bad(f, "expected outcome counts, e.g. {\"sdc\": 0}"); continue; }
        const out: Partial<Record<Outcome, number>> = {};
        for (const [o, n] of Object.entries(counts)) {
          if (!OUTCOMES.includes(o as Outcome)) bad(`${f}.${o}`, `is not an outcome (${OUTCOMES.join(", ")})`);
          else out[o as Outcome] = integerAt(n, `${f}.${o}`, bad);
        }
        c.campaign[mode as Mode] = out;
      }
    }
  }
  return c;
}

function parsePredictions(x: unknown, claims: Claims, bad: Bad): Prediction[] {
  if (!Array.isArray(x) || x.length === 0 || x.length > 3) {
    bad("predict", "expected 1 to 3 predictions ({about: outcome|module|cycle, prompt, ...})");
    return [];
  }
  return x.flatMap((p, i): Prediction[] => {
    const f = `predict[${i}]`;
    if (!isObject(p)) return bad(f, "expected an object {about, prompt, ...}"), [];
    const about = oneOf(p.about, `${f}.about`, ["outcome", "module", "cycle"] as const, bad);
    const prompt = str(p, "prompt", f, bad);
    const allowed = { outcome: ["about", "prompt", "choices"], module: ["about", "prompt", "event", "choices"], cycle: ["about", "prompt", "event", "buckets"] }[about ?? "outcome"];
    for (const key of Object.keys(p)) if (!allowed.includes(key)) bad(`${f}.${key}`, `unknown field for a prediction about ${about} (the fields are ${allowed.join(", ")})`);
    if (about === "outcome") {
      if (!claims.outcome) bad(f, "a prediction about the outcome needs claims.outcome");
      const choices = Array.isArray(p.choices) ? p.choices : [];
      if (choices.length < 2) bad(`${f}.choices`, `expected 2 or more outcomes (${OUTCOMES.join(", ")})`);
      choices.forEach((c, j) => oneOf(c, `${f}.choices[${j}]`, OUTCOMES, bad));
      if (claims.outcome && choices.length && !choices.includes(claims.outcome)) bad(`${f}.choices`, `do not include the claimed outcome '${claims.outcome}'`);
      return [{ about, prompt, choices: choices as Outcome[] }];
    }
    if (about !== "module" && about !== "cycle") return [];
    const event = typeof p.event === "string" ? claims.events?.[p.event] : undefined;
    if (!event) bad(`${f}.event`, `${show(p.event)} does not name one of claims.events`);
    if (about === "module") {
      const choices = Array.isArray(p.choices) ? p.choices : [];
      if (choices.length < 2) bad(`${f}.choices`, "expected 2 or more of A, B, C, none");
      choices.forEach((c, j) => oneOf(c, `${f}.choices[${j}]`, [...MODULE_NAMES, "none"], bad));
      if (event && event.module === undefined) bad(`${f}.event`, `claims.events.${p.event} claims no module`);
      else if (event?.module && choices.length && !choices.includes(event.module)) bad(`${f}.choices`, `do not include the claimed module '${event.module}'`);
      return [{ about, prompt, event: p.event as string, choices: choices as string[] }];
    }
    const buckets = Array.isArray(p.buckets) ? p.buckets : [];
    if (buckets.length < 2) bad(`${f}.buckets`, "expected 2 or more buckets {label, from, to} (from inclusive, to exclusive)");
    const parsed = buckets.map((b, j) => {
      const bf = `${f}.buckets[${j}]`;
      if (!isObject(b)) return bad(bf, "expected {label, from, to}"), { label: "", from: 0, to: 0 };
      const from = integerAt(b.from, `${bf}.from`, bad) ?? 0;
      const to = integerAt(b.to, `${bf}.to`, bad) ?? 0;
      if (to <= from) bad(bf, `to (${to}) must be above from (${from})`);
      return { label: str(b, "label", bf, bad), from, to };
    });
    if (event && event.cycle === undefined) bad(`${f}.event`, `claims.events.${p.event} claims no cycle`);
    else if (event && parsed.length) {
      const hits = parsed.filter((b) => event.cycle! >= b.from && event.cycle! < b.to).length;
      if (hits !== 1) bad(`${f}.buckets`, `${hits ? "more than one bucket holds" : "no bucket holds"} the claimed cycle ${event.cycle}`);
    }
    return [{ about, prompt, event: p.event as string, buckets: parsed }];
  });
}

function parseQuestion(x: unknown, claims: Claims, bad: Bad): Question | undefined {
  if (!isObject(x)) return bad("question", x === undefined ? "missing (one checked question after the run)" : "expected an object {prompt, choices, answer, explain} or {prompt, number, tolerance, explain}"), undefined;
  const prompt = str(x, "prompt", "question", bad);
  const explain = str(x, "explain", "question", bad);
  if ("choices" in x) {
    for (const key of Object.keys(x)) if (!["prompt", "choices", "answer", "explain"].includes(key)) bad(`question.${key}`, "unknown field for a multiple-choice question (the fields are prompt, choices, answer, explain)");
    const choices = Array.isArray(x.choices) ? x.choices : [];
    if (choices.length < 2) bad("question.choices", "expected 2 or more choices (strings)");
    choices.forEach((c, j) => (typeof c !== "string" || !c) && bad(`question.choices[${j}]`, `${show(c)} is not a non-empty string`));
    checkTemplates(choices.filter((c) => typeof c === "string"), "question.choices", claims, bad);
    const answer = integerAt(x.answer, "question.answer", bad);
    if (answer !== undefined && answer >= choices.length) bad("question.answer", `${answer} is not the index of a choice (0 to ${choices.length - 1})`);
    return { prompt, choices: choices as string[], answer: answer ?? 0, explain };
  }
  for (const key of Object.keys(x)) if (!["prompt", "number", "tolerance", "unit", "explain"].includes(key)) bad(`question.${key}`, "unknown field for a number question (the fields are prompt, number, tolerance, unit, explain)");
  if (typeof x.number === "string") {
    if (typeof claimValue(claims, x.number) !== "number") bad("question.number", `${show(x.number)} is not a number claim (e.g. claims.events.divergence.cycle)`);
  } else if (typeof x.number !== "number" || !Number.isFinite(x.number)) bad("question.number", "expected the answer: a number, or a claim such as \"claims.spans.latency.cycles\" (or give choices and answer)");
  const tolerance = x.tolerance === undefined ? 0 : x.tolerance;
  if (typeof tolerance !== "number" || !(tolerance >= 0)) bad("question.tolerance", `${show(tolerance)} is not a number of at least 0`);
  if (x.unit !== undefined && typeof x.unit !== "string") bad("question.unit", `${show(x.unit)} is not a string`);
  const q: Question = { prompt, number: x.number as number | string, tolerance: tolerance as number, explain };
  if (typeof x.unit === "string") q.unit = x.unit;
  return q;
}

function parseDivergence(x: unknown, bad: Bad): { event: string; text: string } | undefined {
  if (!isObject(x)) return bad("divergence", "expected {event, text}: the claimed event to go back to, and what to look at there"), undefined;
  for (const key of Object.keys(x)) if (!["event", "text"].includes(key)) bad(`divergence.${key}`, "unknown field (the fields are event, text)");
  return { event: str(x, "event", "divergence", bad), text: str(x, "text", "divergence", bad) };
}

function parseCampaign(x: unknown, bad: Bad): LessonCampaign | undefined {
  if (!isObject(x)) return bad("campaign", "expected {modes, kinds, faults, seed}"), undefined;
  for (const key of Object.keys(x)) if (!["modes", "kinds", "faults", "seed"].includes(key)) bad(`campaign.${key}`, "unknown field (the fields are modes, kinds, faults, seed)");
  const list = <T extends string>(key: string, choices: readonly T[]): T[] => {
    const v = x[key];
    if (!Array.isArray(v) || !v.length) return bad(`campaign.${key}`, `expected a non-empty array of ${choices.join(", ")}`), [];
    return v.flatMap((c, i) => oneOf(c, `campaign.${key}[${i}]`, choices, bad) ?? []);
  };
  const modes = list("modes", MODES);
  const kinds = list("kinds", CAMPAIGN_KINDS);
  // A lesson's campaign runs in the page while a student waits: kept small.
  const faults = integerAt(x.faults, "campaign.faults", bad, 1) ?? 1;
  if (faults > 200) bad("campaign.faults", `${faults} is more than a page runs while a student waits (at most 200)`);
  const seed = integerAt(x.seed ?? 1, "campaign.seed", bad) ?? 1;
  return { modes, kinds, faults, seed };
}

// ---- the text: {{claims.PATH}} placeholders ----

const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;

/** The value at "claims.a.b.c", or undefined. */
export function claimValue(claims: Claims, path: string): unknown {
  const parts = path.split(".");
  if (parts[0] !== "claims") return undefined;
  let v: unknown = claims;
  for (const p of parts.slice(1)) v = isObject(v) ? v[p] : undefined;
  return v;
}

function checkTemplates(texts: string[], field: string, claims: Claims, bad: Bad): void {
  texts.forEach((t, i) => checkTemplate(t, `${field}[${i}]`, claims, bad));
}

function checkTemplate(t: string, field: string, claims: Claims, bad: Bad): void {
  if (typeof t !== "string") return;
  for (const m of t.matchAll(PLACEHOLDER)) {
    const v = claimValue(claims, m[1]);
    if (typeof v !== "number" && typeof v !== "string") bad(field, `{{${m[1]}}} names no claim (write {{claims.PATH}}, e.g. {{claims.events.divergence.cycle}})`);
  }
}

/** A number as the page and the CLI print cycles: 150,004. */
export const groupDigits = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** The text with each {{claims.PATH}} replaced by the claim's value (numbers with thousands separators). */
export function fillClaims(text: string, claims: Claims): string {
  return text.replace(PLACEHOLDER, (_, path: string) => {
    const v = claimValue(claims, path);
    return typeof v === "number" ? groupDigits(v) : typeof v === "string" ? v : `{{${path}}}`;
  });
}

/** The answer of a number question: its value, or the claim it names. */
export function numberAnswer(q: Extract<Question, { number: unknown }>, claims: Claims): number {
  return typeof q.number === "number" ? q.number : (claimValue(claims, q.number) as number);
}
