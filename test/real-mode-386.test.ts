// 386 real-mode rules worked out by hand from the Intel manuals (SDM Vol. 2 pseudocode, the 386
// Programmer's Reference Manual), run the way `lockstep86 conformance` runs a test of the 80386
// suite: where the real-mode fuzzer's oracle (Unicorn) answers differently or cannot answer.
import { describe, expect, it } from "vitest";
import type { MooTest, RegisterValues } from "../src/moo/types.js";
import { loadCoreWasm } from "../src/node/core-wasm.js";
import { ConformanceRunner, formatFailure, type TestFailure } from "../src/conformance/index.js";

const CS = 0x1000, SS = 0x2000, IP = 0x0100;
const REGS: RegisterValues = {
  eax: 0, ebx: 0, ecx: 0, edx: 0, esi: 0, edi: 0, ebp: 0, esp: 0x0100,
  cs: CS, ss: SS, ds: 0x3000, es: 0x4000, fs: 0x5000, gs: 0x6000, eip: IP, eflags: 0x0002,
};

const bytesAt = (at: number, bytes: number[]): Array<[number, number]> => bytes.map((b, k) => [at + k, b]);
const dword = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];

function failures(init: { regs?: RegisterValues; ram: Array<[number, number]> }, final: { regs: RegisterValues; ram?: Array<[number, number]> }): string {
  const t: MooTest = {
    index: 0, name: "", bytes: new Uint8Array(), hash: "0".repeat(40), offset: 0,
    init: { regs: { ...REGS, ...init.regs }, ram: init.ram },
    final: { regs: final.regs, ram: final.ram ?? [] },
  };
  const out: TestFailure[] = [];
  const runner = new ConformanceRunner(loadCoreWasm(), { onFailure: (f) => out.push(f) });
  runner.runFile({ name: "386", key: "386", preamble: { header: { major: 1, minor: 1, count: 1, cpu: "386E" } } }, [t]);
  return out.map(formatFailure).join("");
}

/** The code at CS:IP followed by its HLT. */
const code = (bytes: number[]) => bytesAt(CS * 16 + IP, [...bytes, 0xf4]);

describe("IRET in real mode", () => {
  it("IRETD loads only the flags it may: VM, VIF, VIP and the reserved bits stay as they were", () => {
    // iretd (66 cf) popping EIP = 0x0200, CS = 0x1000, EFLAGS = 0xFFFFFEFF (all but TF). SDM IRET,
    // real-address mode: EFLAGS <- tempEFLAGS AND 257FD5H OR EFLAGS AND 1A0000H; a 386 has no AC
    // or ID, so of 257FD5H it loads 017FD5H: RF, NT, IOPL, OF DF IF SF ZF AF PF CF. Bit 1 reads 1.
    const stack = bytesAt(SS * 16 + 0x0100, [...dword(0x0200), ...dword(CS), ...dword(0xfffffeff)]);
    expect(failures(
      { ram: [...code([0x66, 0xcf]), ...stack, [CS * 16 + 0x0200, 0xf4]] },
      { regs: { eip: 0x0201, esp: 0x010c, eflags: 0x00017ed7 } },
    )).toBe("");
  });
});

describe("POPF in real mode", () => {
  it("POPFD loads IOPL and NT but cannot set AC or ID, which a 386 lacks, nor RF", () => {
    // popfd (66 9d) popping 0xFFFFFEFF (all but TF). SDM POPF, real mode: all non-reserved flags
    // but RF, VIP, VIF, VM load; RF is cleared. AC (18) and ID (21) do not exist on the 386
    // (Intel's CPU identification finds a 386 by AC not toggling).
    const stack = bytesAt(SS * 16 + 0x0100, dword(0xfffffeff));
    expect(failures({ ram: [...code([0x66, 0x9d]), ...stack] }, { regs: { eip: IP + 3, esp: 0x0104, eflags: 0x00007ed7 } })).toBe("");
  });
});

