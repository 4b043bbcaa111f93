// The standard C programs (glibc builds) in dmr and tmr under random faults of every kind: no
// silent data corruption. Each campaign's fault-free run is the reference; the machine must
// mask, detect or fail-stop, never release wrong output or wrong files.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { Experiments } from "../src/campaign/experiment";
import { CAMPAIGN_KINDS } from "../src/campaign/space";
import { loadCoreWasm } from "../src/node/core-wasm";
import { missingGuestTools } from "./support/gcc-guest";
import { buildGlibc, imageOf, lockstepOptions } from "./support/linux-guest";
import { RUNS } from "./support/linux-programs/runs";

const SOURCES = fileURLToPath(new URL("support/linux-programs", import.meta.url));
const PROGRAMS = ["files", "malloc", "qsort", "printf"];
const FAULTS = 4; // per program and mode

const why = missingGuestTools();
if (why) console.warn(`skipping the Linux programs fault test: ${why}`);

describe.skipIf(why !== undefined)("standard C programs under random faults", () => {
  const dir = mkdtempSync(join(tmpdir(), "lockstep86-linux-faults-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  PROGRAMS.forEach((name, n) => {
    for (const mode of ["dmr", "tmr"] as const) {
      it(`${name}.c in ${mode}: no sdc`, async () => {
        const elf = join(dir, `${name}.${mode}.glibc`);
        await buildGlibc(join(SOURCES, `${name}.c`), elf);
        const { mode: _m, ...run } = lockstepOptions(RUNS[name] ?? {}, mode);
        const experiments = new Experiments(loadCoreWasm(), imageOf(elf), { mode, seed: 100 + n, kinds: [...CAMPAIGN_KINDS], run });
        const cases = Array.from({ length: FAULTS }, (_, i) => experiments.run(i));
        const bad = cases.filter((c) => c.outcome === "sdc");
        expect(bad.map((c) => c.spec)).toEqual([]);
        expect(cases.length).toBe(FAULTS);
      });
    }
  });
});
