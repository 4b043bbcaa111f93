// The lessons in the playground, in headless Chromium, as a student takes them: open each one,
// predict, run, read the reveal, answer the question. What the page saw must be what Node's run
// of the same scenario gives (events, outcome) and what the lesson claims; lesson 6's campaign
// runs in a worker and its table must hold Node's counts and intervals. A lesson link made in
// Node, and a lesson file, open in the page. The README's screenshot is written here.
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCoreWasm } from "../src/node/core-wasm";
import { readExample } from "../src/node/examples";
import { claimedAnswer, encodeLessonLink, parseLesson, type Lesson } from "../src/lesson/index";
import { runFacts } from "../src/lesson/run";
import { formatRate } from "../src/campaign/stats";
import { ROOT } from "./support/cli";
import { CHROMIUM, playgroundSession } from "./support/playground/server";

const hasChromium = existsSync(CHROMIUM);
const SHOTS = join(ROOT, "docs", "screenshots");
const DIR = join(ROOT, "lessons");
const LESSONS: Lesson[] = readdirSync(DIR).filter((f) => f.endsWith(".json")).sort().map((f) => parseLesson(readFileSync(join(DIR, f), "utf8")));
const wasm = loadCoreWasm();

interface Record_ { id: string; predictions: string[]; actual?: string[]; claimsHold?: boolean; correct?: boolean; campaign?: Array<{ mode: string; n: number; outcomes: Record<string, number>; failures: string; sdc: string }> }
const record = (page: Page) => page.evaluate(() => window.playground!.lesson!() as unknown as Record_ | undefined);

