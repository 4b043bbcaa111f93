// The playground (web/, built into dist/web) in headless Chromium, used as a student would: with
// the mouse, the keyboard alone, at phone size and in dark mode. Each run's share link is then
// replayed in Node (decodeLink + Lockstep, and `lockstep86 run --link`), which must give the page's cycles, events, output
// and outcome; assembly errors must sit on the lines nasm names; the output of a faulted run
// must equal the fault-free run's as Node computes it. axe-core checks accessibility, and the
// screenshots the README shows are written to docs/screenshots/.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { Lockstep } from "../src/harness/lockstep";
import { classifyRun } from "../src/harness/outcome";
import { loadCoreWasm } from "../src/node/core-wasm";
import { readExample } from "../src/node/examples";
import { decodeLink, scenarioToOptions } from "../src/scenario/index";
import { lockstep86, ROOT } from "./support/cli";
import { CHROMIUM, playgroundSession } from "./support/playground/server";

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`playground: ${CHROMIUM} is not installed (apt-get install chromium); skipping`);
const SHOTS = join(ROOT, "docs", "screenshots");
const wasm = loadCoreWasm();

interface PageRun {
  cycle: number;
  running: boolean;
  events: Array<{ cycle: number; kind: string; module?: string; detail: string }>;
  stdout: string;
  finished?: { cycles: number; exitCode: number; outcome?: string };
  modules: Array<{ name: string; state: string }>;
}

const state = (page: Page): Promise<PageRun> =>
  page.evaluate(() => {
    const s = window.playground!.snapshot!;
    return {
      cycle: s.cycle,
      running: s.running,
      events: s.events,
      stdout: new TextDecoder().decode(s.stdout),
      finished: s.finished && { cycles: s.finished.cycles, exitCode: s.finished.exitCode, outcome: s.finished.outcome },
      modules: s.modules.map((m) => ({ name: m.name, state: m.state })),
    };
  });

async function until(page: Page, what: string, test: (s: PageRun) => boolean, timeout = 60_000): Promise<PageRun> {
  const end = Date.now() + timeout;
  for (;;) {
    const s = await state(page);
    if (test(s)) return s;
    if (Date.now() > end) {
      const errors = await page.evaluate(() => window.playground!.errors.join("; "));
      throw new Error(`timed out waiting for ${what}; at cycle ${s.cycle}, events: ${s.events.map((e) => e.kind).join(", ")}; page errors: ${errors}`);
    }
    await page.waitForTimeout(50);
  }
}



// The share link replayed in Node, and the fault-free run of its program beside it.
function replay(link: string) {
  const { scenario } = decodeLink(link);
  const run = scenarioToOptions(scenario, readExample);
  const r = new Lockstep(wasm, run.image, run.options).run();
  const golden = new Lockstep(wasm, run.image, { ...run.options, mode: "simplex", faults: [] }).run();
  return { scenario, r, golden, outcome: classifyRun(r, golden) };
}

async function expectReplayIdentical(page: Page): Promise<ReturnType<typeof replay>> {
  const s = await state(page);
  const link = await page.evaluate(() => window.playground!.link(true));
  const node = replay(link);
  expect(s.finished?.cycles).toBe(node.r.cycles);
  expect(s.events).toEqual(node.r.events);
  expect(s.stdout).toBe(new TextDecoder().decode(node.r.stdout));
  expect(s.finished?.exitCode).toBe(node.r.exitCode);
  expect(s.finished?.outcome).toBe(node.outcome);
  // And as a user replays it: lockstep86 run --link.
  const cli = lockstep86(["run", "--link", link, "--json"]);
  expect(cli.stderr).toBe("");
  const json = JSON.parse(new TextDecoder().decode(cli.stdout)) as { cycles: number; events: unknown[]; output: string; exitCode: number; outcome: string };
  expect({ cycles: json.cycles, events: json.events, output: json.output, exitCode: json.exitCode, outcome: json.outcome })
    .toEqual({ cycles: s.finished?.cycles, events: s.events, output: s.stdout, exitCode: s.finished?.exitCode, outcome: s.finished?.outcome });
  return node;
}

