// The core against the hardware-captured 80286 slice (../shared/conformance/80286): every file,
// every test. Each test not covered by an exclusion rule (src/conformance/exclusions.ts, listed
// in the README) must pass, and each excluded test must really fail as recorded, so no rule
// hides a test the core would pass.
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { listMooSuite, loadMooSuiteHelpers, readMooBytes } from "../src/node/moo-files.js";
import { iterateTests, readMooPreamble } from "../src/moo/reader.js";
import { loadCoreWasm } from "../src/node/core-wasm.js";
import { ConformanceRunner, EXCLUSIONS, formatFailure, type TestFailure } from "../src/conformance/index.js";

const SUITE = fileURLToPath(new URL("../../shared/conformance/80286/v1_real_mode", import.meta.url));
const SHOWN = 40;

it("passes every test of the 80286 slice that no exclusion rule covers", () => {
  const started = performance.now();
  const listing = listMooSuite(SUITE);
  const { metadata, revoked } = loadMooSuiteHelpers(listing);
  const failures: TestFailure[] = [];
  const runner = new ConformanceRunner(loadCoreWasm(), { metadata, revoked, onFailure: (f) => failures.push(f) });
  const skipped: Record<string, number> = {};
  const needless: string[] = [];
  let total = 0;
  for (const entry of listing.files) {
    const bytes = readMooBytes(entry.path);
    const file = { name: entry.name, key: entry.key, preamble: readMooPreamble(bytes, { label: entry.name }) };
    for (const test of iterateTests(bytes, { label: entry.name })) {
      total++;
      const outcome = runner.runTest(file, test);
      if (outcome.kind !== "skipped") continue;
      skipped[outcome.by] = (skipped[outcome.by] ?? 0) + 1;
      if (runner.check(file, test).length === 0) needless.push(`${entry.name} test ${test.index} (${outcome.by})`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const passed = total - failures.length - Object.values(skipped).reduce((a, b) => a + b, 0);
  console.log(`80286 slice: ${total} tests, ${passed} passed, ${failures.length} failed, skipped ${JSON.stringify(skipped)}, ${seconds.toFixed(1)} s`);

  expect(listing.files.length).toBe(325);
  expect(total).toBe(162_500);
  const details = failures.slice(0, SHOWN).map(formatFailure).join("") +
    (failures.length > SHOWN ? `... and ${failures.length - SHOWN} more\n` : "");
  expect(failures.length, `failing tests:\n${details}`).toBe(0);
  expect(needless, "excluded tests that pass as recorded").toEqual([]);
  const causes = new Set([...EXCLUSIONS.map((rule) => rule.id), "revoked"]);
  expect(Object.keys(skipped).filter((cause) => !causes.has(cause))).toEqual([]);
});