describe("POP to an address through ESP", () => {
  it("computes the address from ESP after the pop, SP wrapped on a 16-bit stack", () => {
    // pop word [esp] (67 8f 04 24) with ESP = 0x1234FFFE: the pop reads SS:FFFE and leaves ESP =
    // 0x12340000 (SP wrapped, the upper half as it was); SDM POP: "If the destination operand
    // uses ESP as a base register, the address is computed after the POP increments ESP", so the
    // word goes to SS:[0x12340000], far past the limit: #SS (12). (QEMU writes it at SS:10000.)
    const HANDLER = 0x0500;
    const ss12 = [[48, 0], [49, 0], [50, HANDLER & 0xff], [51, HANDLER >> 8], [HANDLER * 16, 0xf4]] as Array<[number, number]>;
    const frame = bytesAt(SS * 16 + 0xfff8, [IP & 0xff, IP >> 8, CS & 0xff, CS >> 8, 0x02, 0x00]);
    expect(failures({ regs: { esp: 0x1234fffe }, ram: [...code([0x67, 0x8f, 0x04, 0x24]), ...bytesAt(SS * 16 + 0xfffe, [0x78, 0x56]), ...ss12] }, {
      regs: { cs: HANDLER, eip: 1, esp: 0x1234fff8 }, ram: frame,
    })).toBe("");
    // With ESP = 0x0000FFFE the pop leaves ESP = 0 and the word goes to SS:0000.
    expect(failures({ regs: { esp: 0xfffe }, ram: [...code([0x67, 0x8f, 0x04, 0x24]), ...bytesAt(SS * 16 + 0xfffe, [0x78, 0x56])] }, {
      regs: { eip: IP + 5, esp: 0 }, ram: bytesAt(SS * 16, [0x78, 0x56]),
    })).toBe("");
  });
});

describe("ENTER with a 32-bit operand on a 16-bit stack", () => {
  it("takes all of ESP as the frame pointer, pushes it whole and sets all of EBP", () => {
    // o32 enter 8,1 (66 c8 08 00 01) with ESP = 0xABCD0100, EBP = 0x12345678. SDM ENTER: Push(EBP)
    // (a 16-bit stack: SP only, 0x00FC); FrameTemp <- ESP = 0xABCD00FC; level 1: Push(FrameTemp)
    // at 0x00F8; EBP <- FrameTemp; then SP <- SP - 8 (the stack size is 16) = 0x00F0.
    const sp = SS * 16;
    expect(failures(
      { regs: { esp: 0xabcd0100, ebp: 0x12345678 }, ram: code([0x66, 0xc8, 0x08, 0x00, 0x01]) },
      {
        regs: { eip: IP + 6, esp: 0xabcd00f0, ebp: 0xabcd00fc },
        ram: [...bytesAt(sp + 0xfc, dword(0x12345678)), ...bytesAt(sp + 0xf8, dword(0xabcd00fc))],
      },
    )).toBe("");
  });
});

describe("invalid forms", () => {
  // Vector 6 points to 0500:0000, a HLT: the frame holds FLAGS, CS and the faulting IP.
  const HANDLER = 0x0500;
  const ud = [[24, 0], [25, 0], [26, HANDLER & 0xff], [27, HANDLER >> 8], [HANDLER * 16, 0xf4]] as Array<[number, number]>;
  const frame = bytesAt(SS * 16 + 0x00fa, [IP & 0xff, IP >> 8, CS & 0xff, CS >> 8, 0x02, 0x00]);
  it.each([
    ["8f /1 (pop with reg 1)", [0x8f, 0xc8]],
    ["8f /7 with memory", [0x8f, 0x3f]],
    ["c6 /1", [0xc6, 0xc8, 0x12]],
    ["c6 /7 (xabort's encoding)", [0xc6, 0xf8, 0x12]],
    ["c7 /1 with memory", [0x66, 0xc7, 0x0f, 0x78, 0x56, 0x34, 0x12]],
    ["c7 /7 (xbegin's encoding)", [0xc7, 0xf8, 0x34, 0x12]],
    // 386 manual, LOCK: only BT BTS BTR BTC, XCHG, ADD OR ADC SBB AND SUB XOR, NOT NEG INC DEC
    // with a memory destination; "Interrupt 6 if LOCK is used with an instruction not listed".
    ["lock nop", [0xf0, 0x90]],
    ["lock mov [bx],ax", [0xf0, 0x89, 0x07]],
    ["lock cmp [bx],ax (cmp writes nothing)", [0xf0, 0x39, 0x07]],
    ["lock add ax,ax (a register destination)", [0xf0, 0x01, 0xc0]],
    ["lock inc al", [0xf0, 0xfe, 0xc0]],
    ["lock bts ax,cx", [0x66, 0xf0, 0x0f, 0xab, 0xc8]],
    ["lock rep movsw", [0xf3, 0xf0, 0xa5]],
    // Instructions the 386 lacks (its opcode map has none of them).
    ["cpuid (Pentium)", [0x0f, 0xa2]],
    ["rdtsc (Pentium)", [0x0f, 0x31]],
    ["cmpxchg8b [bx] (Pentium)", [0x0f, 0xc7, 0x0f]],
    ["bswap eax (486)", [0x0f, 0xc8]],
    ["xadd [bx],ax (486)", [0x0f, 0xc1, 0x07]],
    ["cmpxchg [bx],ax (486)", [0x0f, 0xb1, 0x07]],
    ["cmove ax,[bx] (P6)", [0x0f, 0x44, 0x07]],
    ["nop word [bx+si] (P6's 0f 1f)", [0x0f, 0x1f, 0x00]],
  ])("%s is #UD (6)", (_, bytes) => {
    expect(failures({ ram: [...code(bytes), ...ud] }, { regs: { cs: HANDLER, eip: 1, esp: 0x00fa }, ram: frame })).toBe("");
  });
});

