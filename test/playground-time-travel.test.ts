// Time travel in the playground (headless Debian Chromium): back to the first divergence, the
// timeline scrubber and the back buttons move every module card, and what the cards then show is
// what `lockstep86 inspect` prints for the same share link (registers, EIP, flags, the cycle).
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockstep86, ROOT } from "./support/cli";
import { buildWeb, CHROMIUM, launchChromium, serveWeb } from "./support/playground/server";
import { encodeLink, parseScenario } from "../src/scenario/index";

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`playground time travel: ${CHROMIUM} is not installed (apt-get install chromium); skipping`);
const SHOTS = join(ROOT, "docs", "screenshots");

// qsort in dmr, ESP flipped on module B: a divergence, a rollback, the retry agreed.
const SCENARIO = parseScenario({ version: 1, program: { example: "qsort" }, mode: "dmr", faults: ["reg@150000/B:reg=esp,bit=3"] });
const LINK = encodeLink(SCENARIO, { run: true });

interface Cards {
  cycle: number;
  modules: Array<{ name: string; eip: number; eflags: number; regs: Record<string, number> }>;
  divergence?: { cycle: number; registers: string[] };
}

const cardsOf = (page: Page): Promise<Cards> =>
  page.evaluate(() => {
    const s = window.playground!.snapshot!;
    return {
      cycle: s.cycle,
      modules: s.modules.map((m) => ({ name: m.name, eip: m.eip, eflags: m.eflags, regs: m.regs })),
      divergence: s.divergence && { cycle: s.divergence.cycle, registers: s.divergence.registers },
    };
  });

function inspect(args: string[]) {
  const r = lockstep86(["inspect", "--link", LINK, ...args, "--json"]);
  expect(r.stderr).toBe("");
  const out = JSON.parse(Buffer.from(r.stdout).toString()) as { cycle: number; modules: Array<{ name: string; eip: number; eflags: number; regs: Record<string, number> }>; differences: string[] };
  return { cycle: out.cycle, modules: out.modules.map((m) => ({ name: m.name, eip: m.eip, eflags: m.eflags, regs: m.regs })), differences: out.differences };
}

describe.skipIf(!hasChromium)("time travel in the playground", () => {
  let server: Server;
  let origin: string;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    buildWeb();
    ({ server, origin } = await serveWeb());
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
    page = await browser.newPage({ viewport: { width: 1440, height: 1200 }, reducedMotion: "reduce" });
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${origin}/${LINK}`);
    await page.waitForFunction(() => window.playground?.snapshot?.finished?.outcome !== undefined, undefined, { timeout: 90_000 });
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => server?.close(done));
  });

  it("First divergence puts every card where inspect --divergence stands, the differing registers lit", async () => {
    await page.click("#to-divergence");
    await page.waitForFunction(() => window.playground!.snapshot!.divergence !== undefined, undefined, { timeout: 60_000 });
    const shown = await cardsOf(page);
    const cli = inspect(["--divergence"]);
    expect(shown.cycle).toBe(cli.cycle);
    expect(shown.modules).toEqual(cli.modules);
    expect(shown.divergence!.registers).toEqual(cli.differences);
    expect(cli.differences).toContain("esp");
    // Lit in the cards: ESP differs on both modules' cards.
    const lit = await page.$$eval(".card .reg.differs", (els) => els.map((e) => e.textContent ?? ""));
    expect(lit.filter((t) => /esp/i.test(t))).toHaveLength(2);
    const panel = await page.textContent("#divergence");
    expect(panel).toContain(`First divergence: cycle ${cli.cycle.toLocaleString("en-US")}`);
    expect(panel).toContain("reg@150000/B:reg=esp,bit=3");
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, "divergence.png") });
  }, 90_000);

  it("the scrubber takes every view to a cycle: the cards show what inspect --at shows", async () => {
    await page.click("#tab-timeline").catch(() => undefined); // a tab only at phone size
    const target = 100000;
    await page.$eval("#scrub", (el, v) => {
      const input = el as HTMLInputElement;
      input.value = String(v);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }, target);
    await page.waitForFunction((c) => window.playground!.snapshot!.cycle === c, target, { timeout: 60_000 });
    const shown = await cardsOf(page);
    expect(shown.modules).toEqual(inspect(["--at", String(target)]).modules);
    expect(await page.$eval("#cycle", (e) => e.textContent)).toBe("cycle 100,000");
  }, 90_000);

  it("Back (B) goes one instruction back and Epoch back (P) to the epoch's start, every module at once", async () => {
    await page.keyboard.press("b");
    await page.waitForFunction(() => window.playground!.snapshot!.cycle === 99999, undefined, { timeout: 60_000 });
    expect((await cardsOf(page)).modules).toEqual(inspect(["--at", "99999"]).modules);
    await page.click("#back-epoch");
    await page.waitForFunction(() => window.playground!.snapshot!.cycle === 65536, undefined, { timeout: 60_000 });
    // And running on from there ends as the run did.
    await page.click("#run");
    await page.waitForFunction(() => window.playground!.snapshot!.finished?.outcome === "masked", undefined, { timeout: 90_000 });
    expect(errors).toEqual([]);
  }, 150_000);

  it("axe-core finds no serious or critical violation with the divergence panel shown", async () => {
    await page.click("#to-divergence");
    await page.waitForFunction(() => window.playground!.snapshot!.divergence !== undefined, undefined, { timeout: 60_000 });
    await page.addScriptTag({ content: readFileSync(join(ROOT, "node_modules", "axe-core", "axe.min.js"), "utf8") });
    const violations = await page.evaluate(async () => {
      const r = await (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string }> }> } }).axe.run();
      return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
    });
    expect(violations).toEqual([]);
  }, 90_000);
});
