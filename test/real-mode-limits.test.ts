// Real-mode segment limits as the 386 enforces them, which Unicorn (and so the real-mode fuzzer)
// cannot judge: every segment is 64 KiB, and an access any byte of which lies past offset 0xFFFF
// raises #SS (12) through SS and #GP (13) through any other segment, before anything changes; the
// IP pushed is the faulting instruction's first byte, prefixes included (Intel 386 Programmer's
// Reference Manual, 14.7 "Differences from 8086": exceptions 12 and 13 for offsets past 0FFFFH).
// Expected states are worked out by hand, not taken from the core.
import { describe, expect, it } from "vitest";
import type { MooTest, RegisterValues } from "../src/moo/types.js";
import { loadCoreWasm } from "../src/node/core-wasm.js";
import { ConformanceRunner, formatFailure, type TestFailure } from "../src/conformance/index.js";

const CS = 0x1000, SS = 0x2000, DS = 0x3000, FS = 0x5000, IP = 0x0100, SP = 0x0100;
const REGS: RegisterValues = {
  eax: 0x11111111, ebx: 0, ecx: 0, edx: 0, esi: 0, edi: 0, ebp: 0, esp: SP,
  cs: CS, ss: SS, ds: DS, es: 0x4000, fs: FS, gs: 0x6000, eip: IP, eflags: 0x0002,
};
const HANDLER = 0x0500; // every vector used points to 0500:0000, a HLT

function vector(n: number): Array<[number, number]> {
  return [[n * 4, 0], [n * 4 + 1, 0], [n * 4 + 2, HANDLER & 0xff], [n * 4 + 3, HANDLER >> 8]];
}

/** The instruction at CS:IP, the handler's HLT, and vectors 12 and 13. */
function code(bytes: number[]): Array<[number, number]> {
  return [...bytes.map((b, k): [number, number] => [CS * 16 + IP + k, b]), [HANDLER * 16, 0xf4], ...vector(12), ...vector(13)];
}

/** A fault's frame below SS:SP: FLAGS, CS, and the faulting instruction's IP. */
function frame(sp: number, ip: number): Array<[number, number]> {
  const at = (k: number) => SS * 16 + ((sp - k) & 0xffff);
  return [[at(2), 0x02], [at(1), 0x00], [at(4), CS & 0xff], [at(3), CS >> 8], [at(6), ip & 0xff], [at(5), ip >> 8]];
}

function runOne(t: MooTest): TestFailure[] {
  const failures: TestFailure[] = [];
  const runner = new ConformanceRunner(loadCoreWasm(), { onFailure: (f) => failures.push(f) });
  runner.runFile({ name: "limits", key: "limits", preamble: { header: { major: 1, minor: 1, count: 1, cpu: "386E" } } }, [t]);
  return failures;
}

/**
 * Runs `bytes` from the registers `regs` (over REGS) and expects exception `vector`: nothing but
 * SP, CS:IP, FLAGS' IF and TF (both clear here) and the frame changed, with `regs` as they were.
 */
function expectFault(bytes: number[], regs: RegisterValues, vector: 12 | 13, ram: Array<[number, number]> = []): void {
  const sp = regs.esp ?? SP;
  const t: MooTest = {
    index: 0, name: bytes.map((b) => b.toString(16)).join(" "), bytes: Uint8Array.from(bytes), hash: "0".repeat(40), offset: 0,
    init: { regs: { ...REGS, ...regs }, ram: [...code(bytes), ...ram] },
    final: {
      regs: { cs: HANDLER, eip: 1, esp: ((sp & 0xffff0000) | ((sp - 6) & 0xffff)) >>> 0 },
      // Vector 12 and 13 share a handler, so the frame's IP and the vector's own bytes decide.
      ram: frame(sp, IP),
    },
    exception: { number: vector, flagsAddress: 0 },
  };
  // Point the other vector elsewhere, so that the wrong one leaves the core somewhere else.
  const other = vector === 12 ? 13 : 12;
  t.init.ram = t.init.ram.filter(([a]) => a < other * 4 || a >= other * 4 + 4).concat([[other * 4 + 2, 0x00], [other * 4 + 3, 0x07]]);
  expect(runOne(t).map(formatFailure).join("")).toBe("");
}