describe("LOCK on a read-modify-write of memory", () => {
  it("executes as without it: lock add [bx],ax and lock xchg [bx],ax", () => {
    const at = 0x30000; // DS:0
    expect(failures({ regs: { eax: 0x1234 }, ram: code([0xf0, 0x01, 0x07]) }, { regs: { eip: IP + 4 }, ram: [[at, 0x34], [at + 1, 0x12]] })).toBe("");
    expect(failures({ regs: { eax: 0x1234 }, ram: [...code([0x26, 0xf0, 0x87, 0x07]), [0x40000, 0x78], [0x40001, 0x56]] }, {
      regs: { eip: IP + 5, eax: 0x5678 }, ram: [[0x40000, 0x34], [0x40001, 0x12]],
    })).toBe("");
  });
});

describe("the machine status word", () => {
  it("LMSW sets PE (and MP EM TS) but never clears it; SMSW reads CR0's low half", () => {
    // lmsw ax (0f 01 f0) with AX = 0xFFFF and CR0 = 0x10 (ET): CR0 = 0x1F.
    expect(failures({ regs: { cr0: 0x10, eax: 0xffff }, ram: code([0x0f, 0x01, 0xf0]) }, { regs: { eip: IP + 4, cr0: 0x1f } })).toBe("");
    // lmsw ax with AX = 0 and CR0 = 0x1F: MP EM TS clear, PE stays.
    expect(failures({ regs: { cr0: 0x1f, eax: 0 }, ram: code([0x0f, 0x01, 0xf0]) }, { regs: { eip: IP + 4, cr0: 0x11 } })).toBe("");
    // smsw [bx] (0f 01 27) with CR0 = 0x1B: the word 0x001B at DS:0.
    expect(failures({ regs: { cr0: 0x1b }, ram: code([0x0f, 0x01, 0x27]) }, { regs: { eip: IP + 4 }, ram: [[0x30000, 0x1b], [0x30001, 0]] })).toBe("");
  });
});

