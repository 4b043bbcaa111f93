// Real-mode faults the 286 slice cannot show because the 286 behaves differently or the suite
// never reaches them: the 386's #SS, a fetch past the end of CS, and fault precision in POPA,
// PUSHA and REP MOVS. Expected states are worked out by hand from the 386 manual (real-address-mode
// exceptions; faults are restartable), not taken from the core.
import { describe, expect, it } from "vitest";
import type { MooTest, RegisterValues } from "../src/moo/types.js";
import { loadCoreWasm } from "../src/node/core-wasm.js";
import { ConformanceRunner, formatFailure, type TestFailure } from "../src/conformance/index.js";

const REGS: RegisterValues = {
  ax: 0, bx: 0, cx: 0, dx: 0, cs: 0x1000, ss: 0x2000, ds: 0x3000, es: 0x4000,
  sp: 0x0100, bp: 0, si: 0, di: 0, ip: 0x0100, flags: 0x0002,
};
const HANDLER = { cs: 0x0500, at: 0x5000 }; // every vector used points to 0500:0000, a HLT

/** Vector n -> 0500:0000, and the HLT there. */
function vector(n: number): Array<[number, number]> {
  return [[n * 4, 0], [n * 4 + 1, 0], [n * 4 + 2, HANDLER.cs & 0xff], [n * 4 + 3, HANDLER.cs >> 8], [HANDLER.at, 0xf4]];
}

/** The frame a real-mode exception pushes below SS:SP: FLAGS, CS, IP. */
function frame(ss: number, sp: number, flags: number, cs: number, ip: number): Array<[number, number]> {
  const at = (k: number) => ss * 16 + ((sp - k) & 0xffff);
  return [[at(2), flags & 0xff], [at(1), flags >> 8], [at(4), cs & 0xff], [at(3), cs >> 8], [at(6), ip & 0xff], [at(5), ip >> 8]];
}

function test(name: string, init: { regs?: RegisterValues; ram: Array<[number, number]> }, final: { regs: RegisterValues; ram?: Array<[number, number]> }): MooTest {
  return {
    index: 0, name, bytes: new Uint8Array(), hash: "0".repeat(40), offset: 0,
    init: { regs: { ...REGS, ...init.regs }, ram: init.ram },
    final: { regs: final.regs, ram: final.ram ?? [] },
  };
}

function failuresOf(t: MooTest): TestFailure[] {
  const failures: TestFailure[] = [];
  const runner = new ConformanceRunner(loadCoreWasm(), { onFailure: (f) => failures.push(f) });
  runner.runFile({ name: "real-mode", key: "real-mode", preamble: { header: { major: 1, minor: 1, count: 1, cpu: "386E" } } }, [t]);
  return failures;
}

const expectPass = (t: MooTest) => expect(failuresOf(t).map(formatFailure).join("")).toBe("");
// The handler's HLT is at 0500:0000, so the final IP is 1.
const inHandler = { cs: HANDLER.cs, ip: 0x0001, sp: 0x00fa, flags: 0x0002 };

