// The lessons of lessons/: each one's scenarios run on the real machine, and every claim its text
// makes (outcome, events by module and cycle, output, resync, campaign counts) must be what the
// machine does, so no lesson can drift from the code. The fault-free output the lessons quote is
// checked against qemu-i386; the claim checker is shown to catch every claim changed by one.
import { readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { inflateRawSync, deflateRawSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCoreWasm } from "../src/node/core-wasm";
import { readExample } from "../src/node/examples";
import { actualAnswer, checkClaims, claimedAnswer, decodeLessonLink, encodeLessonLink, fillClaims, numberAnswer, parseLesson, type Claims, type Lesson, type RunFacts } from "../src/lesson/index";
import { campaignCounts, runCampaign, runFacts } from "../src/lesson/run";
import { findExample, scenarioToOptions } from "../src/scenario/index";
import { ROOT, lockstep86 } from "./support/cli";
import { hasQemu, runUnderQemu } from "./support/qemu";
import { errorOf } from "./support/user-error";

const DIR = join(ROOT, "lessons");
const FILES = readdirSync(DIR).filter((f) => f.endsWith(".json")).sort();
const LESSONS: Array<{ file: string; lesson: Lesson }> = FILES.map((file) => ({ file, lesson: parseLesson(readFileSync(join(DIR, file), "utf8")) }));
const wasm = loadCoreWasm();

const facts = new Map<string, RunFacts>();
const factsOf = (s: Lesson["scenario"]) => {
  const key = JSON.stringify(s);
  if (!facts.has(key)) facts.set(key, runFacts(wasm, s, readExample));
  return facts.get(key)!;
};

describe("the six lessons of the issue", () => {
  it("are in lessons/, in order, each with a unique id", () => {
    expect(LESSONS.map((l) => l.lesson.title)).toEqual([
      "One computer is not enough", "Lockstep and rollback", "ECC names the culprit",
      "The honest limit of two", "Hot swap", "Granularity and availability",
    ]);
    expect(new Set(LESSONS.map((l) => l.lesson.id)).size).toBe(6);
    expect(FILES.every((f, i) => f.startsWith(`${i + 1}-${LESSONS[i].lesson.id}`))).toBe(true);
  });

  it("each state the outcome the issue asks them to teach", () => {
    const outcomes = LESSONS.map((l) => [l.lesson.scenario.mode, l.lesson.scenario.ecc, l.lesson.claims.outcome]);
    expect(outcomes).toEqual([
      ["simplex", "none", "sdc"], ["dmr", "parity", "masked"], ["dmr", "parity", "masked"],
      ["dmr", "none", "detected"], ["dmr", "parity", "masked"], ["dmr", "parity", "masked"],
    ]);
  });
});

for (const { file, lesson } of LESSONS) {
  describe(`lesson ${file}`, () => {
    it("its main run does what its claims say, and its predictions' answers are the run's", () => {
      const f = factsOf(lesson.scenario);
      expect(checkClaims(lesson.claims, f, lesson.campaign ? undefined : {})).toEqual(lesson.campaign ? [expect.stringMatching(/^campaign\./), expect.stringMatching(/^campaign\./)] : []);
      for (const p of lesson.predict) expect(actualAnswer(p, f, lesson), p.prompt).toBe(claimedAnswer(p, lesson));
      const q = lesson.question;
      if ("number" in q) expect(Number.isFinite(numberAnswer(q, lesson.claims))).toBe(true);
    });

    it("has a step back to the first divergence (or, without one, the detection or the fault) at a claimed cycle", () => {
      const d = lesson.divergence!;
      const ev = lesson.claims.events![d.event];
      const first = factsOf(lesson.scenario).events.find((e) => e.kind === "divergence");
      // The first divergence where the run has one; else what the lesson names, which the claims check.
      if (first) expect([ev.kind, ev.cycle]).toEqual(["divergence", first.cycle]);
      else expect(ev.cycle).toBeTypeOf("number");
    });

    it("its text names only claims, and fills each one in", () => {
      for (const t of [...lesson.text, ...lesson.after, lesson.question.prompt, lesson.question.explain, lesson.divergence?.text ?? ""]) {
        expect(fillClaims(t, lesson.claims)).not.toMatch(/\{\{/);
      }
    });

    for (const [i, r] of lesson.more.entries()) {
      it(`its variation ${i + 1} (${r.title}) does what its claims say`, () => {
        expect(checkClaims(r.claims, factsOf(r.scenario))).toEqual([]);
        for (const t of r.text) expect(fillClaims(t, r.claims)).not.toMatch(/\{\{/);
      });
    }

    it("a claim changed by one is caught", () => {
      const f = factsOf(lesson.scenario);
      const mutants = mutate(lesson.claims);
      expect(mutants.length).toBeGreaterThan(3);
      for (const { path, claims } of mutants) {
        if (path.startsWith("campaign")) continue; // the campaign's are checked below
        expect(checkClaims(claims, f, {}).join("\n"), path).toContain(path.replace(/^events\.(\w+)\.(\w+)$/, "events.$1 ("));
      }
    });
  });
}

describe("the minimal lesson of docs/lessons.md", () => {
  it("is valid, and the machine does what it claims", () => {
    const doc = readFileSync(join(ROOT, "docs", "lessons.md"), "utf8");
    const lesson = parseLesson(/```json\n([\s\S]*?)```/.exec(doc)![1]);
    expect(checkClaims(lesson.claims, factsOf(lesson.scenario))).toEqual([]);
    expect(lesson.predict.map((p) => actualAnswer(p, factsOf(lesson.scenario), lesson))).toEqual(["masked"]);
  });
});

describe("lesson 6's campaign", () => {
  const { lesson } = LESSONS[5];
  it("runs in simplex and dmr and gives the counts the lesson claims (and the question asks)", () => {
    const rows = runCampaign(wasm, scenarioToOptions(lesson.scenario, readExample), lesson.campaign!);
    const counts = campaignCounts(rows);
    expect(checkClaims({ campaign: lesson.claims.campaign }, factsOf(lesson.scenario), counts)).toEqual([]);
    expect(rows.map((r) => r.n)).toEqual([24, 24]);
    // dmr masks what hurt simplex: no wrong answer, crash or hang among the same kind of faults.
    expect(counts.dmr.sdc + counts.dmr.crash + counts.dmr.hang).toBe(0);
    expect(counts.simplex.sdc).toBeGreaterThan(0);
    const q = lesson.question as { number: string };
    expect(numberAnswer(q as never, lesson.claims)).toBe(counts.simplex.sdc);
    for (const { path, claims } of mutate({ campaign: lesson.claims.campaign })) {
      expect(checkClaims(claims, factsOf(lesson.scenario), counts).join("\n"), path).toContain(path);
    }
  });
});

describe.skipIf(!hasQemu())("the fault-free output the lessons quote", () => {
  it("is what qemu-i386 prints for the same program", () => {
    for (const { lesson } of LESSONS) {
      const s = lesson.scenario;
      const expected = lesson.claims.goldenStdout ?? (lesson.claims.outcome === "masked" ? lesson.claims.stdout : undefined);
      if (expected === undefined || !("example" in s.program)) continue;
      const q = runUnderQemu(join(ROOT, "programs", findExample(s.program.example)!.file));
      expect(Buffer.from(q.stdout).toString(), lesson.id).toBe(expected);
    }
  });
});

// Each claim of a set changed by one: a number +1, a string with a letter more, an outcome,
// module or state swapped for another.
function mutate(claims: Claims): Array<{ path: string; claims: Claims }> {
  const out: Array<{ path: string; claims: Claims }> = [];
  const walk = (v: unknown, path: string[]) => {
    if (typeof v === "object" && v !== null) {
      for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
      return;
    }
    const key = path[path.length - 1];
    if (key === "kind" || key === "on" || key === "nth" || key === "from" || key === "to") return;
    const copy = structuredClone(claims) as Record<string, unknown>;
    let o = copy;
    for (const p of path.slice(0, -1)) o = o[p] as Record<string, unknown>;
    if (typeof v === "number") o[key] = v + 1;
    else if (key === "outcome") o[key] = v === "masked" ? "benign" : "masked";
    else if (key === "module") o[key] = v === "A" ? "B" : "A";
    else if (path[0] === "modules") o[key] = v === "online" ? "offline" : "online";
    else o[key] = `${v}x`;
    out.push({ path: path.join("."), claims: copy as Claims });
  };
  walk(claims, []);
  return out;
}

const LESSON = JSON.parse(readFileSync(join(DIR, FILES[1]), "utf8"));
const bad = (change: (l: Record<string, any>) => void) => {
  const l = structuredClone(LESSON);
  change(l);
  return errorOf(() => parseLesson(l)).message;
};

describe("a bad lesson file", () => {
  it("gets one line naming each bad field", () => {
    expect(errorOf(() => parseLesson("{")).message).toMatch(/^lesson: not valid JSON \(.+\)$/);
    expect(errorOf(() => parseLesson("[]")).message).toBe("lesson: expected a JSON object");
    expect(bad((l) => { l.lesson = 2; })).toBe("lesson: field 'lesson': 2 is not a lesson format version this lockstep86 reads (1)");
    expect(bad((l) => { delete l.title; l.colour = "red"; })).toBe("lesson: field 'colour': unknown field (the fields are lesson, id, title, summary, text, scenario, predict, after, divergence, question, claims, more, campaign); lesson: field 'title': missing");
    expect(bad((l) => { l.scenario.epoch = 0; })).toBe("lesson: field 'scenario.epoch': 0 is not an integer between 1 and 4294967295");
    expect(bad((l) => { l.scenario.faults[0] = "reg@150000/C:reg=esp,bit=3"; })).toBe("lesson: field 'scenario.faults[0]': module C does not exist in dmr mode");
    expect(bad((l) => { l.text[1] = "at {{claims.events.nothing.cycle}}"; })).toBe("lesson: field 'text[1]': {{claims.events.nothing.cycle}} names no claim (write {{claims.PATH}}, e.g. {{claims.events.divergence.cycle}})");
    expect(bad((l) => { l.claims.events.divergence.kind = "explosion"; })).toMatch(/^lesson: field 'claims\.events\.divergence\.kind': 'explosion' is not one of fault, divergence, /);
    expect(bad((l) => { l.claims.events.offline.count = -1; })).toBe("lesson: field 'claims.events.offline.count': -1 is not an integer of at least 0");
    expect(bad((l) => { l.claims.spans.latency.to = "nowhere"; })).toBe("lesson: field 'claims.spans.latency.to': 'nowhere' does not name one of claims.events");
    expect(bad((l) => { l.predict[0].choices = ["sdc", "crash"]; })).toBe("lesson: field 'predict[0].choices': do not include the claimed outcome 'masked'");
    expect(bad((l) => { l.predict[1].buckets[0].to = 150004; })).toBe("lesson: field 'predict[1].buckets': no bucket holds the claimed cycle 150004");
    expect(bad((l) => { l.question.number = "claims.events.rollback.detail"; })).toBe("lesson: field 'question.number': 'claims.events.rollback.detail' is not a number claim (e.g. claims.events.divergence.cycle)");
    expect(bad((l) => { l.question = { prompt: "?", choices: ["a", "b"], answer: 2, explain: "." }; })).toBe("lesson: field 'question.answer': 2 is not the index of a choice (0 to 1)");
    expect(bad((l) => { l.campaign = { modes: ["dmr"], kinds: ["reg"], faults: 1000 }; })).toBe("lesson: field 'campaign.faults': 1000 is more than a page runs while a student waits (at most 200)");
  });

  it("is refused by `lesson check` with status 2 and one line; a wrong claim gives status 1 and names it", () => {
    const dir = mkdtempSync(join(tmpdir(), "lesson-"));
    try {
      const broken = join(dir, "broken.json");
      writeFileSync(broken, JSON.stringify({ ...LESSON, predict: [] }));
      const r = lockstep86(["lesson", "check", broken]);
      expect([r.status, r.stderr]).toEqual([2, `lockstep86: ${broken}: lesson: field 'predict': expected 1 to 3 predictions ({about: outcome|module|cycle, prompt, ...})\n`]);
      const wrong = join(dir, "wrong.json");
      const l = structuredClone(LESSON);
      l.claims.events.divergence.cycle = 150003;
      l.predict = [l.predict[0]];
      writeFileSync(wrong, JSON.stringify(l));
      const w = lockstep86(["lesson", "check", wrong]);
      expect([w.status, Buffer.from(w.stdout).toString()]).toEqual([1, `${wrong}: claims.events.divergence (divergence).cycle: the lesson says 150003, the run gives 150004\n`]);
      const ok = lockstep86(["lesson", "check", join(DIR, FILES[1])]);
      expect([ok.status, Buffer.from(ok.stdout).toString()]).toEqual([0, `${join(DIR, FILES[1])}: ok: "Lockstep and rollback", 1 run, every claim holds\n`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("lesson links", () => {
  it("carry the lesson as raw deflate in base64url under #l=1., readable by zlib", () => {
    const { lesson } = LESSONS[3];
    const hash = encodeLessonLink(lesson);
    expect(hash).toMatch(/^#l=1\.[A-Za-z0-9_-]+$/);
    expect(parseLesson(inflateRawSync(Buffer.from(hash.slice(5), "base64url")).toString())).toEqual(lesson);
    expect(decodeLessonLink(`https://example.org/play/${hash}`)).toEqual(lesson);
    const fromZlib = deflateRawSync(Buffer.from(JSON.stringify(lesson))).toString("base64url");
    expect(decodeLessonLink(`#l=1.${fromZlib}`)).toEqual(lesson);
    const r = lockstep86(["lesson", "link", join(DIR, FILES[3]), "--base", "http://localhost:8086/"]);
    expect([r.status, Buffer.from(r.stdout).toString()]).toEqual([0, `http://localhost:8086/${hash}\n`]);
  });

  it("say what is wrong with a damaged one", () => {
    const hash = encodeLessonLink(LESSONS[0].lesson);
    expect(errorOf(() => decodeLessonLink("https://example.org/#s=1.abc")).message).toBe("link: no lesson in it (expected #l=1.… after the page's address)");
    expect(errorOf(() => decodeLessonLink(hash.slice(0, 32))).message).toMatch(/^link: the lesson does not decompress \(.*was the link cut\?\)$/);
    const badField = deflateRawSync(Buffer.from(JSON.stringify({ ...LESSON, id: "Bad Id" }))).toString("base64url");
    expect(errorOf(() => decodeLessonLink(`#l=1.${badField}`)).message).toBe("lesson: field 'id': 'Bad Id' is not lower-case letters, digits and dashes");
  });
});