describe("the descriptor-table registers", () => {
  // DS:0 is physical 0x30000.
  it("SIDT and SGDT store the reset values, the base's top byte as 0 with a 16-bit operand", () => {
    // sidt [bx] (0f 01 0f): IDTR = base 0, limit 3FF. o32 sgdt [bx] (66 0f 01 07): GDTR = 0, FFFF.
    const init = (bytes: number[]) => ({ ram: [...code(bytes), ...bytesAt(0x30000, [0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa])] });
    expect(failures(init([0x0f, 0x01, 0x0f]), { regs: { eip: IP + 4 }, ram: bytesAt(0x30000, [0xff, 0x03, 0, 0, 0, 0]) })).toBe("");
    expect(failures(init([0x66, 0x0f, 0x01, 0x07]), { regs: { eip: IP + 5 }, ram: bytesAt(0x30000, [0xff, 0xff, 0, 0, 0, 0]) })).toBe("");
  });

  it("LIDT loads a 24-bit base with a 16-bit operand, and real-mode interrupts use it", () => {
    // lidt [bx] (0f 01 1f) from DS:0 = limit 03FF, base 0x12345678 (24 bits taken: 0x345678);
    // then int 3 (cc) takes its vector at 0x345678 + 12 = 0x345684: 0500:0000, a HLT.
    const table = bytesAt(0x30000, [0xff, 0x03, 0x78, 0x56, 0x34, 0x12]);
    const vector = bytesAt(0x345684, [0x00, 0x00, 0x00, 0x05]);
    const frame = bytesAt(SS * 16 + 0x00fa, [(IP + 4) & 0xff, (IP + 4) >> 8, CS & 0xff, CS >> 8, 0x02, 0x00]);
    expect(failures(
      { ram: [...bytesAt(CS * 16 + IP, [0x0f, 0x01, 0x1f, 0xcc]), ...table, ...vector, [0x5000, 0xf4]] },
      { regs: { cs: 0x0500, eip: 1, esp: 0x00fa }, ram: frame },
    )).toBe("");
  });

  it("an SGDT whose base would cross offset FFFF stores nothing (#GP)", () => {
    // sgdt [bx] with BX = FFFC: the limit word fits at FFFC, the base dword at FFFE does not.
    const handler = [[52, 0], [53, 0], [54, 0x00], [55, 0x05], [0x5000, 0xf4]] as Array<[number, number]>;
    const frame = bytesAt(SS * 16 + 0x00fa, [IP & 0xff, IP >> 8, CS & 0xff, CS >> 8, 0x02, 0x00]);
    expect(failures({ regs: { ebx: 0xfffc }, ram: [...code([0x0f, 0x01, 0x07]), ...handler] }, {
      regs: { cs: 0x0500, eip: 1, esp: 0x00fa }, ram: frame,
    })).toBe("");
  });
});

describe("control registers", () => {
  it("MOV from CR0, CR2, CR3 reads all 32 bits into the register the ModR/M byte names, mod bits aside", () => {
    // mov eax,cr0 (0f 20 c0); mov esi,cr3 with mod 00 (0f 20 1e: no displacement follows).
    expect(failures({ regs: { cr0: 0x11, eax: 0xffffffff }, ram: code([0x0f, 0x20, 0xc0]) }, { regs: { eip: IP + 4, eax: 0x11 } })).toBe("");
    expect(failures({ regs: { cr3: 0x12345000, esi: 0 }, ram: code([0x0f, 0x20, 0x1e]) }, { regs: { eip: IP + 4, esi: 0x12345000 } })).toBe("");
  });

  it("MOV to CR0 and CR3 stores the register; CLTS clears TS", () => {
    expect(failures({ regs: { cr0: 0x10, ebx: 0x1e }, ram: code([0x0f, 0x22, 0xc3]) }, { regs: { eip: IP + 4, cr0: 0x1e } })).toBe("");
    expect(failures({ regs: { cr3: 0, edx: 0xabcde000 }, ram: code([0x0f, 0x22, 0xda]) }, { regs: { eip: IP + 4, cr3: 0xabcde000 } })).toBe("");
    expect(failures({ regs: { cr0: 0x1e }, ram: code([0x0f, 0x06]) }, { regs: { eip: IP + 3, cr0: 0x16 } })).toBe("");
  });

  it("CR1 and CR4 are #UD on the 386, PG without PE is #GP (13)", () => {
    const HANDLER = 0x0500;
    const to = (n: number) => [[n * 4, 0], [n * 4 + 1, 0], [n * 4 + 2, HANDLER & 0xff], [n * 4 + 3, HANDLER >> 8], [HANDLER * 16, 0xf4]] as Array<[number, number]>;
    const frame = bytesAt(SS * 16 + 0x00fa, [IP & 0xff, IP >> 8, CS & 0xff, CS >> 8, 0x02, 0x00]);
    const after = { regs: { cs: HANDLER, eip: 1, esp: 0x00fa }, ram: frame };
    expect(failures({ ram: [...code([0x0f, 0x22, 0xc8]), ...to(6)] }, after)).toBe("");
    expect(failures({ ram: [...code([0x0f, 0x20, 0xe0]), ...to(6)] }, after)).toBe("");
    expect(failures({ regs: { cr0: 0x10, eax: 0x80000010 }, ram: [...code([0x0f, 0x22, 0xc0]), ...to(13)] }, after)).toBe("");
  });
});
