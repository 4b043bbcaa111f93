// Stepping never changes the machine's decisions: a run stepped by instruction, by epoch, by
// event, to given cycles, paused by a budget, or given its faults between steps ends with the
// cycles, events, output, outcome and disk of the same run made straight through. And what a
// step shows (registers, flags, journal, RAM and check bytes) is what the instructions did,
// computed by hand.
import { describe, expect, it } from "vitest";
import { loadCoreWasm } from "../src/node/core-wasm";
import { Lockstep, type LockstepResult, type StepReport, type StepTarget } from "../src/harness/lockstep";
import { parseFault } from "../src/faults/spec";
import { assembleFlat } from "../src/scenario/program";
import type { ProgramImage } from "../src/loader/image";
import { image, SMALL } from "./support/machine";
import { caseOptions, FAULT_CASES, resultSummary, type FaultCase } from "./support/fault-scenarios";
import { errorOf } from "./support/user-error";

const wasm = loadCoreWasm();

type Case = FaultCase;

const { qsortDemo, sieveVotes, fibHotSwap, stdinRollback, diskRepair } = FAULT_CASES;
const CASES: Case[] = [
  qsortDemo, sieveVotes, fibHotSwap,
  { name: "crc32 simplex, an eip flip", file: "crc32.elf", options: { mode: "simplex", maxCycles: 2_000_000 },
    inject: ["reg@10000/A:reg=eip,bit=4"] },
  stdinRollback, diskRepair,
];

function machine(c: Case, faults: string[] = c.inject): Lockstep {
  return new Lockstep(wasm, image(c.file), caseOptions(c, faults));
}

const summary = resultSummary;

/** A machine stepped by a test, each report checked as it comes; every event must be reported once. */
class Stepped {
  readonly m: Lockstep;
  private readonly seen: unknown[] = [];
  calls = 0;
  constructor(m: Lockstep) {
    this.m = m;
  }

  step(target: StepTarget, budget?: number): StepReport {
    const m = this.m;
    const before = new Map(m.view().modules.map((x) => [x.name, x]));
    const r = m.advance(target, budget);
    this.calls++;
    this.seen.push(...r.events);
    expect(r.cycle).toBe(m.cycle);
    if (budget !== undefined) {
      // No module that was online before and after ran more than the budget.
      for (const x of m.view().modules) {
        const b = before.get(x.name);
        if (b?.state === "online" && x.state === "online") expect(x.cycle - b.cycle).toBeLessThanOrEqual(budget);
      }
    }
    if (!r.finished) {
      if (target.by === "event") expect(r.events.length).toBeGreaterThan(0);
      if (target.by === "cycle") expect(r.cycle).toBeGreaterThanOrEqual(target.cycle);
    }
    return r;
  }

  /** Steps to the end, `next` choosing each step. */
  through(next: (i: number) => { target: StepTarget; budget?: number }): LockstepResult {
    for (let i = 0; !this.m.finished; i++) {
      const { target, budget } = next(i);
      this.step(target, budget);
      expect(i).toBeLessThan(2_000_000);
    }
    const result = this.m.finished!;
    expect(this.seen.length).toBe(result.events.length);
    expect(new Set(this.seen)).toEqual(new Set(result.events));
    expect(this.m.advance({ by: "end" })).toEqual({ cycle: this.m.cycle, events: [], finished: result });
    return result;
  }
}

const straight = new Map<string, ReturnType<typeof summary>>();
function reference(c: Case) {
  if (!straight.has(c.name)) straight.set(c.name, summary(machine(c).run()));
  return straight.get(c.name)!;
}

