/**
 * Fast experiments give the results of slow ones: every case started from a saved state of the
 * fault-free run in reused module instances (and stopped early once the machine equals that run
 * again) ends exactly as the same case run from cycle 0 in fresh instances to its end. Modes,
 * ECC, input and the disk vary; small epochs give many saved states.
 */
import { describe, expect, it } from "vitest";
import { loadCoreWasm } from "../src/node/core-wasm";
import { Experiments, type CampaignSetup } from "../src/campaign/experiment";
import { CAMPAIGN_KINDS, type CampaignKind } from "../src/campaign/space";
import { image } from "./support/machine";

const STDIN = new TextEncoder().encode("one line\nand another\n".repeat(30));

const SMALL = { ramSize: 2 << 20, disk: new Uint8Array(1 << 20) };
const SCENARIOS: Array<[string, string, number, Omit<CampaignSetup, "seed" | "kinds">, CampaignKind[]?]> = [
  ["qsort.elf", "dmr", 80, { mode: "dmr", run: { ...SMALL, epoch: 1 << 14 } }],
  ["disk.elf", "tmr", 40, { mode: "tmr", run: { ...SMALL, epoch: 1 << 13 } }],
  ["stdin.elf", "simplex, no ECC, input", 80, { mode: "simplex", run: { ...SMALL, ecc: "none", stdin: STDIN, epoch: 1 << 10 } }],
  ["crc32.elf", "dmr, SEC-DED, no translation", 30, { mode: "dmr", run: { ...SMALL, ecc: "secded", epoch: 1 << 12, jit: false } }],
  // Register and disk flips in dmr: retries and sector repairs, after whose rollback an
  // experiment may stop at once (the machine is back at a checkpoint of the fault-free run).
  ["disk.elf", "dmr, register and disk flips", 60, { mode: "dmr", run: { ...SMALL, epoch: 1 << 13 } }, ["reg", "disk"]],
  // tmr outvotes a module and takes it offline: the experiment may stop once the two left equal
  // the fault-free run.
  ["qsort.elf", "tmr, register flips, no ECC", 40, { mode: "tmr", run: { ...SMALL, ecc: "none", epoch: 1 << 14 } }, ["reg"]],
];

describe("fast experiments", () => {
  it.each(SCENARIOS)("%s in %s: %i cases end as they do from cycle 0", (file, _, n, s, kinds = [...CAMPAIGN_KINDS]) => {
    const wasm = loadCoreWasm();
    const img = image(file);
    const setup = { ...s, seed: 5, kinds };
    const fast = new Experiments(wasm, img, setup);
    const slow = new Experiments(wasm, img, { ...setup, fastForward: false });
    const cases = Array.from({ length: n }, (_, i) => i);
    const a = cases.map((i) => fast.run(i));
    const b = cases.map((i) => slow.run(i));
    expect(a).toEqual(b);
    // Not all benign: the comparison covers detections and, in simplex without ECC, failures.
    expect(new Set(a.map((c) => c.outcome)).size).toBeGreaterThan(1);
    // Register flips retried, disk flips repaired from the mirror (found by a read or the scrub).
    if (kinds.length === 2 && setup.mode === "dmr") expect(new Set(a.map((c) => c.mechanism))).toEqual(new Set([null, "retry", "sector repair"]));
  }, 300_000);
});
