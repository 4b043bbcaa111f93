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
import { cappedMaker, runAheadHosts } from "./support/run-ahead-hosts";
import { longText } from "./support/program-expectations";
import { InThreadTransport } from "../src/harness/module-host";

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

// Run-ahead (src/harness/run-ahead.ts): a module in a thread of its own runs epochs N+1, N+2 ...
// while the harness settles N. Faults that strike in the epoch after one a module ran ahead make the harness
// go on otherwise than the run ahead assumed (a divergence, a machine check, a halt, a pull, a
// fault the next run brings): the module must be put back and the run end as on one thread.
const E = 7000;
const AHEAD_CASES: Case[] = [
  { name: "qsort dmr, a register flip on B at the second cycle of an epoch B ran ahead", file: "qsort.elf", options: { mode: "dmr", epoch: E },
    inject: () => [`reg@${10 * E + 1}/B:reg=esp,bit=3`] },
  { name: "qsort dmr, a RAM flip on A in the first cycle of an epoch: a machine check while B ran ahead, a resync from B", file: "qsort.elf", options: { mode: "dmr", epoch: E, autoReplace: true },
    inject: () => [`ram@${12 * E}/A:addr=0x1065a0,bit=2`] },
  { name: "qsort dmr, no ECC, the same flip: divergence, rollback and fail-stop while B ran ahead", file: "qsort.elf", options: { mode: "dmr", epoch: E, ecc: "none" },
    inject: () => [`ram@${12 * E}/A:addr=0x1065a0,bit=2`] },
  { name: "qsort dmr, no ECC, RAM flips on B and A in successive epochs", file: "qsort.elf", options: { mode: "dmr", epoch: E, ecc: "none" },
    inject: () => [`ram@${20 * E + 5}/B:addr=${stackAt("qsort.elf", 20 * E)},bit=4`, `ram@${40 * E + 2}/A:addr=${stackAt("qsort.elf", 40 * E)},bit=1`] },
  { name: "qsort dmr, A halts in an epoch B ran ahead", file: "qsort.elf", options: { mode: "dmr", epoch: E, autoReplace: true },
    inject: () => [`halt@${30 * E + 3}/A`] },
  { name: "fib dmr, B pulled at the first cycle of an epoch it ran ahead, and inserted", file: "fib.elf", options: { mode: "dmr", epoch: 5000 },
    inject: () => ["pull@50000/B", "insert@150000/B"] },
  { name: "disk dmr, a disk flip on B in the epoch after one it ran ahead", file: "disk.elf", options: { mode: "dmr", epoch: 20000 },
    inject: () => ["disk@20001/B:sector=3,byte=5,bit=1"] },
  { name: "disk tmr, disk flips on A and C in successive epochs", file: "disk.elf", options: { mode: "tmr", epoch: 20000 },
    inject: () => ["disk@20000/A:sector=3,byte=5,bit=1", "disk@40001/C:sector=3,byte=5,bit=1"] },
  { name: "sieve tmr, no ECC, B halts and C's register flips in epochs after a run ahead", file: "sieve.elf", options: { mode: "tmr", ecc: "none", epoch: 10000 },
    inject: () => ["halt@40001/B", "reg@80002/C:reg=eax,bit=1", "ram@120000/A:addr=0x100800,bit=2"] },
  { name: "qsort tmr, secded, a register flip on A and a pull of C after run aheads", file: "qsort.elf", options: { mode: "tmr", ecc: "secded", epoch: E },
    inject: () => [`reg@${15 * E + 1}/A:reg=esp,bit=2`, `pull@${25 * E}/C`] },
];

describe("modules that run ahead decide as the one-thread machine does", () => {
  const total = { kept: 0, undone: 0, undoneAfterCheckpoint: 0, wrapped: 0, taken: 0 };
  for (const c of AHEAD_CASES) {
    it(c.name, () => {
      const one = new Lockstep(wasm, image(c.file), options(c)).run();
      // In this thread, running ahead at every chance: B (and C) beside A, then every module.
      for (const ahead of [["B", "C"], ["A", "B", "C"]] as const) {
        const h = runAheadHosts(ahead);
        expect(summary(new Lockstep(wasm, image(c.file), options(c, h.hosts)).run())).toEqual(summary(one));
        const n = h.count();
        // Every case puts a run ahead back (the fault made the machine go on otherwise) and keeps others.
        expect(n.kept, "epochs run ahead and kept").toBeGreaterThan(0);
        expect(n.undone + n.undoneAfterCheckpoint, "epochs run ahead and put back").toBeGreaterThan(0);
        for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += n[k];
      }
      // On worker threads, where a module runs ahead when it is idle.
      expect(summary(new Lockstep(wasm, image(c.file), options(c, threads)).run())).toEqual(summary(one));
      if (c.options.mode === "tmr") expect(summary(new Lockstep(wasm, image(c.file), options(c, spread)).run())).toEqual(summary(one));
      expect(summary(new Lockstep(wasm, image(c.file), options(c, allWorkers)).run())).toEqual(summary(one));
    });
  }

  afterAll(() => {
    // Both ways back were taken: before the harness checkpointed the epoch, and after; and epochs
    // were taken without a request, as the harness takes them from a worker's ring.
    expect(total.undone).toBeGreaterThan(0);
    expect(total.undoneAfterCheckpoint).toBeGreaterThan(0);
    expect(total.taken).toBeGreaterThan(0);
  });
});

