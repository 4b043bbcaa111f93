// Modules on worker threads decide nothing differently (B and C sharing a worker, or each in one): for every fault kind, in dmr
// and tmr, with resync, fail-stop, input and stepping, a machine whose modules run in workers ends
// with the events, cycles, output, disk and outcome of the one-thread machine (the reference).
import { afterAll, describe, expect, it } from "vitest";
import { loadCoreWasm } from "../src/node/core-wasm";
import { workerHosts } from "../src/node/module-worker-host";
import { Lockstep, type LockstepOptions, type StepTarget } from "../src/harness/lockstep";
import { classifyRun } from "../src/harness/outcome";
import { parseFault } from "../src/faults/spec";
import { golden, image, registersAt, SMALL } from "./support/machine";
import { FAULT_CASES, resultSummary } from "./support/fault-scenarios";

const wasm = loadCoreWasm();
const threads = workerHosts(wasm, 2); // A in this thread, B (and C) in one worker
const spread = workerHosts(wasm, 3); // A in this thread, B and C in a worker each
const base = workerHosts(wasm);
const allWorkers: LockstepOptions["hosts"] = (make) => base(make, "B"); // every module in a worker
afterAll(() => Promise.all([threads.close(), spread.close(), base.close()]));

interface Case {
  name: string;
  file: string;
  options: LockstepOptions;
  inject: () => string[];
}

const stackAt = (file: string, cycle: number) => `0x${registersAt(image(file), cycle).esp.toString(16)}`;
const CASES: Case[] = [
  { name: "crc32 dmr, no fault", file: "crc32.elf", options: { mode: "dmr" }, inject: () => [] },
  ...[FAULT_CASES.qsortDemo, FAULT_CASES.sieveVotes, FAULT_CASES.fibHotSwap, FAULT_CASES.stdinRollback, FAULT_CASES.diskRepair].map((c) => ({ ...c, inject: () => c.inject })),
  { name: "disk tmr, a disk flip on two modules", file: "disk.elf", options: { mode: "tmr", epoch: 20000 },
    inject: () => ["disk@1000/A:sector=3,byte=5,bit=1", "disk@1000/C:sector=3,byte=5,bit=1"] },
  { name: "qsort dmr, no ECC, a stuck stack bit: fail-stop", file: "qsort.elf", options: { mode: "dmr", ecc: "none" },
    inject: () => [`stuck@50000/B:addr=${stackAt("qsort.elf", 50000)},bit=2,value=1`] },
  { name: "qsort tmr, secded, a stuck bit and a halt", file: "qsort.elf", options: { mode: "tmr", ecc: "secded", epoch: 7000 },
    inject: () => [`stuck@40000/C:addr=${stackAt("qsort.elf", 40000)},bit=5,value=0`, "halt@90000/A"] },
  { name: "hello dmr, a pull, an insert too early and a fault after the end", file: "hello.elf", options: { mode: "dmr" },
    inject: () => ["pull@10/B", "insert@20/B", "ram@900000/A:addr=0x100,bit=1"] },
  { name: "strings tmr, every module faulted in one epoch", file: "strings.elf", options: { mode: "tmr", epoch: 50000 },
    inject: () => ["reg@30000/A:reg=eax,bit=7", "reg@30001/B:reg=esi,bit=2", "reg@30002/C:reg=eflags,bit=0"] },
];

function options(c: Case, hosts?: LockstepOptions["hosts"]): LockstepOptions {
  return { ...SMALL, ...c.options, faults: c.inject().map(parseFault), hosts };
}

const summary = resultSummary;

const kinds = new Set<string>();
describe("modules on worker threads decide as the one-thread machine does", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const one = new Lockstep(wasm, image(c.file), options(c)).run();
      const threaded = new Lockstep(wasm, image(c.file), options(c, threads)).run();
      expect(summary(threaded)).toEqual(summary(one));
      if (c.options.mode === "tmr") expect(summary(new Lockstep(wasm, image(c.file), options(c, spread)).run())).toEqual(summary(one));
      expect(summary(new Lockstep(wasm, image(c.file), options(c, allWorkers)).run())).toEqual(summary(one));
      const ref = golden(image(c.file), c.options.stdin);
      expect(classifyRun(threaded, ref)).toBe(classifyRun(one, ref));
      for (const e of one.events) kinds.add(e.kind);
    });
  }

  it("a stepped machine on threads ends as the straight one-thread run", () => {
    const c = CASES[1];
    const straight = new Lockstep(wasm, image(c.file), options(c)).run();
    const m = new Lockstep(wasm, image(c.file), options(c, threads));
    try {
      const targets: StepTarget[] = [{ by: "instruction" }, { by: "event" }, { by: "cycle", cycle: 140_000 }, { by: "instruction" }, { by: "event" }, { by: "epoch" }];
      let steps = 0;
      while (!m.finished && steps < 400) {
        const r = m.advance(targets[steps++ % targets.length], 30_000);
        const view = m.view();
        expect(view.cycle).toBe(r.cycle);
      }
      expect(summary(m.finished!)).toEqual(summary(straight));
    } finally {
      m.close();
    }
  });

  afterAll(() => {
    // The cases must reach what threads could get wrong: every way the harness decides.
    for (const k of ["divergence", "rollback", "retry-agreed", "vote", "fail-stop", "machine-check", "repair", "offline", "resync-done", "output", "corrected"]) {
      expect(kinds, k).toContain(k);
    }
  });
});