describe.each(CASES)("$name", (c) => {
  it("is a real test: the faults change what the machine does", () => {
    const effects = (r: ReturnType<typeof summary>) => ({ ...r, events: r.events.filter((e) => e.kind !== "fault"), injected: [] });
    expect(effects(reference(c))).not.toEqual(effects(summary(machine(c, []).run())));
  });

  it("stepped by epoch", () => {
    expect(summary(new Stepped(machine(c)).through(() => ({ target: { by: "epoch" } })))).toEqual(reference(c));
  });

  it("stepped by event", () => {
    const s = new Stepped(machine(c));
    const result = s.through(() => ({ target: { by: "event" } }));
    expect(summary(result)).toEqual(reference(c));
    expect(s.calls).toBeGreaterThanOrEqual(result.events.length / 50);
  });

  it("stepped to cycles 37,501 apart, and paused by a budget of 9,999 cycles", () => {
    expect(summary(new Stepped(machine(c)).through((i) => ({ target: { by: "cycle", cycle: (i + 1) * 37501 } })))).toEqual(reference(c));
    expect(summary(new Stepped(machine(c)).through(() => ({ target: { by: "end" }, budget: 9999 })))).toEqual(reference(c));
  });

  it("stepped by instruction around each fault, and straight on between", () => {
    const s = new Stepped(machine(c));
    const spots = c.inject.map((f) => parseFault(f).cycle).sort((a, b) => a - b);
    let single = 0;
    for (const at of spots) {
      s.step({ by: "cycle", cycle: at - 300 });
      for (let i = 0; i < 700 && !s.m.finished; i++) {
        const before = s.m.cycle;
        const inside = before > s.m.checkpointCycle;
        s.step({ by: "instruction" });
        // Inside an epoch, with no compare in between, an instruction step retires one instruction.
        if (inside && s.m.cycle > s.m.checkpointCycle) {
          expect(s.m.cycle).toBe(before + 1);
          single++;
        }
      }
    }
    expect(single).toBeGreaterThan(100);
    expect(summary(s.through(() => ({ target: { by: "end" } })))).toEqual(reference(c));
  });

  it("given its faults between steps, at the cycle reached or later", () => {
    const s = new Stepped(machine(c, []));
    const faults = c.inject.map(parseFault).sort((a, b) => a.cycle - b.cycle);
    for (const [i, f] of faults.entries()) {
      // The first fault is added exactly at the cycle the machine reached, the others ahead of it.
      s.step({ by: "cycle", cycle: i === 0 ? f.cycle : f.cycle - 1000 });
      if (s.m.finished) break;
      s.m.addFault(f);
    }
    expect(summary(s.through(() => ({ target: { by: "epoch" } })))).toEqual(reference(c));
  });
});

describe("addFault", () => {
  it("refuses a fault whose cycle went by, a module the mode lacks, an address outside RAM", () => {
    const m = machine(CASES[0], []);
    m.advance({ by: "cycle", cycle: 100000 });
    const reached = m.cycle;
    expect(errorOf(() => m.addFault(parseFault("reg@99999/A:reg=eax,bit=1"))).message)
      .toBe(`--inject 'reg@99999/A:reg=eax,bit=1': cycle 99999 has gone by (the machine reached cycle ${reached})`);
    expect(errorOf(() => m.addFault(parseFault("halt@200000/C"))).message).toBe("--inject 'halt@200000/C': module C does not exist in dmr mode");
    expect(errorOf(() => m.addFault(parseFault("ram@200000/A:addr=0x7000000,bit=1"))).message).toMatch(/is outside RAM/);
    m.run();
    expect(errorOf(() => m.addFault(parseFault("halt@9999999/A"))).message).toBe("--inject 'halt@9999999/A': the run is over");
  });
});

