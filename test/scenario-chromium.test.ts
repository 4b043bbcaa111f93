// Share links between the browser and Node, both ways: headless Chromium (Debian's, through
// playwright-core) opens a link made in Node, reads the same scenario, runs it stepped with a
// fault added between steps, and makes a link of what it ran; `lockstep86 run --link` replays
// that link in Node with the browser's cycles, events, output and exit status.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, openTestPage, type TestPage } from "./support/browser/chromium";
import { encodeLink, parseScenario } from "../src/scenario/index";
import { lockstep86, ROOT } from "./support/cli";

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`scenario-chromium: ${CHROMIUM} is not installed (apt-get install chromium); skipping`);

const scenario = parseScenario({ version: 1, program: { example: "qsort" }, mode: "tmr", ecc: "none", faults: ["ram@300000/A:addr=0x1065a0,bit=2"] });

describe.skipIf(!hasChromium)("a share link in headless Chromium", () => {
  let site: TestPage;

  beforeAll(async () => {
    site = await openTestPage(join(ROOT, "test", "support", "browser", "link-page.ts"), {
      "/programs/bin/qsort.elf": { type: "application/octet-stream", body: readFileSync(join(ROOT, "programs", "bin", "qsort.elf")) },
    });
  }, 60_000);

  afterAll(async () => {
    await site?.close();
  });

  it("reads Node's link, and its own link replays in Node with the browser's result", async () => {
    const page = await site.browser.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(`${site.origin}/${encodeLink(scenario, { run: true })}`);
    await page.waitForFunction(() => window.linkResult !== undefined || window.linkError !== undefined, undefined, { timeout: 90_000 });
    expect(await page.evaluate(() => window.linkError)).toBeUndefined();
    expect(pageErrors).toEqual([]);
    const fromBrowser = JSON.parse((await page.evaluate(() => window.linkResult))!);
    expect(fromBrowser.run).toBe(true);
    expect(fromBrowser.decoded).toEqual(scenario);

    const replay = lockstep86(["run", "--link", `${site.origin}/${fromBrowser.link}`, "--json"]);
    expect(replay.stderr).toBe("");
    const fromNode = JSON.parse(Buffer.from(replay.stdout).toString());
    // (The report lists faults by cycle: the one added at about cycle 150,000 first.)
    expect(fromNode.faults.map((f: { spec: string }) => f.spec)).toEqual([expect.stringMatching(/^reg@1\d{5}\/B:reg=esp,bit=3$/), ...scenario.faults]);
    expect({ exitCode: replay.status, cycles: fromNode.cycles, events: fromNode.events, output: fromNode.output }).toEqual(fromBrowser.result);
    // The added fault did something: the run has a divergence beside the vote.
    expect(fromNode.events.filter((e: { kind: string }) => e.kind === "divergence").length).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