async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: readFileSync(join(ROOT, "node_modules", "axe-core", "axe.min.js"), "utf8") });
  return page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe.run();
    return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.nodes.length})`);
  });
}

describe.skipIf(!hasChromium)("lessons in the playground", () => {
  const session = playgroundSession();
  const pageErrors = session.errors;
  const open = session.open;
  beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

  // Predicts (the claimed answer first, then a wrong one where there is one), runs, waits for the reveal.
  async function take(page: Page, lesson: Lesson): Promise<Record_> {
    for (const [i, p] of lesson.predict.entries()) {
      const options = p.about === "cycle" ? p.buckets.map((b) => b.label) : p.choices;
      const right = claimedAnswer(p, lesson);
      const pick = i === 0 ? right : options.find((o) => o !== right)!;
      await page.check(`input[name=predict-${i}][value="${pick}"]`);
    }
    await page.click("#lesson-run");
    await page.waitForSelector("#lesson-reveal:not([hidden])", { timeout: 60_000 });
    return (await record(page))!;
  }

  async function answer(page: Page, lesson: Lesson, right: boolean): Promise<string> {
    const q = lesson.question;
    if ("choices" in q) await page.check(`input[name=lesson-q][value="${right ? q.answer : (q.answer + 1) % q.choices.length}"]`);
    else {
      const want = typeof q.number === "number" ? q.number : (lesson.claims as Record<string, any>) && q.number.split(".").slice(1).reduce((v: any, k) => v[k], lesson.claims);
      await page.fill("#lesson-number", String(right ? want : want + q.tolerance + 1));
    }
    await page.click("#lesson-check");
    return page.textContent(".lesson-feedback") as Promise<string>;
  }

  it("each of the six lessons opens, takes predictions, runs as Node runs it, reveals and checks the answer", async () => {
    const page = await open();
    for (const [i, lesson] of LESSONS.entries()) {
      await page.click("#open-lessons");
      await page.click(`button[data-lesson=${lesson.id}]`);
      expect(await page.textContent("#lesson-title")).toBe(lesson.title);
      expect(await page.textContent(".lesson-kicker")).toBe(`Lesson ${i + 1} of 6`);
      expect(await page.isDisabled("#lesson-run")).toBe(true); // predict first
      // Loaded into the page to look at (settings, faults) while predicting, as any scenario is.
      await page.waitForFunction((id) => JSON.stringify(window.playground!.scenario).length > 0 && window.playground!.lesson!()?.id === id, lesson.id);
      expect(await page.evaluate(() => window.playground!.scenario)).toEqual(lesson.scenario);
      const r = await take(page, lesson);
      const node = runFacts(wasm, lesson.scenario, readExample);
      const seen = await page.evaluate(() => { const s = window.playground!.snapshot!; return { events: s.events, outcome: s.finished?.outcome, speed: (document.querySelector("#speed") as HTMLInputElement).value }; });
      expect(seen.events, lesson.id).toEqual(node.events);
      expect(seen.outcome).toBe(node.outcome);
      expect(r.claimsHold, lesson.id).toBe(true);
      expect(r.actual).toEqual(lesson.predict.map((p) => claimedAnswer(p, lesson)));
      const marks = await page.$$eval(".lesson-compare li", (lis) => lis.map((li) => li.className.trim()));
      expect(marks).toEqual(lesson.predict.map((_, j) => (j === 0 ? "right" : "wrong")));
      expect(await page.textContent("#lesson-reveal")).not.toContain("{{");
      // The step back to the first divergence (its button is time travel's): at the claimed event's cycle.
      const back = lesson.claims.events![lesson.divergence!.event];
      expect(await page.getAttribute("[data-step=divergence]", "data-cycle")).toBe(String(back.cycle));
      await page.click("#lesson-back");
      if (back.kind === "divergence") {
        await page.waitForFunction((c) => { const s = window.playground!.snapshot!; return s.divergence !== undefined && s.cycle <= c; }, back.cycle!, { timeout: 60_000 });
      } else {
        await page.waitForFunction((c) => window.playground!.snapshot!.cycle === c && !window.playground!.snapshot!.finished, back.cycle!, { timeout: 60_000 });
      }
      expect(await answer(page, lesson, false)).toMatch(/^Not quite: the answer is /);
      expect(await answer(page, lesson, true)).toMatch(/^Right\. /);
      expect((await record(page))!.correct).toBe(true);
    }
    await page.close();
  }, 300_000);

  it("runs a lesson's variation, and lesson 6's campaign in a worker with Node's counts and intervals", async () => {
    const page = await open();
    await page.click("#open-lessons");
    await page.click("button[data-lesson=ecc-names-the-culprit]");
    await take(page, LESSONS[2]);
    await page.click("button[data-variation='1']");
    await page.waitForFunction(() => /Ran to the end|does not do/.test(document.querySelectorAll(".variation")[1].textContent ?? ""), undefined, { timeout: 60_000 });
    expect(await page.textContent(".variation:nth-of-type(2) [role=status]")).toMatch(/^✓ Ran to the end: masked, as the text says\. 2,713,893 cycles in \d+\.\d\d s on this machine\.$/);
    expect(await page.evaluate(() => window.playground!.snapshot!.events.filter((e) => e.kind === "corrected").length)).toBe(1);

    const six = LESSONS[5];
    await page.click("text=All lessons");
    await page.click(`button[data-lesson=${six.id}]`);
    await take(page, six);
    await page.click("#lesson-campaign");
    await page.waitForFunction(() => window.playground!.lesson!()?.campaign !== undefined, undefined, { timeout: 240_000 });
    const rows = (await record(page))!.campaign!;
    for (const row of rows) {
      const claimed = six.claims.campaign![row.mode as "simplex" | "dmr"]!;
      expect(row.outcomes, row.mode).toEqual(claimed);
      expect(row.failures).toBe(formatRate(claimed.sdc! + claimed.crash! + claimed.hang!, six.campaign!.faults));
      expect(row.sdc).toBe(formatRate(claimed.sdc!, six.campaign!.faults));
    }
    expect(await page.$$eval("table.campaign tbody tr", (trs) => trs.map((tr) => tr.getAttribute("data-mode")))).toEqual(["simplex", "dmr"]);
    expect(await axe(page)).toEqual([]);
    await page.close();
  }, 300_000);

  it("opens a lesson link made in Node and a lesson file; shows a bad one's error; screenshots", async () => {
    const two = LESSONS[1];
    const page = await open({ hash: encodeLessonLink(two) });
    await page.waitForSelector("#lesson:not([hidden])");
    expect(await page.textContent("#lesson-title")).toBe(two.title);
    expect(await page.textContent(".lesson-kicker")).toBe("Your lesson");
    await take(page, two);
    await answer(page, two, true);
    await page.evaluate(() => { (document.activeElement as HTMLElement | null)?.blur(); window.scrollTo(0, 0); });
    await page.setViewportSize({ width: 1440, height: 1800 });
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(SHOTS, "lesson.png") });
    expect(await axe(page)).toEqual([]);

    await page.click("text=All lessons");
    await page.setInputFiles("#lesson-file", { name: "mine.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify({ ...LESSONS[0], title: "A teacher's own" })) });
    await page.waitForFunction(() => document.querySelector("#lesson-title")?.textContent === "A teacher's own");
    await page.click("text=All lessons");
    await page.setInputFiles("#lesson-file", { name: "bad.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify({ ...LESSONS[0], predict: [] })) });
    await page.waitForSelector("#lesson .error");
    expect(await page.textContent("#lesson .error")).toBe("bad.json: lesson: field 'predict': expected 1 to 3 predictions ({about: outcome|module|cycle, prompt, ...})");
    await page.close();

    for (const [file, options] of [["/tmp/lesson-phone.png", { width: 390, height: 1600 }], ["/tmp/lesson-dark.png", { dark: true, height: 1400 }]] as const) {
      const p = await open({ ...options, hash: encodeLessonLink(LESSONS[4]) });
      await p.waitForSelector("#lesson:not([hidden])");
      await take(p, LESSONS[4]);
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(options.width ?? 1440);
      await p.evaluate(() => window.scrollTo(0, 0));
      await p.screenshot({ path: file });
      expect(await axe(p)).toEqual([]);
      await p.close();
    }
  }, 300_000);

  it("raised no error in any page", () => {
    expect(pageErrors).toEqual([]);
  });
});
