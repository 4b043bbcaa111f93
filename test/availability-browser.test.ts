/**
 * The availability panel in headless Chromium: its numbers, computed in the page's worker, equal
 * `lockstep86 availability --json` for the same inputs (the same machine runs, prediction and
 * simulation, in another engine); a bad input is named in one line; and the screenshot the
 * README shows is written to docs/screenshots/availability.png.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fmtNines } from "../src/availability/index";
import { lockstep86, ROOT } from "./support/cli";
import { buildWeb, CHROMIUM, launchChromium, serveWeb } from "./support/playground/server";

const SHOTS = join(ROOT, "docs", "screenshots");

describe.skipIf(!existsSync(CHROMIUM))("the availability panel in headless Chromium", () => {
  let server: Server;
  let origin: string;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    buildWeb();
    ({ server, origin } = await serveWeb());
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, reducedMotion: "reduce" });
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => window.playground?.ready && window.availability !== undefined, undefined, { timeout: 60_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => server?.close(done));
  });

  const set = async (name: string, value: string) => page.fill(`#availability input[name="${name}"]`, value);

  it("names a bad input in one line and computes nothing", async () => {
    await set("fit-dimm", "lots");
    await page.click("#availability button[type=submit]");
    await expect.poll(() => page.textContent("#availability .error")).toBe("DIMM FIT: 'lots' is not a number");
    expect(await page.getAttribute('#availability input[name="fit-dimm"]', "aria-invalid")).toBe("true");
    expect(await page.evaluate(() => window.availability!.busy)).toBe(false);
    await set("fit-dimm", "9500");
  });

  async function compute(inputs: Record<string, string>) {
    for (const [name, value] of Object.entries(inputs)) await set(name, value);
    await page.click("#availability button[type=submit]");
    await page.waitForFunction(() => window.availability?.result !== undefined && !window.availability.busy, undefined, { timeout: 240_000 });
    const inPage = await page.evaluate(() => window.availability!.result!);
    const cli = lockstep86(["availability", ...Object.entries(inputs).flatMap(([k, v]) => [`--${k}`, v]), "--json"]);
    expect(cli.stderr).toBe("");
    const json = JSON.parse(Buffer.from(cli.stdout).toString());
    expect(inPage.runs).toEqual(json.runs);
    expect(inPage.report).toEqual(json.report);
    // The table shows them, formatted as the CLI formats them.
    for (const m of json.report.modes as Array<{ mode: string; predicted: { nines: number }; simulated: { nines: number }; agree: boolean }>) {
      expect(await page.textContent(`#availability tr[data-mode=${m.mode}] [data-field=predicted]`)).toBe(fmtNines(m.predicted.nines));
      expect(await page.textContent(`#availability tr[data-mode=${m.mode}] [data-field=simulated]`)).toBe(fmtNines(m.simulated.nines));
      expect(m.agree).toBe(true);
    }
    expect(await page.textContent("#availability .avail-status")).toMatch(new RegExp(`^Done: \\d+ faulted runs of the machine, ${Number(inputs.years).toLocaleString("en-US")} simulated years a mode\\.$`));
  }

  it("shows the numbers the CLI prints for the same inputs", async () => {
    await compute({ runs: "6", years: "20000", seed: "5", "replace-hours": "8", "transient-cpu": "0.7" });
  }, 240_000);

  it("with the defaults, shows what the README quotes (and its screenshot)", async () => {
    await compute({ runs: "24", years: "100000", seed: "1", "replace-hours": "4", "transient-cpu": "0.5" });
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await (await page.$("#availability"))!.screenshot({ path: join(SHOTS, "availability.png") });
    expect(pageErrors).toEqual([]);
  }, 300_000);

  it("axe-core finds no serious or critical violation in the panel, light or dark; at phone size nothing scrolls sideways", async () => {
    await page.addScriptTag({ content: readFileSync(join(ROOT, "node_modules", "axe-core", "axe.min.js"), "utf8") });
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(context: string): Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe;
        const r = await axe.run("#availability");
        return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.nodes.length})`);
      });
      expect(violations).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