describe("386 real-mode segment limits", () => {
  it("a word read at DS:FFFF is #GP (13), not a wrap to offset 0", () => {
    // mov ax,[bx] with BX = FFFF
    expectFault([0x8b, 0x07], { ebx: 0xffff }, 13);
  });

  it("a dword read at DS:FFFD (66) is #GP, while FFFC would fit", () => {
    // mov eax,[bx] with BX = FFFD: bytes FFFD-10000
    expectFault([0x66, 0x8b, 0x07], { ebx: 0xfffd }, 13);
  });

  it("a 32-bit address (67) above FFFF is #GP, even for a byte", () => {
    // mov al,[eax] with EAX = 0x10000
    expectFault([0x67, 0x8a, 0x00], { eax: 0x10000 }, 13);
  });

  it("a 32-bit address is not wrapped to 16 bits before the check", () => {
    // mov al,[ebx+esi] with EBX = 0xFFFF, ESI = 1: offset 0x10000, which 16-bit addressing would wrap to 0.
    expectFault([0x67, 0x8a, 0x04, 0x33], { ebx: 0xffff, esi: 1 }, 13);
  });

  it("through FS the fault is #GP, the segment is no stack", () => {
    // mov ax,fs:[ebx] with EBX = 0x1FFFF
    expectFault([0x64, 0x67, 0x8b, 0x03], { ebx: 0x1ffff }, 13);
  });

  it("an address through SS past FFFF is #SS (12): [esp], [ebp] and an ss: override", () => {
    // mov ax,[esp] with ESP = 0x10000 (the frame then goes below SP = 0: FFFA-FFFF)
    expectFault([0x67, 0x8b, 0x04, 0x24], { esp: 0x10000 }, 12);
    // mov eax,[ebp+0] with EBP = 0xFFFE
    expectFault([0x66, 0x67, 0x8b, 0x45, 0x00], { ebp: 0xfffe }, 12);
    // mov ax,ss:[bx] with BX = 0xFFFF
    expectFault([0x36, 0x8b, 0x07], { ebx: 0xffff }, 12);
  });

  it("a 32-bit push that would straddle the stack's end is #SS with nothing pushed", () => {
    // push eax (66 50) with SP = 2: the dword would be at FFFE-10001. The frame is pushed from SP = 2.
    // Its words wrap to FFFE, FFFC... which is where the 386 puts them with a 16-bit SP.
    expectFault([0x66, 0x50], { esp: 0x0002 }, 12);
  });

  it("bt's bit offset moves the access past FFFF with a 32-bit address: #GP", () => {
    // bt [eax],cx (67 0f a3 08) with EAX = FFF0, CX = 7FFF: the word at FFF0 + (7FFF >> 4) * 2 = 10FEE.
    expectFault([0x67, 0x0f, 0xa3, 0x08], { eax: 0xfff0, ecx: 0x7fff }, 13);
  });

  it("the IP pushed is the first prefix's, and no register keeps a partial change", () => {
    // rep movsd (f3 66 a5) with SI = FFFE: the first dword read overruns DS; ECX, ESI, EDI as they were.
    expectFault([0xf3, 0x66, 0xa5], { esi: 0xfffe, ecx: 3 }, 13);
    // lfs eax,[ebx] (66 67 0f b4 03) with EBX = FFFC: the offset dword fits (FFFC-FFFF), the
    // selector word at 10000 does not; EAX and FS stay as they were.
    expectFault([0x66, 0x67, 0x0f, 0xb4, 0x03], { ebx: 0xfffc }, 13);
  });
});
