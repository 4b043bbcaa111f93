// The library runs in a real browser as it runs in Node: the assembler, the disassembler, the ELF
// loader and the lockstep machine (dmr under the demo's faults, with a resync; tmr) are bundled
// with esbuild, loaded in headless Chromium (Debian's, driven by playwright-core) and run on the
// same input; the browser's result must equal Node's field for field, cycle for cycle. Node's
// result is itself checked against nasm's bytes and the fault-free run.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, openTestPage, type TestPage } from "./support/browser/chromium";
import { loadCoreWasm } from "../src/node/core-wasm";
import { ROOT } from "./support/cli";
import { runScenario, type ScenarioInput, type ScenarioResult } from "./support/browser/scenario";

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser-chromium: ${CHROMIUM} is not installed (apt-get install chromium); skipping`);

const input: ScenarioInput = {
  asmSource: readFileSync(join(ROOT, "programs", "baremetal.asm"), "utf8"),
  elf: new Uint8Array(readFileSync(join(ROOT, "programs", "bin", "qsort.elf"))),
  // The demo's faults (src/cli/demo.ts): a register flip, a RAM flip in qsort's array, a halted CPU.
  faults: ["reg@150000/B:reg=esp,bit=3", "ram@300000/A:addr=0x1065a0,bit=2", "halt@1200000/B"],
};

// Node's result, as plain data (the JSON round trip the browser's result takes too).
const fromNode = JSON.parse(JSON.stringify(runScenario(loadCoreWasm(), input))) as ScenarioResult;

describe("in Node, the scenario the browser repeats", () => {
  const r = fromNode;

  it("assembles the source to nasm's bytes, and points at each error's line", () => {
    expect(r.asm.errors).toEqual([]);
    expect(Buffer.from(r.asm.bytes).equals(readFileSync(join(ROOT, "programs", "bin", "baremetal.bin")))).toBe(true);
    expect(r.asm.lines.length).toBeGreaterThan(10);
    expect(r.asm.entry.length).toBe(4);
    expect(r.badAsm.map((e) => e.split(":").slice(0, 2).join(":"))).toEqual(["bad.asm:2", "bad.asm:3"]);
  });

  it("runs the flat binary in tmr to its end", () => {
    expect(r.flat.stop).toBe("halt");
    expect(r.flat.stdout).toContain("OK");
  });

  it("masks the three faults in dmr, resyncing a replacement", () => {
    expect(r.elf.outcome).toBe("masked");
    expect(r.elf.exitCode).toBe(0);
    expect(r.elf.resyncs.length).toBeGreaterThan(0);
    // B halted late in the run: its replacement is still being copied when the program ends.
    expect(r.elf.modules).toEqual(["A online", "B resyncing"]);
  });
});

describe.skipIf(!hasChromium)("in headless Chromium", () => {
  let site: TestPage;

  beforeAll(async () => {
    site = await openTestPage(join(ROOT, "test", "support", "browser", "page.ts"), {
      "/input.json": { type: "application/json", body: JSON.stringify({ ...input, elf: Array.from(input.elf) }) },
    });
  }, 60_000);

  afterAll(async () => {
    await site?.close();
  });

  it("gives Node's result, field for field and cycle for cycle", async () => {
    const page = await site.browser.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(site.origin);
    await page.waitForFunction(() => window.scenarioResult !== undefined || window.scenarioError !== undefined, undefined, { timeout: 90_000 });
    expect(await page.evaluate(() => window.scenarioError)).toBeUndefined();
    expect(pageErrors).toEqual([]);
    const fromBrowser = JSON.parse((await page.evaluate(() => window.scenarioResult))!) as ScenarioResult;
    expect(fromBrowser).toEqual(fromNode);
  }, 120_000);
});
