// What each --compare setting lets through, on a program whose cycles are counted by hand:
//   0 mov eax,'A'   1 nop   2 mov [slot],eax (kept, printed later)   3 mov ebx,'B'
//   4 mov [tmp],eax (a write ...)   5 mov [tmp],ebx (... overwritten)   6 xor eax,eax
//   7 mov ecx,200   8-407 the loop   408-411 set up write(1, slot, 1)   412 int 0x80 (the output)
//   413-415 exit(0): 416 instructions
// A flip of eax's bit 1 turns 'A' into 'C'. At cycle 4 it only changes a write that is overwritten
// at once (transient); at cycle 2 it also changes the byte kept in slot and printed at 412.
// The epoch is 100 cycles, so the output is four epochs after the flip.
import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { loadCoreWasm } from "../src/node/core-wasm";
import { workerHosts } from "../src/node/module-worker-host";
import { Lockstep, type LockstepResult, type Mode } from "../src/harness/lockstep";
import { EXIT_MACHINE_CHECK } from "../src/core/status";
import type { CompareMode } from "../src/harness/epoch-hash";
import { parseFault } from "../src/faults/spec";
import { assembleFlat } from "../src/scenario/program";

const SOURCE = `bits 32
org 0x1000
        mov eax, 0x41
        nop
        mov [slot], eax
        mov ebx, 0x42
        mov [tmp], eax
        mov [tmp], ebx
        xor eax, eax
        mov ecx, 200
spin:   dec ecx
        jnz spin
        mov eax, 4
        mov ebx, 1
        mov ecx, slot
        mov edx, 1
        int 0x80
        mov eax, 1
        xor ebx, ebx
        int 0x80
align 4
slot:   dd 0
tmp:    dd 0
`;
const img = assembleFlat("compare.asm", SOURCE);
const wasm = loadCoreWasm();
const threads = workerHosts(wasm);
afterAll(() => threads.close());
const TRANSIENT = "reg@4/B:reg=eax,bit=1";
const KEPT = "reg@2/B:reg=eax,bit=1";

function run(mode: Mode, compare: CompareMode, fault: string, hosts?: ReturnType<typeof workerHosts>): LockstepResult {
  return new Lockstep(wasm, img, { mode, compare, epoch: 100, ramSize: 1 << 20, faults: [parseFault(fault)], hosts }).run();
}
const seen = (r: LockstepResult) => r.events.filter((e) => ["divergence", "rollback", "retry-agreed", "vote", "fail-stop"].includes(e.kind)).map((e) => `${e.kind}@${e.cycle}`);
const out = (r: LockstepResult) => Buffer.from(r.stdout).toString("latin1");
// A result with its disk as a hash (a deep comparison of megabytes is slow).
const summary = (r: LockstepResult) => ({ ...r, stdout: out(r), disk: r.disk && createHash("sha256").update(r.disk).digest("hex") });

describe("--compare: what each setting sees of a fault", () => {
  it("the fault-free run prints A and exits after 416 instructions", () => {
    const r = new Lockstep(wasm, img, { mode: "simplex", epoch: 100, ramSize: 1 << 20 }).run();
    expect([out(r), r.exitCode, r.cycles]).toEqual(["A", 0, 416]);
  });

  it("writes sees a write that is overwritten at once: the divergence at cycle 4, masked by a retry", () => {
    const r = run("dmr", "writes", TRANSIENT);
    expect(seen(r)).toEqual(["divergence@4", "rollback@4", "retry-agreed@100"]);
    expect(out(r)).toBe("A");
  });

  it("state and output let that write through: no divergence, the same output", () => {
    for (const compare of ["state", "output"] as const) {
      const r = run("dmr", compare, TRANSIENT);
      expect(seen(r), compare).toEqual([]);
      expect([out(r), r.exitCode], compare).toEqual(["A", 0]);
    }
  });

  it("writes and state see a wrong byte kept in RAM in the epoch it is written (cycle 2)", () => {
    for (const compare of ["writes", "state"] as const) {
      const r = run("dmr", compare, KEPT);
      expect(seen(r), compare).toEqual(["divergence@2", "rollback@2", "retry-agreed@100"]);
      expect(out(r), compare).toBe("A");
    }
  });

  it("output sees it only when it is printed (cycle 412): past a checkpoint, so dmr's retry repeats it and it fail-stops", () => {
    const r = run("dmr", "output", KEPT);
    expect(seen(r)).toEqual(["divergence@412", "rollback@412", "divergence@412", "fail-stop@412"]);
    expect([out(r), r.exitCode, r.failStop]).toEqual(["", EXIT_MACHINE_CHECK, true]);
  });

  it("output in tmr: the printed byte is outvoted at cycle 412 and the right one released", () => {
    const r = run("tmr", "output", KEPT);
    expect(seen(r)).toEqual(["divergence@412", "vote@412"]);
    expect([out(r), r.exitCode]).toEqual(["A", 0]);
  });

  it("every setting decides the same on threads as on one thread", () => {
    for (const compare of ["writes", "state", "output"] as const) {
      for (const [mode, fault] of [["dmr", TRANSIENT], ["dmr", KEPT], ["tmr", KEPT]] as const) {
        expect(summary(run(mode, compare, fault, threads)), `${mode} ${compare} ${fault}`).toEqual(summary(run(mode, compare, fault)));
      }
    }
  });
});
