// Stack, control transfer and string instructions at the corners the SDM spells out, each with
// its expected state worked out from the manual's pseudocode.
import { describe, expect, it } from "vitest";
import { CODE, step, le } from "./support/one-step";
import { CF, DF, ZF } from "./support/x86-model";

const EAX = 0, ECX = 1, ESP = 4, EBP = 5, ESI = 6, EDI = 7;

describe("stack", () => {
  it("ret imm16 releases the immediate unsigned (ESP ← ESP + SRC), even from 0x8000 up", () => {
    const r = step({ code: [0xc2, 0x00, 0x80], regs: [0, 0, 0, 0, 0x9000], mem: [[0x9000, le(0x2222, 4)]] });
    expect([r.eip, r.regs[ESP]]).toEqual([0x2222, 0x9004 + 0x8000]);
  });

  it("a 16-bit enter on a 32-bit stack reads the outer frame pointers through ebp, not bp", () => {
    // enter 0, 2 with 0x66: push bp; push word [ebp-2]; push the frame pointer; bp ← frame.
    const r = step({
      code: [0x66, 0xc8, 0x00, 0x00, 0x02],
      regs: [0, 0, 0, 0, 0x9000, 0x00018100],
      mem: [[0x180fe, le(0x1234, 2)], [0x80fe, le(0x5678, 2)]],
    });
    expect(r.fault).toBe(null);
    expect([r.u16(0x8ffe), r.u16(0x8ffc), r.u16(0x8ffa)]).toEqual([0x8100, 0x1234, 0x8ffe]);
    expect([r.regs[ESP], r.regs[EBP]]).toEqual([0x8ffa, 0x00018ffe]);
  });

  it("enter 8, 3 copies two outer frame pointers, pushes the new frame and reserves 8 bytes", () => {
    const r = step({
      code: [0xc8, 0x08, 0x00, 0x03],
      regs: [0, 0, 0, 0, 0x9000, 0x9400],
      mem: [[0x93f8, [...le(0xbbbb, 4), ...le(0xaaaa, 4)]]],
    });
    expect([r.u32(0x8ffc), r.u32(0x8ff8), r.u32(0x8ff4), r.u32(0x8ff0)]).toEqual([0x9400, 0xaaaa, 0xbbbb, 0x8ffc]);
    expect([r.regs[EBP], r.regs[ESP]]).toEqual([0x8ffc, 0x8ff0 - 8]);
  });

  it("leave: esp ← ebp, then pop ebp", () => {
    const r = step({ code: [0xc9], regs: [0, 0, 0, 0, 0x1234, 0x9000], mem: [[0x9000, le(0xcafe, 4)]] });
    expect([r.regs[ESP], r.regs[EBP]]).toEqual([0x9004, 0xcafe]);
  });

  it("pop [esp+4] computes its address after incrementing esp", () => {
    const r = step({ code: [0x8f, 0x44, 0x24, 0x04], regs: [0, 0, 0, 0, 0x9000], mem: [[0x9000, le(0x77, 4)]] });
    expect([r.regs[ESP], r.u32(0x9008), r.u32(0x9004)]).toEqual([0x9004, 0x77, 0]);
  });

  it("push esp pushes the value before the push; pop esp loads the popped value", () => {
    const push = step({ code: [0x54], regs: [0, 0, 0, 0, 0x9000] });
    expect([push.regs[ESP], push.u32(0x8ffc)]).toEqual([0x8ffc, 0x9000]);
    const pop = step({ code: [0x5c], regs: [0, 0, 0, 0, 0x9000], mem: [[0x9000, le(0x5555, 4)]] });
    expect(pop.regs[ESP]).toBe(0x5555);
  });

  it("pusha stores the original esp; popa restores all but esp", () => {
    const regs = [1, 2, 3, 4, 0x9000, 6, 7, 8];
    const pusha = step({ code: [0x60], regs });
    expect(Array.from({ length: 8 }, (_, i) => pusha.u32(0x9000 - 4 * (i + 1)))).toEqual(regs);
    const stack = [8, 7, 6, 0xeeee, 4, 3, 2, 1].flatMap((v) => le(v, 4)); // edi first, eax last
    const popa = step({ code: [0x61], regs: [0, 0, 0, 0, 0x9000], mem: [[0x9000, stack]] });
    expect(popa.regs).toEqual([1, 2, 3, 4, 0x9020, 6, 7, 8]);
  });
});

