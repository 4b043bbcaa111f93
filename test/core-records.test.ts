// The interpreter's decoded records (assembly/records.ts): an instruction decoded once is run from
// its record only while memory still holds the bytes it was decoded from. Programs that rewrite
// their own code in a loop, and that run different instructions at addresses sharing a record's
// slot, must do what qemu-i386 does with them; a record form that faults must stop the machine
// exactly as the opcode switch does (the general step, taken while tracing, is that reference).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as L from "../assembly/layout";
import { CpuModule } from "../src/core/module";
import { Lockstep } from "../src/harness/lockstep";
import { parseElf } from "../src/loader/elf";
import { loadCoreWasm } from "../src/node/core-wasm";
import { hasQemu, runUnderQemu } from "./support/qemu";
import { nasmAssemble } from "./support/nasm";

const hasNasm = spawnSync("nasm", ["-v"]).status === 0;
const why = !hasNasm ? "nasm is missing (apt-get install nasm)" : !hasQemu() ? "qemu-i386 is missing (apt-get install qemu-user)" : undefined;
if (why) console.warn(`skipping the decoded-records programs against qemu-i386: ${why}`);

const dir = mkdtempSync(join(tmpdir(), "core-records-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A static ELF written by NASM itself, one segment readable, writable and executable, so that the
// program can rewrite its code. It ends by writing ebx (4 bytes) and exiting with bl.
const elf = (body: string) => `bits 32
org 0x100000
  db 0x7f, "ELF", 1, 1, 1, 0
  times 8 db 0
  dw 2, 3
  dd 1, _start, phdr - $$, 0, 0
  dw 52, 32, 1, 0, 0, 0
phdr:
  dd 1, 0, $$, $$, filesize, filesize, 7, 0x1000
_start:
${body}
finish:
  mov [result], ebx
  mov eax, 4
  mov ebx, 1
  mov ecx, result
  mov edx, 4
  int 0x80
  mov ebx, [result]
  mov eax, 1
  int 0x80
result: dd 0
filesize equ $ - $$
`;

const PROGRAMS: Array<[string, string]> = [
  ["rewrites an immediate, then the instruction's form, at the same address", `
  xor ebx, ebx
  mov esi, 0
round:
  mov ecx, 500
inner:
target:
  mov eax, 1            ; b8 imm32: patched below
  add ebx, eax
  dec ecx
  jnz inner
  inc esi
  cmp esi, 1
  jne .two
  mov dword [target + 1], 7               ; the same form, another immediate
  jmp round
.two:
  cmp esi, 2
  jne .three
  mov dword [target], 0x9090d801          ; add eax, ebx; nop; nop (01 d8 90 90 90)
  mov byte [target + 4], 0x90
  jmp round
.three:
  cmp esi, 3
  jne .four
  mov dword [target], 0x9090c889          ; mov eax, ecx; nop; nop; nop
  jmp round
.four:
  cmp esi, 4
  jne finish
  mov dword [target], 0x9004e0c1          ; shl eax, 4; nop, eax starting as bl
  movzx eax, bl
  jmp round
`],
  ["runs different instructions at addresses 2 KiB apart, each its own record's slot", `
  xor ebx, ebx
  mov ecx, 300
again:
  call a
  call b
  call c
  call d
  dec ecx
  jnz again
  jmp finish
align 2048
a: add ebx, 3            ; 83 c3 03
   ret
align 2048
b: adc ebx, 5            ; 83 d3 05: not a recorded form, same first byte
   ret
align 2048
c: sub ebx, 1            ; 83 eb 01
   ret
align 2048
d: shl ebx, 1            ; c1 e3 01
   shr ebx, 1
   ret
`],
  ["rewrites the next instruction just before running it, and a jump's offset", `
  xor ebx, ebx
  mov ecx, 200
loop:
  mov byte [next + 2], cl                  ; add ebx, imm8: the immediate is the counter
next:
  add ebx, 0                               ; 83 c3 00
  mov byte [skip + 1], 2                   ; jmp short +2 over the inc
  test cl, 1
  jz skip
  mov byte [skip + 1], 0                   ; jmp short +0: the inc runs
skip:
  jmp short after
  inc ebx
  inc ebx
after:
  dec ecx
  jnz loop
`],
];

describe.skipIf(why !== undefined)("programs that rewrite their code, against qemu-i386", () => {
  for (const [name, body] of PROGRAMS) {
    it(name, () => {
      const r = nasmAssemble(elf(body));
      expect(r.diagnostics.filter((d) => d.kind === "error")).toEqual([]);
      const file = join(dir, `p${PROGRAMS.findIndex((p) => p[0] === name)}.elf`);
      writeFileSync(file, r.bin, { mode: 0o755 });
      const ref = runUnderQemu(file);
      expect(ref.stdout.length).toBe(4);
      // Without a check code the whole of RAM is the interpreter's fetch window; under one, a jump
      // to another page takes the general step first (run.ts), so both are run.
      for (const [jit, ecc] of [[false, "none"], [false, "parity"], [true, "parity"]] as const) {
        const ours = new Lockstep(loadCoreWasm(), parseElf("p.elf", new Uint8Array(r.bin)), { mode: "simplex", jit, ecc, keepOutput: 1 << 16 }).run();
        expect({ out: [...ours.stdout], exit: ours.exitCode }, `jit ${jit}, ecc ${ecc}`).toEqual({ out: [...ref.stdout], exit: ref.exitCode });
      }
    });
  }
});

// Runs code at 0x1000 until it stops; with `general`, every instruction through the general step.
function stopped(code: number[], regs: Record<number, number>, general: boolean) {
  // No check code: all of RAM is the fetch window, so every instruction is run from its record.
  const m = new CpuModule(loadCoreWasm(), { ramSize: 1 << 20, diskSize: 512, ecc: "none", jit: false });
  m.exports.resetCpu(L.CPU_FLAT32);
  m.clearJournal();
  m.loadRam(0x1000, Uint8Array.from(code));
  m.setReg(4, 0x8000); // esp, unless the case sets it
  for (const [r, v] of Object.entries(regs)) m.setReg(Number(r), v);
  m.eip = 0x1000;
  m.eflags = 2;
  if (general) m.exports.setTracing(1);
  const status = m.run(1000);
  return {
    status, eip: m.eip, cycle: m.cycle, regs: Array.from({ length: 8 }, (_, i) => m.reg(i)), eflags: m.eflags,
    fault: [L.S_FAULT, L.S_FAULT_ADDR, L.S_FAULT_INFO, L.S_INSN_EIP].map((o) => m.getU32(o)),
    writes: Array.from({ length: m.journalLength }, (_, i) => m.journalEntry(i)).map((e) => [e.cycle, e.address, e.value]),
  };
}

describe("a record form that faults stops the machine as the opcode switch does", () => {
  const OUT = 0xfff00000; // far past the 1 MiB of RAM
  const cases: Array<[string, number[], Record<number, number>]> = [
    ["a load past RAM (mov eax, [ebx+8])", [0x40, 0x8b, 0x43, 0x08, 0x90], { 3: OUT }],
    ["a store past RAM (mov [ebx], ecx)", [0x40, 0x89, 0x0b], { 3: OUT, 1: 5 }],
    ["add to memory past RAM (add [ebx+esi*4+0x10], eax)", [0x01, 0x44, 0xb3, 0x10], { 3: OUT, 6: 3 }],
    ["a call with the stack past RAM", [0x41, 0xe8, 0x00, 0x00, 0x00, 0x00], { 4: 0 }],
    ["a push with the stack moved to RAM's end (mov esp, ebx; push eax)", [0x89, 0xdc, 0x50, 0x50, 0x50], { 3: 0x100004 }],
    ["divide by zero (div ecx)", [0x40, 0xf7, 0xf1], { 1: 0 }],
    ["a jump through memory past RAM (jmp [ebx])", [0xff, 0x23], { 3: OUT }],
    ["cmp byte [ebx], 7 past RAM", [0x80, 0x3b, 0x07], { 3: OUT }],
  ];
  for (const [name, code, regs] of cases) {
    it(name, () => {
      const a = stopped(code, regs, false);
      const b = stopped(code, regs, true);
      expect(a.status).toBe(L.ST_FAULT);
      expect(a).toEqual(b);
    });
  }
});