describe("what a step shows", () => {
  // Each line's effect, computed by hand.
  const source = [
    "mov eax, 5", // 5 bytes
    "add eax, 0xfffffffb", // 83 C0 FB: 3 bytes; eax = 0, ZF PF CF AF set
    "mov dword [0x3000], 0x11223344", // C7 05 addr imm: 10 bytes
    "mov byte [0x3001], 0x7f", // C6 05 addr imm8: 7 bytes
    "hlt",
  ].join("\n");
  const img: ProgramImage = assembleFlat("t.asm", source);

  it("registers, eflags, eip, the journal since the checkpoint, RAM and its check bytes", () => {
    const m = new Lockstep(wasm, img, { ...SMALL, mode: "dmr", ecc: "parity" });
    const eip0 = m.view().modules[0].eip;
    expect(eip0).toBe(0x1000);
    m.advance({ by: "instruction" });
    let v = m.view();
    expect(v.cycle).toBe(1);
    expect(v.modules.map((x) => [x.name, x.state, x.cycle, x.regs.eax, x.eip])).toEqual([["A", "online", 1, 5, 0x1005], ["B", "online", 1, 5, 0x1005]]);
    m.advance({ by: "instruction" });
    v = m.view();
    const a = v.modules[0];
    expect([a.regs.eax, a.eip]).toEqual([0, 0x1008]);
    // CF (bit 0), PF (2), AF (4), ZF (6) and the always-one bit 1; SF (7) and OF (11) clear.
    expect(a.eflags & 0x8d5).toBe(0x55);
    expect(a.eflags & 2).toBe(2);
    m.advance({ by: "instruction" });
    m.advance({ by: "instruction" });
    v = m.view();
    // An entry is stamped with the cycle its instruction started at (instructions retired before
    // it), as faults are: the third instruction writes at cycle 2.
    expect(v.modules[1].journal).toEqual([
      { cycle: 2, address: 0x3000, size: 4, value: 0x11223344, old: 0, kind: "ram" },
      { cycle: 3, address: 0x3001, size: 1, value: 0x7f, old: 0x33, kind: "ram" },
    ]);
    const mem = m.readMemory("B", 0x2fff, 6);
    expect(mem.address).toBe(0x2fff);
    expect([...mem.bytes]).toEqual([0, 0x44, 0x7f, 0x22, 0x11, 0]);
    // Bit 0 of a check byte is its byte's parity (the rest is SEC-DED's Hamming bits).
    expect([...mem.check].map((c) => c & 1)).toEqual([0, 0, 1, 0, 0, 0]);
    expect(mem.ramSize).toBe(SMALL.ramSize);
    expect(m.readMemory("A", SMALL.ramSize! - 2, 10).bytes.length).toBe(2);
    expect(v.checkpoint).toBe(0);
    expect(structuredClone(v)).toEqual(v);
    const end = m.advance({ by: "end" });
    expect(end.finished?.stop.kind).toBe("halt");
    v = m.view();
    expect(v.finished).toEqual({ exitCode: 0, message: "" });
    expect(v.checkpoint).toBe(5);
    expect(v.modules[0].journal).toEqual([]);
    expect(v.modules[0].status).toBe("halted");
  });

  it("a pulled module shows as removed, an inserted one as resyncing with its progress", () => {
    const m = machine(CASES[2]); // fib, dmr: pull@100000/A, insert@200000/A, epoch 5000
    m.advance({ by: "cycle", cycle: 100001 });
    expect(m.view().modules.map((x) => x.state)).toEqual(["removed", "online"]);
    m.advance({ by: "cycle", cycle: 200001 });
    const v = m.view();
    expect(v.modules.map((x) => x.state)).toEqual(["resyncing", "online"]);
    const total = SMALL.ramSize! + SMALL.disk!.length;
    expect(v.modules[0].resync).toEqual({ from: "B", copied: Math.min(total, 2 << 20), total });
    m.run();
    expect(m.view().modules.map((x) => x.state)).toEqual(["online", "online"]);
  });

  it("output waits apart until the modules agree on it, and a flipped bit shows in one module only", () => {
    const m = new Lockstep(wasm, image("hello.elf"), { ...SMALL, mode: "dmr", epoch: 1000 });
    let pending = 0;
    while (!m.finished && pending === 0) {
      m.advance({ by: "instruction" });
      pending = m.view().output.pending;
    }
    const v = m.view();
    expect(pending).toBe("Hello, world!\n".length);
    expect(v.output.stdout.length).toBe(0);
    const esp = v.modules[0].regs.esp;
    m.addFault(parseFault(`reg@${m.cycle}/B:reg=esp,bit=4`));
    m.advance({ by: "event" });
    const after = m.view();
    expect(after.events.at(-1)).toMatchObject({ kind: "fault", module: "B", cycle: v.cycle });
    expect(after.modules.map((x) => x.regs.esp)).toEqual([esp, (esp ^ 16) >>> 0]);
    expect(after.faults).toEqual([{ text: `reg@${v.cycle}/B:reg=esp,bit=4`, injectedAt: v.cycle, applied: true }]);
    const r = m.run();
    expect(Buffer.from(r.stdout).toString()).toBe("Hello, world!\n");
    expect(Buffer.from(m.view().output.stdout).toString()).toBe("Hello, world!\n");
  });
});
