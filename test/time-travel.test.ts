// Time travel never changes what the machine does: going back to any point of a run (by the
// history clock, by cycle, one instruction, one epoch) shows exactly the state a straight run
// had there (every module's registers, journal, RAM, check bytes, disk, the events and output),
// and running on from there ends as the straight run ended. The oracle is a second machine run
// straight through the same scenario and stopped at the same points.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as L from "../assembly/layout";
import { loadCoreWasm } from "../src/node/core-wasm";
import { Lockstep, type LockstepOptions } from "../src/harness/lockstep";
import { TimeMachine } from "../src/harness/time-travel";
import { goToDivergence } from "../src/harness/divergence";
import { RESYNC_RANGES } from "../src/harness/state-policy";
import type { CpuModule } from "../src/core/module";
import { image } from "./support/machine";
import { caseOptions, FAULT_CASES, resultSummary, type FaultCase } from "./support/fault-scenarios";
import { ROOT } from "./support/cli";
import { parseLesson } from "../src/lesson/index";
import { scenarioToOptions } from "../src/scenario/index";
import { readExample } from "../src/node/examples";
import { Prng } from "../src/util/prng";

const wasm = loadCoreWasm();

type Case = FaultCase;

const { qsortDemo, sieveVotes, fibHotSwap, stdinRollback, diskRepair } = FAULT_CASES;
const CASES: Case[] = [
  qsortDemo, sieveVotes, fibHotSwap, stdinRollback, diskRepair,
  { name: "crc32 simplex under SEC-DED: two flips in one word, a machine check", file: "crc32.elf", options: { mode: "simplex", ecc: "secded" },
    inject: ["ram@4000/A:addr=0x101000,bit=1", "ram@4000/A:addr=0x101000,bit=5"] },
];

const options = (c: Case): LockstepOptions => caseOptions(c);

// A module's whole architectural memory: saved state, RAM with its check bytes, disk with its
// checksums, and the journal's entries.
function memoryHash(m: CpuModule): string {
  m.exports.materializeFlags();
  const h = createHash("sha256");
  for (const [from, to] of RESYNC_RANGES) h.update(m.bytes.subarray(from, to));
  const shadow = m.getU32(L.S_SHADOW_BASE);
  const disk = m.getU32(L.S_DISK_BASE);
  h.update(m.bytes.subarray(L.RAM_BASE, L.RAM_BASE + m.ramSize));
  h.update(m.bytes.subarray(shadow, shadow + m.ramSize));
  h.update(m.bytes.subarray(disk, disk + m.diskSize + (m.diskSize / 512) * 4));
  h.update(m.bytes.subarray(L.JOURNAL_BASE, L.JOURNAL_BASE + m.journalLength * L.JOURNAL_ENTRY));
  return h.digest("hex");
}

function snapshot(m: Lockstep) {
  const v = m.view();
  return {
    time: m.time,
    view: { ...v, output: { ...v.output, stdout: Buffer.from(v.output.stdout).toString("latin1"), stderr: Buffer.from(v.output.stderr).toString("latin1") } },
    memory: m.slotModules().map((x) => (x ? memoryHash(x) : null)),
  };
}

const summary = resultSummary;

describe("time travel: every point revisited is the straight run's", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const straight = new Lockstep(wasm, image(c.file), options(c)).run();
      // Points of the history clock, spread over the run and bunched around its events.
      const tm = new TimeMachine(wasm, image(c.file), options(c), { maxSaved: 6 });
      tm.advance({ by: "end" });
      const last = tm.end;
      const rnd = new Prng(7);
      const times = new Set<number>([0, 1, last, last - 1]);
      for (let i = 0; i < 10; i++) times.add(rnd.below(last + 1));
      for (let i = 0; i < tm.machine.timeline.length; i += Math.max(1, Math.floor(tm.machine.timeline.length / 6))) {
        const t = tm.timeOfEvent(i);
        for (const d of [-1, 0, 1]) if (t + d >= 0 && t + d <= last) times.add(t + d);
      }
      const sorted = [...times].sort((a, b) => a - b);
      // The oracle: a fresh machine stepped straight to each point in turn.
      const oracle = new Lockstep(wasm, image(c.file), options(c));
      const want = new Map<number, ReturnType<typeof snapshot>>();
      for (const t of sorted) {
        oracle.advance({ by: "time", time: t });
        want.set(t, snapshot(oracle));
      }
      expect(summary(oracle.advance({ by: "end" }).finished!)).toEqual(summary(straight));
      // Visit the points in a shuffled order, back and forth.
      const order = sorted.map((t) => ({ t, k: rnd.nextU32() })).sort((a, b) => a.k - b.k).map((x) => x.t);
      for (const t of order) {
        tm.goToTime(t);
        expect(snapshot(tm.machine), `at time ${t}`).toEqual(want.get(t));
      }
      // From anywhere, the rest of the run is the straight run's.
      tm.goToTime(order[0]);
      expect(summary(tm.advance({ by: "end" }).finished!)).toEqual(summary(straight));
    });
  }
});