// The journals of epochs run ahead are left in place, in a ring in the module's memory (run-ahead.ts):
// with a small ring and a small journal cap the ring is gone round many times, and putting many
// epochs back after that still leaves each module as the one-thread machine does.
describe("journals set aside in a ring that wraps", () => {
  const ring = { ringBytes: 64 << 10, journalCap: 600 };
  const capped: LockstepOptions["hosts"] = (make) => new InThreadTransport(cappedMaker(make, ring.journalCap));
  const RING_CASES: Case[] = [
    { name: "qsort dmr, no ECC, a register flip on B long after the ring wrapped", file: "qsort.elf", options: { mode: "dmr", ecc: "none", epoch: 1000 },
      inject: () => [`reg@${150 * 1000 + 7}/B:reg=esp,bit=3`] },
    { name: "fib tmr, a register flip on C and a halt of B", file: "fib.elf", options: { mode: "tmr", epoch: 1500 },
      inject: () => [`reg@${90 * 1500 + 2}/C:reg=esp,bit=4`, `halt@${160 * 1500}/B`] },
  ];
  for (const c of RING_CASES) {
    it(c.name, () => {
      const one = new Lockstep(wasm, image(c.file), options(c, capped)).run();
      const h = runAheadHosts(["B", "C"], 16, ring);
      expect(summary(new Lockstep(wasm, image(c.file), options(c, h.hosts)).run())).toEqual(summary(one));
      const n = h.count();
      expect(n.wrapped, "times a journal went below the one before it").toBeGreaterThan(2);
      expect(n.kept, "epochs run ahead and kept").toBeGreaterThan(0);
      expect(n.undone + n.undoneAfterCheckpoint, "epochs run ahead and put back").toBeGreaterThan(0);
    });
  }
});

// A run the harness asks for itself (after the module stopped for input, or a fault ended the
// chain of epochs run ahead) may fill a whole journal, so the journal goes back to the module's
// own place first: left high in the ring where an epoch run ahead had put it, such a run wrote
// past the end of the module's memory (a 100 KiB stdin under load in a worker; here, every time,
// with a small ring; each case failed with "memory access out of bounds" before).
describe("a run the harness asks for after journals high in the ring", () => {
  const RING_END_CASES: Array<Case & { ringKiB: number }> = [
    ...([[128, 5000, "dmr"], [512, 20000, "dmr"], [256, 5000, "tmr"]] as const).map(([ringKiB, epoch, mode]) => ({
      name: `stdin ${mode}, 100 KiB of text, a ${ringKiB} KiB ring, epochs of ${epoch} cycles`, file: "stdin.elf", ringKiB,
      options: { mode, epoch, stdin: longText() } as LockstepOptions, inject: () => [] })),
    { name: "sieve dmr, no ECC, B halts; a 96 KiB ring", file: "sieve.elf", ringKiB: 96,
      options: { mode: "dmr", ecc: "none", epoch: 3000 }, inject: () => ["halt@60000/B"] },
    { name: "strings tmr, a register flip on C; a 96 KiB ring", file: "strings.elf", ringKiB: 96,
      options: { mode: "tmr", epoch: 20000 }, inject: () => ["reg@30001/C:reg=eax,bit=2"] },
  ];
  for (const c of RING_END_CASES) {
    it(c.name, () => {
      const one = new Lockstep(wasm, image(c.file), options(c)).run();
      const h = runAheadHosts(["B", "C"], 16, { ringBytes: c.ringKiB << 10 });
      expect(summary(new Lockstep(wasm, image(c.file), options(c, h.hosts)).run())).toEqual(summary(one));
      expect(h.count().kept, "epochs run ahead and kept").toBeGreaterThan(0);
    });
  }
});

// An epoch run ahead is given room for twice the entries the last one wrote (run-ahead.ts); one
// that fills it (a store, or a system call's transfer that suspends at the journal's limit) is
// put back and run again with a full journal's room. With a least room of 16 entries this
// happens often, in epochs the harness keeps and in ones it puts back, and each machine still
// ends as the one-thread machine does.
describe("epochs run ahead that outgrow their room", () => {
  const ROOM_CASES: Case[] = [
    { name: "qsort dmr, a register flip on B", file: "qsort.elf", options: { mode: "dmr", epoch: 3000 },
      inject: () => [`reg@${40 * 3000 + 11}/B:reg=esp,bit=3`] },
    { name: "disk tmr, disk flips on A and C", file: "disk.elf", options: { mode: "tmr", epoch: 20000 },
      inject: () => ["disk@20000/A:sector=3,byte=5,bit=1", "disk@40001/C:sector=3,byte=5,bit=1"] },
    { name: "stdin dmr, a 44 KB write to stdout that suspends for want of room", file: "stdin.elf",
      options: { mode: "dmr", epoch: 5000, stdin: new TextEncoder().encode("a few words on a line\n".repeat(2000)) }, inject: () => [] },
    { name: "crc32 dmr, no fault", file: "crc32.elf", options: { mode: "dmr", epoch: 5000 }, inject: () => [] },
  ];
  let outgrown = 0;
  for (const c of ROOM_CASES) {
    it(c.name, () => {
      const one = new Lockstep(wasm, image(c.file), options(c)).run();
      const h = runAheadHosts(["B", "C"], 16, { roomMin: 16 });
      expect(summary(new Lockstep(wasm, image(c.file), options(c, h.hosts)).run())).toEqual(summary(one));
      const n = h.count();
      expect(n.kept, "epochs run ahead and kept").toBeGreaterThan(0);
      outgrown += n.outgrown;
    });
  }
  afterAll(() => expect(outgrown, "epochs that outgrew their room").toBeGreaterThan(0));
});
