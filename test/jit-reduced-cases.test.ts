// Cases the differential fuzzer (jit-differential.test.ts) found, reduced by hand to a few
// instructions: a translated block must leave the module exactly as the interpreter does, in
// every ECC mode. Each names the interpreter's behaviour it checks.
import { describe, expect, it } from "vitest";
import * as L from "../assembly/layout";
import type { EccMode } from "../src/core/module";
import { loadCoreWasm } from "../src/node/core-wasm";
import { asmCase, type AsmCase } from "./support/jit/asm-case";
import { Machines, runCase } from "./support/jit/pair";
import { describeCase, describeOutcome } from "./support/jit/report";

const CASES: AsmCase[] = [
  {
    // assembly/exec.ts popToE: the popped dword goes to memory (and the journal).
    name: "pop dword [ebx] writes memory",
    asm: "start: pop dword [ebx]\n jmp start",
    runs: [1, 6],
  },
  {
    // assembly/ops/shift.ts: after shr by more than 1, OF is 0 (only a 1-bit shift copies the sign).
    name: "shr eax, 2 clears OF",
    asm: "start: mov eax, 0x80000000\n shr eax, 2\n jmp start",
    // The second slice ends right after the block's first iteration.
    runs: [1, 5],
  },
  {
    name: "shr dh, cl (cl = 31) clears OF",
    asm: "start: mov dh, 0xff\n shr dh, cl\n jmp start",
    regs: { ecx: 0xdf },
    runs: [1, 5],
  },
  {
    // assembly/ops/control.ts farJump: cs takes the selector stored after the offset.
    name: "jmp far [mem] loads cs",
    asm: "start: jmp far [p1]\nother: jmp far [p2]\np1: dd other\n dw 0x1234\np2: dd start\n dw 0x5678",
    runs: [1, 4],
  },
  {
    // farCall pushes cs, then eip: 8 bytes, and retf pops both.
    name: "call far [mem] pushes cs and eip",
    asm: "start: call far [ptr]\n jmp start\nfn: retf\nptr: dd fn\n dw 0x73",
    runs: [1, 9],
  },
  {
    // assembly/journal.ts: run() stops right after the write that leaves fewer than
    // JOURNAL_SLACK entries free, not at the end of the loop iteration.
    name: "a block stops where a nearly full journal stops the interpreter",
    asm: "start: mov [ebx], eax\n nop\n jmp start",
    journalCap: L.JOURNAL_SLACK + 10,
    runs: [1, 100],
  },
  {
    // assembly/exec.ts executeOne: LOCK on a plain mov is #UD. The block at `over` is asked for
    // at the first jump to it and translated when the slice ends, after the loop turned the DS
    // prefix it ran into LOCK: the next jump to it meets bytes the interpreter never ran.
    name: "a LOCK prefix the interpreter would reject is not translated",
    asm: "start: inc ecx\n cmp ecx, 2\n je again\n jmp over\nover: mov eax, ecx\npatch: db 0x3e\n mov [ebx], eax\n" +
      " mov byte [patch], 0xf0\n jmp start\nagain: jmp over",
    runs: [8, 10],
  },
];

const ECC: EccMode[] = ["none", "parity", "secded"];

describe("reduced cases: translated blocks against the interpreter", () => {
  const machines = new Machines(loadCoreWasm());
  for (const spec of CASES) {
    it.each(ECC)(`${spec.name} (ECC %s)`, (ecc) => {
      const c = asmCase(spec, ecc);
      const o = runCase(machines, c);
      if (o.step !== undefined) console.error(`${describeCase(c)}\n${describeOutcome(c, o)}`);
      expect(o.diffs).toEqual([]);
    });
  }
});