describe.skipIf(!hasChromium)("the playground in headless Chromium", () => {
  const session = playgroundSession();
  const pageErrors = session.errors;
  const open = session.open;
  beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

  // The whole page from its top, as a visitor's large screen shows it.
  async function shoot(page: Page, file: string): Promise<void> {
    await page.setViewportSize({ width: 1440, height: 1560 });
    await page.evaluate(() => { (document.activeElement as HTMLElement | null)?.blur(); window.scrollTo(0, 0); });
    await page.waitForTimeout(100);
    await page.screenshot({ path: join(SHOTS, file) });
  }

  async function step(page: Page, button: string, times = 1): Promise<void> {
    for (let i = 0; i < times; i++) {
      const before = (await state(page)).cycle;
      await page.click(button);
      await until(page, `${button} to move the machine`, (s) => s.cycle > before);
    }
  }

  async function runToEnd(page: Page): Promise<PageRun> {
    await page.fill("#speed", "21"); // as fast as it goes
    await page.dispatchEvent("#speed", "input");
    await page.click("#run");
    return until(page, "the end of the run", (s) => s.finished?.outcome !== undefined, 90_000);
  }

  it("marks two assembly mistakes on the lines nasm names, then runs the fixed program in dmr", async () => {
    const page = await open();
    await page.selectOption("#example", "");
    await page.waitForFunction(() => document.querySelector("#asm-status")?.textContent === "assembles cleanly");
    const bad = "bits 32\norg 0x1000\n  mov eax, 4\n  mov ebx, 1, 2\n  mov ecx, msg\n  mov edx, count\n  int 0x80\n  hlt\nmsg: db 'OK', 10\n";
    await page.click(".cm-content");
    await page.keyboard.press("Control+A");
    await page.keyboard.insertText(bad);
    await page.waitForFunction(() => document.querySelectorAll(".cm-lintRange-error").length === 2, undefined, { timeout: 10_000 });
    const marked = await page.evaluate(() => Array.from(document.querySelectorAll(".cm-lintRange-error"), (el) => {
      const line = el.closest(".cm-line")!;
      return Array.from(line.parentElement!.children).indexOf(line) + 1;
    }));
    // nasm, the oracle, on the same source: its error lines.
    const dir = mkdtempSync(join(tmpdir(), "playground-"));
    writeFileSync(join(dir, "bad.asm"), bad);
    let nasmErr = "";
    try { execFileSync("nasm", ["-f", "bin", "-o", join(dir, "bad.bin"), join(dir, "bad.asm")], { stdio: "pipe" }); } catch (e) { nasmErr = String((e as { stderr: Buffer }).stderr); }
    const nasmLines = [...nasmErr.matchAll(/bad\.asm:(\d+): error/g)].map((m) => Number(m[1]));
    expect(nasmLines).toEqual([4, 6]);
    expect(marked).toEqual(nasmLines);
    expect(await page.textContent("#asm-status")).toBe("2 errors: fix them to run");

    const good = bad.replace("mov ebx, 1, 2", "mov ebx, 1").replace("mov edx, count", "mov edx, 3");
    await page.click(".cm-content");
    await page.keyboard.press("Control+A");
    await page.keyboard.insertText(good);
    await page.waitForFunction(() => document.querySelector("#asm-status")?.textContent === "assembles cleanly");
    expect(await page.locator(".cm-lintRange-error").count()).toBe(0);
    expect(await page.inputValue("#mode")).toBe("dmr");
    // A breakpoint in the gutter of line 7 (int 0x80): four 5-byte movs from 0x1000 put it at 0x1014.
    // The line's place within the gutter, measured at once, so that the page moving meanwhile
    // (a status line above the editor changing) cannot put the click on another line.
    const lineIn = () => page.evaluate(() => {
      const line = document.querySelectorAll(".cm-content .cm-line")[6].getBoundingClientRect();
      const gutter = document.querySelector(".cm-breakpoints")!.getBoundingClientRect();
      return { x: gutter.width / 2, y: line.top - gutter.top + line.height / 2 };
    });
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))); // the editor's own scrolling done
    // Each breakpoint shown: whether its dot sits in line 7's row (the gutter's hidden spacer
    // aside), and where to click to take it away again.
    const dots = () => page.evaluate(() => {
      const line = document.querySelectorAll(".cm-content .cm-line")[6].getBoundingClientRect();
      const shown = Array.from(document.querySelectorAll(".cm-breakpoints .bp-dot")).filter((d) => getComputedStyle(d).visibility !== "hidden");
      return shown.map((d) => {
        const r = d.getBoundingClientRect();
        return { onLine: r.height > 0 && r.top + r.height / 2 > line.top && r.top + r.height / 2 < line.bottom, x: r.left + r.width / 2, y: r.top + r.height / 2 };
      });
    });
    // On a loaded machine the editor can still move between the measure and the click: a click
    // that set its breakpoint on another line is taken back (a click on its dot) and made again.
    for (let tries = 0; tries < 3; tries++) {
      await page.locator(".cm-breakpoints").click({ position: await lineIn() });
      const set = await dots();
      if (set.length === 1 && set[0].onLine) break;
      for (const d of set) await page.mouse.click(d.x, d.y);
    }
    // Exactly one breakpoint, on line 7.
    await expect.poll(async () => (await dots()).map((d) => d.onLine)).toEqual([true]);
    await page.fill("#speed", "21");
    await page.dispatchEvent("#speed", "input");
    await page.click("#run");
    const stopped = await until(page, "the breakpoint", (x) => x.cycle > 0 && !x.finished && !x.running);
    expect(stopped.cycle).toBe(4);
    expect(await page.evaluate(() => window.playground!.snapshot!.modules.map((m) => m.eip))).toEqual([0x1014, 0x1014]);
    expect(await page.locator(".cm-line.cm-at").textContent()).toBe("  int 0x80");
    const s = await runToEnd(page);
    expect(s.stdout).toBe("OK\n");
    expect(s.finished).toMatchObject({ exitCode: 0, outcome: "benign" });
    expect(s.modules).toEqual([{ name: "A", state: "online" }, { name: "B", state: "online" }]);
    const node = await expectReplayIdentical(page);
    expect(node.scenario.program).toEqual({ asm: good, name: "program.asm" });
    await page.close();
  });

  it("masks a register bit clicked mid-run: fault, divergence, rollback, retry; the output is the fault-free run's", async () => {
    const page = await open();
    await step(page, "#step-epoch", 2);
    const at = (await state(page)).cycle;
    // Module B's card: ESP is selected; bit 3.
    await page.click('.card-B button.bit[aria-label*=": bit 3 of ESP "]');
    await page.waitForFunction(() => window.playground!.scenario.faults.length === 1);
    expect(await page.evaluate(() => window.playground!.scenario.faults)).toEqual([`reg@${at}/B:reg=esp,bit=3`]);
    expect(await page.inputValue("#faults li input")).toBe(`reg@${at}/B:reg=esp,bit=3`);
    const s = await runToEnd(page);
    const kinds = s.events.map((e) => e.kind);
    for (const k of ["fault", "divergence", "rollback", "retry-agreed"]) expect(kinds).toContain(k);
    expect(kinds.indexOf("fault")).toBeLessThan(kinds.indexOf("divergence"));
    expect(kinds.indexOf("divergence")).toBeLessThan(kinds.indexOf("rollback"));
    expect(kinds.indexOf("rollback")).toBeLessThan(kinds.indexOf("retry-agreed"));
    for (const k of ["fault", "divergence", "rollback", "retry-agreed"]) expect(await page.locator(`svg.tl g.ev-${k}`).count()).toBeGreaterThan(0);
    expect(s.finished?.outcome).toBe("masked");
    expect(await page.textContent("#outcome .outcome-badge")).toBe("masked");
    const node = await expectReplayIdentical(page);
    expect(s.stdout).toBe(new TextDecoder().decode(node.golden.stdout));
    expect(s.stdout).toContain("qsort");
    // The event table is the CLI's timeline text.
    const table = await page.locator("#events li").allTextContents();
    expect(table.some((l) => /^\s+[\d,]+\s+rollback\s+every online module returns to cycle/.test(l))).toBe(true);
    await page.locator("svg.tl g.ev-divergence").first().focus();
    await page.keyboard.press("Enter");
    expect(await page.textContent("#event-detail")).toMatch(/divergence.*cycle [\d,]+/);
    await shoot(page, "playground-desktop.png");
    await page.close();
  });

  it("tmr without ECC: a RAM bit flipped by a click is outvoted and the module resynced", async () => {
    const page = await open();
    await page.selectOption("#mode", "tmr");
    await page.selectOption("#ecc", "none");
    await until(page, "three modules", (s) => s.modules.length === 3 && s.cycle === 0);
    await page.fill("#watch", "0x1065a0");
    await page.press("#watch", "Enter");
    await step(page, "#step-epoch", 4);
    const at = (await state(page)).cycle;
    await page.locator(".card-A button.byte").first().click();
    await page.click('.card-A .bytebits button[aria-label*=": bit 2 of the byte"]');
    await page.waitForFunction(() => window.playground!.scenario.faults.length === 1);
    expect(await page.evaluate(() => window.playground!.scenario.faults)).toEqual([`ram@${at}/A:addr=0x1065a0,bit=2`]);
    const s = await runToEnd(page);
    const kinds = s.events.map((e) => `${e.kind}${e.module ? `/${e.module}` : ""}`);
    for (const k of ["fault/A", "divergence", "vote/A", "offline/A", "resync-start/A", "resync-done/A"]) expect(kinds).toContain(k);
    expect(await page.locator("svg.tl g.ev-vote").count()).toBe(1);
    expect(await page.locator("svg.tl rect.band-resync").count()).toBe(1);
    expect(s.finished?.outcome).toBe("masked");
    await expectReplayIdentical(page);
    await shoot(page, "playground-tmr.png");
    await page.close();
  });

  it("pulling module B and inserting a fresh one resyncs it while the program runs", async () => {
    const page = await open();
    await step(page, "#step-epoch", 2);
    await page.click('.card-B button:text("Pull")');
    await step(page, "#step-epoch", 1);
    await until(page, "B out", (s) => s.modules.find((m) => m.name === "B")?.state === "removed");
    await page.click('.card-B button:text("Insert")');
    await page.waitForFunction(() => window.playground!.scenario.faults.length === 2);
    const s = await runToEnd(page);
    const onB = s.events.filter((e) => e.module === "B").map((e) => e.kind);
    expect(onB).toEqual(expect.arrayContaining(["fault", "offline", "insert", "resync-start", "resync-pause", "resync-done"]));
    const done = s.events.find((e) => e.kind === "resync-done")!;
    expect(done.cycle).toBeLessThan(s.finished!.cycles); // the program went on running after it
    expect(s.modules).toEqual([{ name: "A", state: "online" }, { name: "B", state: "online" }]);
    const node = await expectReplayIdentical(page);
    expect(s.stdout).toBe(new TextDecoder().decode(node.golden.stdout));
    await page.close();
  });

  it("runs an uploaded ELF on an uploaded stdin file as qemu-i386 does, and imports a scenario file", async () => {
    const page = await open();
    const dir = mkdtempSync(join(tmpdir(), "playground-"));
    const stdin = "first line\nsecond one here\n";
    writeFileSync(join(dir, "input.txt"), stdin);
    await page.setInputFiles("#up-elf", join(ROOT, "programs", "bin", "stdin.elf"));
    await page.waitForFunction(() => "elf" in window.playground!.scenario.program);
    await page.setInputFiles("#up-stdin", join(dir, "input.txt"));
    await page.waitForFunction(() => window.playground!.scenario.stdin !== undefined);
    expect(await page.textContent("#editor-title")).toMatch(/^stdin\.elf — disassembly of \.text/);
    const s = await runToEnd(page);
    const qemu = execFileSync("qemu-i386", [join(ROOT, "programs", "bin", "stdin.elf")], { input: stdin }).toString();
    expect(s.stdout).toBe(qemu);
    expect(s.finished).toMatchObject({ exitCode: 0, outcome: "benign" });
    await expectReplayIdentical(page); // the link carries the ELF's and the input's bytes

    // A scenario file, written by hand, restores mode, ECC, epoch and faults.
    const scenario = { version: 1, program: { example: "fib" }, args: [], mode: "tmr", ecc: "secded", epoch: 4096, faults: ["halt@5000/C"], autoReplace: false, maxCycles: null };
    writeFileSync(join(dir, "scenario.json"), JSON.stringify(scenario));
    await page.setInputFiles("#import", join(dir, "scenario.json"));
    await until(page, "the imported scenario", (x) => x.modules.length === 3 && x.cycle === 0);
    expect([await page.inputValue("#mode"), await page.inputValue("#ecc"), await page.inputValue("#example"), await page.textContent("#epoch-v")]).toEqual(["tmr", "secded", "fib", "4,096"]);
    expect(await page.inputValue("#faults li input")).toBe("halt@5000/C");
    const t = await runToEnd(page);
    expect(t.events.filter((e) => e.module === "C").map((e) => e.kind)).toEqual(expect.arrayContaining(["fault", "offline", "resync-start"]));
    await expectReplayIdentical(page);
    await page.close();
  });

  it("runs and pauses with the keyboard alone, and a share link with &run runs on open", async () => {
    const page = await open();
    // R runs qsort at the default speed; R again pauses it where it is.
    await page.keyboard.press("r");
    await until(page, "the run to start", (x) => x.running && x.cycle > 0);
    await page.keyboard.press("r");
    const paused = await until(page, "the pause", (x) => !x.running);
    await page.waitForTimeout(300);
    expect((await state(page)).cycle).toBe(paused.cycle);
    expect(paused.finished).toBeUndefined();
    await page.keyboard.press("x"); // reset
    await until(page, "the reset", (x) => x.cycle === 0);
    // Tab to the gallery, pick hello with the arrow keys, then the shortcuts.
    await page.keyboard.press("Tab"); // skip link
    for (let i = 0; i < 40 && !(await page.evaluate(() => document.activeElement?.id === "example")); i++) await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("example");
    await page.selectOption("#example", "hello"); // what the arrow keys do in a focused <select>
    await until(page, "hello loaded", (s) => s.cycle === 0 && s.events.length === 0);
    await page.evaluate(() => (document.activeElement as HTMLElement).blur());
    await page.keyboard.press("e"); // step an epoch: hello ends within it
    const s = await until(page, "the end of the run", (x) => x.finished?.outcome !== undefined);
    expect(s.stdout).toMatch(/hello/i);
    const link = await page.evaluate(() => window.playground!.link(true));
    expect(link).toMatch(/#s=1\.[A-Za-z0-9_-]+&run$/);
    const again = await open({ hash: link.slice(link.indexOf("#")) });
    const t = await until(again, "the linked run to end by itself", (x) => x.finished?.outcome !== undefined);
    expect(t.stdout).toBe(s.stdout);
    expect(t.events).toEqual(s.events);
    await again.close();
    await page.close();
  });

  it("works at phone size (panes as tabs) and in dark mode; axe-core finds no serious or critical violation", async () => {
    const phone = await open({ width: 390, height: 844 });
    expect(await phone.isVisible(".tabs")).toBe(true);
    expect(await phone.isVisible("#pane-program")).toBe(true);
    expect(await phone.isVisible("#pane-modules")).toBe(false);
    await phone.click("#tab-modules");
    expect(await phone.isVisible("#pane-modules")).toBe(true);
    expect(await phone.isVisible("#pane-program")).toBe(false);
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await phone.click("#tab-program");
    await phone.evaluate(() => window.scrollTo(0, 0));
    await phone.screenshot({ path: join(SHOTS, "playground-phone.png") });
    await phone.close();

    const dark = await open({ dark: true });
    await step(dark, "#step-epoch", 3);
    const bg = await dark.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = bg.match(/\d+/g)!.map(Number);
    expect(r + g + b).toBeLessThan(120);
    await dark.screenshot({ path: join(SHOTS, "playground-dark.png") });
    for (const page of [dark]) {
      await page.addScriptTag({ content: readFileSync(join(ROOT, "node_modules", "axe-core", "axe.min.js"), "utf8") });
      const violations = await page.evaluate(async () => {
        const r = await (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe.run();
        return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.nodes.length})`);
      });
      expect(violations).toEqual([]);
    }
    await dark.close();
    const light = await open();
    await light.addScriptTag({ content: readFileSync(join(ROOT, "node_modules", "axe-core", "axe.min.js"), "utf8") });
    const violations = await light.evaluate(async () => {
      const r = await (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe.run();
      return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.nodes.length})`);
    });
    expect(violations).toEqual([]);
    await light.close();
  });

  it("raised no error in any page", () => {
    expect(pageErrors).toEqual([]);
  });
});