describe("control transfer", () => {
  it("a 16-bit call pushes ip and truncates the target to 16 bits", () => {
    const r = step({ code: [0x66, 0xe8, 0x00, 0x10], regs: [0, 0, 0, 0, 0x9000] }); // call rel16 +0x1000
    expect([r.eip, r.regs[ESP], r.u16(0x8ffe)]).toEqual([(CODE + 4 + 0x1000) & 0xffff, 0x8ffe, CODE + 4]);
  });

  it("loop under 0x67 counts in cx and leaves the upper half of ecx", () => {
    const r = step({ code: [0x67, 0xe2, 0x10], regs: [0, 0x00010001] }); // cx 1 -> 0: not taken
    expect([r.regs[ECX], r.eip]).toEqual([0x00010000, CODE + 3]);
    const t = step({ code: [0xe2, 0x10], regs: [0, 0x00010001] }); // ecx -> 0x10000: taken
    expect([t.regs[ECX], t.eip]).toEqual([0x00010000, CODE + 2 + 0x10]);
  });
});

describe("strings", () => {
  it("rep movsb with DF = 1 copies downward and leaves ecx 0, esi and edi past the block", () => {
    const src = [1, 2, 3, 4, 5];
    const r = step({ code: [0xf3, 0xa4], regs: [0, 5, 0, 0, 0x9000, 0, 0x3004, 0x5004], eflags: 2 | DF, mem: [[0x3000, src]] });
    expect(r.bytes(0x5000, 5)).toEqual(src);
    expect([r.regs[ECX], r.regs[ESI], r.regs[EDI]]).toEqual([0, 0x2fff, 0x4fff]);
  });

  it("repe cmpsd stops after the first unequal pair with its flags", () => {
    const a = [1, 2, 3, 4].flatMap((v) => le(v, 4));
    const b = [1, 2, 9, 4].flatMap((v) => le(v, 4));
    const r = step({ code: [0xf3, 0xa7], regs: [0, 4, 0, 0, 0x9000, 0, 0x3000, 0x5000], mem: [[0x3000, a], [0x5000, b]] });
    // Stopped after comparing 3 with 9: ecx 1, borrow (3 < 9) and not equal.
    expect([r.regs[ECX], r.regs[ESI], r.regs[EDI]]).toEqual([1, 0x300c, 0x500c]);
    expect(r.eflags & (ZF | CF)).toBe(CF);
  });

  it("repne scasb finds al; rep stosw with ecx 0 does nothing", () => {
    const r = step({ code: [0xf2, 0xae], regs: [0x42, 10, 0, 0, 0x9000, 0, 0, 0x5000], mem: [[0x5000, [7, 8, 0x42, 9]]] });
    expect([r.regs[ECX], r.regs[EDI], r.eflags & ZF]).toEqual([7, 0x5003, ZF]);
    const none = step({ code: [0x66, 0xf3, 0xab], regs: [0xffff, 0, 0, 0, 0x9000, 0, 0, 0x5000] });
    expect([none.regs[EDI], none.u16(0x5000), none.eip]).toEqual([0x5000, 0, CODE + 3]);
  });

  it("xlat reads [ebx + al]", () => {
    const r = step({ code: [0xd7], regs: [0x11223305, 0, 0, 0x3000], mem: [[0x3005, [0x99]]] });
    expect(r.regs[EAX]).toBe(0x11223399);
  });
});