describe("real-mode faults as on the 386", () => {
  it("raises #SS (12) for a word read at SS:FFFF and changes nothing else", () => {
    // mov ax,[bp+0] with BP = FFFF: the default segment is SS.
    expectPass(test("mov ax,[bp+0]", {
      regs: { bp: 0xffff, ax: 0x1111 },
      ram: [[0x10100, 0x8b], [0x10101, 0x46], [0x10102, 0x00], ...vector(12)],
    }, { regs: inHandler, ram: frame(0x2000, 0x0100, 0x0002, 0x1000, 0x0100) }));
  });

  it("raises #GP (13) for an instruction running past offset FFFF of CS, before it writes", () => {
    // mov word [bx],1234h at 1000:FFFD: C7 07 34 fill FFFD-FFFF, and the immediate's high byte
    // would be at offset 0x10000. Nothing may be written at DS:BX (physical 0x30010).
    const code: Array<[number, number]> = [[0x1fffd, 0xc7], [0x1fffe, 0x07], [0x1ffff, 0x34], [0x20000, 0x12]];
    expectPass(test("mov word [bx],1234h", {
      regs: { ip: 0xfffd, bx: 0x0010 },
      ram: [...code, ...vector(13)],
    }, { regs: inHandler, ram: [[0x30010, 0], [0x30011, 0], ...frame(0x2000, 0x0100, 0x0002, 0x1000, 0xfffd)] }));
  });

  it("raises #GP at a jump whose 32-bit target lies past offset FFFF", () => {
    // jmp dword 0x10106 (66 E9 rel32, 6 bytes at 0100, so rel32 = 0x10000).
    const jmp = [0x66, 0xe9, 0x00, 0x00, 0x01, 0x00];
    expectPass(test("jmp dword 10106h", {
      ram: [...jmp.map((b, k): [number, number] => [0x10100 + k, b]), ...vector(13)],
    }, { regs: inHandler, ram: frame(0x2000, 0x0100, 0x0002, 0x1000, 0x0100) }));
  });

  it("jumps back from the last bytes of CS without a fault", () => {
    // jmp short -16 (EB F0) at 1000:FFFA: the target is FFFC - 10 = FFEC, where a HLT waits.
    expectPass(test("jmp short", { regs: { ip: 0xfffa }, ram: [[0x1fffa, 0xeb], [0x1fffb, 0xf0], [0x1ffec, 0xf4], ...vector(13)] }, {
      regs: { ...REGS, ip: 0xffed },
    }));
  });

  it("raises #GP with IP 0 when execution falls through past offset FFFF", () => {
    // nop at 1000:FFFF completes; fetching at offset 0x10000 faults, and IP pushes as 0.
    expectPass(test("nop", { regs: { ip: 0xffff }, ram: [[0x1ffff, 0x90], [0x10000, 0xf4], ...vector(13)] }, {
      regs: inHandler, ram: frame(0x2000, 0x0100, 0x0002, 0x1000, 0x0000),
    }));
  });

  it("leaves every register as it was when POPA's last word overruns the stack segment", () => {
    // SP = FFF1: DI, SI, BP, (SP), BX, DX, CX load from FFF1..FFFD, AX's word would be at FFFF.
    const stack: Array<[number, number]> = [];
    for (let k = 0; k < 16; k++) stack.push([0x2fff1 + k, 0xa0 + k]);
    const regs = { ax: 1, bx: 2, cx: 3, dx: 4, bp: 5, si: 6, di: 7, sp: 0xfff1 };
    expectPass(test("popa", { regs, ram: [[0x10100, 0x61], ...stack.slice(0, 14), ...vector(12)] }, {
      regs: { ...inHandler, sp: 0xffeb },
      ram: frame(0x2000, 0xfff1, 0x0002, 0x1000, 0x0100),
    }));
  });

  it("stores nothing when PUSHA's last word would overrun the stack segment", () => {
    // SP = 000F: AX..SI would go to 000D..0001, DI's word to FFFF. The 386 checks the whole frame
    // before it stores (#SS (12)), so memory below SP keeps its zeros; the exception frame is
    // pushed from SP = 000F: FLAGS at 000D, CS at 000B, IP at 0009.
    const regs = { ax: 0x1111, bx: 0x2222, cx: 0x3333, dx: 0x4444, bp: 0x5555, si: 0x6666, di: 0x7777, sp: 0x000f };
    expectPass(test("pusha", { regs, ram: [[0x10100, 0x60], ...vector(12)] }, {
      regs: { ...inHandler, sp: 0x0009 },
      ram: frame(0x2000, 0x000f, 0x0002, 0x1000, 0x0100),
    }));
  });

  it("keeps the iterations REP MOVSW completed before a word overran the segment", () => {
    // SI = FFFB, CX = 5: words from FFFB and FFFD are copied to ES:0000 and ES:0002, the third
    // at FFFF faults with SI = FFFF, DI = 4, CX = 3 and IP on the instruction (prefix included).
    const source: Array<[number, number]> = [[0x3fffb, 0x11], [0x3fffc, 0x22], [0x3fffd, 0x33], [0x3fffe, 0x44], [0x3ffff, 0x55]];
    expectPass(test("rep movsw", {
      regs: { si: 0xfffb, di: 0, cx: 5 },
      ram: [[0x10100, 0xf3], [0x10101, 0xa5], ...source, ...vector(13)],
    }, {
      regs: { ...inHandler, si: 0xffff, di: 0x0004, cx: 3 },
      ram: [[0x40000, 0x11], [0x40001, 0x22], [0x40002, 0x33], [0x40003, 0x44], ...frame(0x2000, 0x0100, 0x0002, 0x1000, 0x0100)],
    }));
  });
});
