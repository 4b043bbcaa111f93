/**
 * `lockstep86 campaign report FILE... --html OUT`: one page with no JavaScript that holds the
 * per-kind table with intervals, the comparison by extrapolated failure counts and every plot
 * as inline SVG (a fault-space plot per kind, outcome against injection cycle, the latency
 * histogram), and that Chromium opens without a console error.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CHROMIUM, launchChromium } from "./support/browser/chromium";
import { lockstep86 } from "./support/cli";

const dir = mkdtempSync(join(tmpdir(), "lockstep86-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("campaign report --html", () => {
  const simplex = join(dir, "simplex.jsonl");
  const dmr = join(dir, "dmr.jsonl");
  const html = join(dir, "report.html");

  it("holds the tables and every plot, with no script", () => {
    expect(lockstep86(["campaign", "programs/bin/exitcode.elf", "--mode", "simplex", "--ecc", "none", "--faults", "60", "--seed", "11", "--out", simplex]).status).toBe(0);
    expect(lockstep86(["campaign", "programs/bin/exitcode.elf", "--faults", "36", "--seed", "11", "--out", dmr]).status).toBe(0);
    const r = lockstep86(["campaign", "report", simplex, dmr, "--html", html]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const page = readFileSync(html, "utf8");
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain('id="comparison"');
    for (const i of [0, 1]) {
      for (const id of [`fault-space-${i}`, `outcome-by-cycle-${i}`, `latency-${i}`]) expect(page).toContain(`id="${id}"`);
    }
    // Each figure holds its plots' SVGs (legend swatches are 15 px SVGs, not counted): the fault
    // space one per kind drawn.
    const figures = [...page.matchAll(/<figure class="plot ([\w-]+)">([\s\S]*?)<\/figure>\s*(?:<h3|<\/section>)/g)];
    const byKind = figures.map((m) => [m[1], (m[2].match(/<svg (?!fill="[^"]*" height="15")/g) ?? []).length]);
    expect(byKind).toEqual([
      ["fault-space", 5], ["outcome-by-cycle", 1], ["latency", 1], // simplex: ram reg disk stuck halt
      ["fault-space", 6], ["outcome-by-cycle", 1], ["latency", 1], // dmr: and pull
    ]);
    // The table's numbers are the text report's.
    const text = Buffer.from(lockstep86(["campaign", "report", simplex]).stdout).toString();
    const total = /^total\s+60\s+.*$/m.exec(text)![0].split(/\s{2,}/);
    expect(page).toContain(`<th>total</th><td>60</td>`);
    expect(page).toContain(total[total.length - 1].replace("±", "±"));
  }, 120_000);

  it.skipIf(!existsSync(CHROMIUM))("opens in Chromium without console errors, every plot drawn", async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`file://${html}`);
      expect(errors).toEqual([]);
      // Every SVG has a size on the page and marks in it.
      const sizes = await page.$$eval("figure.plot svg:not([height='15'])", (svgs) => svgs.map((s) => {
        const b = s.getBoundingClientRect();
        return { w: b.width, h: b.height, marks: s.querySelectorAll("circle, rect, path").length };
      }));
      expect(sizes.length).toBeGreaterThanOrEqual(16);
      for (const s of sizes) {
        expect(s.w).toBeGreaterThan(100);
        expect(s.h).toBeGreaterThan(20);
        expect(s.marks).toBeGreaterThan(0);
      }
    } finally {
      await browser.close();
    }
  }, 60_000);
});
