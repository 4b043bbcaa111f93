/**
 * A restored saved state brings back the fault-free run's machine, not its module's hardware or
 * configuration: the fault-free run of `--prune defuse` is interpreted (traced), yet experiments
 * restored from it translate hot code as a fresh run does, and a stuck cell an experiment made
 * is gone at the next restore (each experiment gets sound hardware).
 * (Restores once copied the fault-free run's whole state area: every pruned campaign's
 * experiments ran interpreted, several times slower, with the same results.)
 */
import { describe, expect, it } from "vitest";
import * as L from "../assembly/layout";
import { loadCoreWasm } from "../src/node/core-wasm";
import { SavedStates } from "../src/campaign/saved-states";
import { Lockstep, makeModule } from "../src/harness/lockstep";
import { image } from "./support/machine";

const retiredByTranslation = (m: { getU32(off: number): number }) => m.getU32(L.S_JIT_RETIRED);

describe("saved states", () => {
  it("restore keeps each instance's own configuration and hardware", () => {
    const wasm = loadCoreWasm();
    const img = image("crc32.elf");
    const run = { ramSize: 2 << 20, disk: new Uint8Array(1 << 20), epoch: 1 << 14 };
    const states = new SavedStates(() => makeModule(wasm, img, run), 1 << 14);
    const golden = new Lockstep(wasm, img, { ...run, mode: "simplex", jit: false, onCheckpoint: states.record }).run();
    expect(states.count).toBeGreaterThan(2);

    const start = states.startFor(0, 1);
    const [m] = start.modules;
    const r = new Lockstep(wasm, img, { ...run, mode: "simplex" }, start).run();
    expect(r.stdout).toEqual(golden.stdout);
    // A fresh run translates crc32's loop, which retires most of its instructions: so must a run
    // in the restored instance.
    expect(retiredByTranslation(m)).toBeGreaterThan(golden.cycles / 2);

    expect(m.exports.stuckAdd(0x1000, 3, 1)).toBe(0);
    expect(m.getU32(L.S_STUCK_COUNT)).toBe(1);
    states.startFor(0, 1);
    expect(m.getU32(L.S_STUCK_COUNT)).toBe(0);
  });
});