// The oracle steps a second machine one instruction at a time from the fault and compares the
// modules' journals after each: the first instruction after which they differ is the one the
// report must stand just before.
function firstDifferingInstruction(c: Case, from: number): number {
  const m = new Lockstep(wasm, image(c.file), options(c));
  m.advance({ by: "cycle", cycle: from });
  const entry = (x: CpuModule, i: number) => (i < x.journalLength ? JSON.stringify(x.journalEntry(i)) : "none");
  for (;;) {
    const before = m.cycle;
    const live = m.onlineModules();
    const seen = live[0].journalLength; // equal in every module until they differ
    m.advance({ by: "instruction" });
    const most = Math.max(...live.map((x) => x.journalLength));
    for (let i = seen; i < most; i++) if (live.some((x) => entry(x, i) !== entry(live[0], i))) return before;
    if (m.finished) throw new Error("no divergence");
  }
}

describe("back to the first divergence", () => {
  const cases = [
    { c: qsortDemo, fault: 150000, register: "esp" },
    { c: sieveVotes, fault: 20000 },
  ];
  for (const { c, fault, register } of cases) {
    it(`${c.file} ${c.options.mode}: stands just before the first differing write`, () => {
      const tm = new TimeMachine(wasm, image(c.file), options(c), { maxSaved: 8 });
      tm.advance({ by: "end" });
      const r = goToDivergence(tm)!;
      expect(r.cycle).toBe(firstDifferingInstruction(c, fault));
      expect(tm.machine.cycle).toBe(r.cycle);
      expect(r.faults.map((f) => f.text)).toContain(c.inject.find((f) => f.includes(`@${fault}/`)));
      if (register) expect(r.registers).toContain(register);
      const versions = r.writes.map((w) => JSON.stringify(w.write ?? null));
      expect(new Set(versions).size).toBeGreaterThan(1);
    });
  }

  it("a flipped register that no write shows: the last instruction of the epoch whose checkpoint found it", () => {
    const c = stdinRollback; // esi flipped at cycle 5000 in B; the epoch is 30,000 cycles
    const straight = new Lockstep(wasm, image(c.file), options(c)).run();
    const found = straight.events.find((e) => e.kind === "divergence")!;
    const tm = new TimeMachine(wasm, image(c.file), options(c), { maxSaved: 8 });
    const r = goToDivergence(tm)!;
    expect(r.detail).toMatch(/differs at the checkpoint/);
    expect(r.cycle).toBe(found.cycle - 1);
    expect(r.registers).toContain("esi");
    const [a, b] = tm.machine.view().modules;
    expect((a.regs.esi ^ b.regs.esi) >>> 0).toBe(8);
    expect(new Set(r.writes.map((w) => JSON.stringify(w.write ?? null))).size).toBe(1);
  });

  it("a run without a divergence has none, and is left where it ended", () => {
    const c: Case = { name: "fault-free", file: "fib.elf", options: { mode: "dmr" }, inject: [] };
    const tm = new TimeMachine(wasm, image(c.file), options(c));
    expect(goToDivergence(tm)).toBeUndefined();
    expect(tm.machine.finished?.exitCode).toBe(0);
  });
});

// Every lesson's step back: to the first divergence where the lesson claims one, else to the
// claimed event's cycle (the flip, the machine check, the pull); the machine must stand there with
// what the lesson points at visible.
describe("every lesson's step back in time", () => {
  const dir = join(ROOT, "lessons");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    const lesson = parseLesson(readFileSync(join(dir, file), "utf8"));
    it(`${file}`, () => {
      expect(lesson.divergence, "every lesson has a step back").toBeDefined();
      const claim = lesson.claims.events![lesson.divergence!.event];
      const { image, options } = scenarioToOptions(lesson.scenario, readExample);
      const tm = new TimeMachine(wasm, image, options);
      tm.advance({ by: "end" });
      if (claim.kind === "divergence") {
        const r = goToDivergence(tm)!;
        expect(r).toBeDefined();
        expect(r.cycle).toBeLessThanOrEqual(claim.cycle!);
        expect(tm.machine.cycle).toBe(r.cycle);
        const writesDiffer = new Set(r.writes.map((w) => JSON.stringify(w.write ?? null))).size > 1;
        expect(writesDiffer || r.registers.length > 0).toBe(true);
      } else {
        tm.goToCycle(claim.cycle!);
        expect(tm.machine.cycle).toBe(claim.cycle);
      }
    });
  }
});
