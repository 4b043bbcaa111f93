// bt bts btr btc and bsf bsr. With a memory operand and a register offset, the SDM's bit string
// is addressed as a whole: bit (EA * 8 + offset), the offset signed (a 16-bit one sign-extended),
// so it reaches outside the operand; an immediate offset is taken modulo the operand size.
import { describe, expect, it } from "vitest";
import { step, le } from "./support/one-step";
import { CF, ZF, edges } from "./support/x86-model";

const EA = 0x4000;
const PATTERN = Array.from({ length: 0x2000 }, (_, i) => (i * 151 + 7) & 0xff); // bytes 0x3000..0x4fff
const OPS = ["bt", "bts", "btr", "btc"];

describe("bt bts btr btc", () => {
  it("a register offset selects bit EA*8+offset of memory, far outside the operand either way", () => {
    const wrong: string[] = [];
    for (const bits of [16, 32]) {
      const offsets = bits === 16 ? [-32768, -4097, -17, -1, 0, 15, 16, 1000, 32767] : [-32768, -4097, -33, -1, 0, 31, 32, 1000, 32767];
      for (const [k, name] of OPS.entries()) {
        for (const offset of offsets) {
          for (const zf of [0, ZF]) {
            // op [ebx], ecx (cx): 0f a3/ab/b3/bb 0b; the upper half of ecx is ignored at 16 bits.
            const code = [...(bits === 16 ? [0x66] : []), 0x0f, 0xa3 | (k << 3), 0x0b];
            const ecx = bits === 16 ? (0xabcd0000 | (offset & 0xffff)) >>> 0 : offset >>> 0;
            const r = step({ code, regs: [0, ecx, 0, EA], eflags: 2 | zf, mem: [[0x3000, PATTERN]] });
            const bit = EA * 8 + offset;
            const byte = Math.floor(bit / 8), b = bit - byte * 8;
            const old = (PATTERN[byte - 0x3000] >> b) & 1;
            const want = [...PATTERN];
            const cell = byte - 0x3000;
            if (k === 1) want[cell] |= 1 << b;
            if (k === 2) want[cell] &= ~(1 << b);
            if (k === 3) want[cell] ^= 1 << b;
            const got = r.bytes(0x3000, PATTERN.length);
            const changed = got.findIndex((v, i) => v !== want[i]);
            if ((r.eflags & CF) !== old || (r.eflags & ZF) !== zf || changed >= 0) {
              wrong.push(`${name}${bits} offset ${offset}: cf ${r.eflags & CF} (want ${old}), zf ${r.eflags & ZF}, byte ${changed >= 0 ? (0x3000 + changed).toString(16) : "-"}`);
            }
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("register operands and immediate offsets take the offset modulo the operand size", () => {
    const wrong: string[] = [];
    for (const [k, name] of OPS.entries()) {
      for (const value of edges(32)) {
        for (const offset of [0, 5, 31, 32, 37, 255]) {
          const m = 2 ** (offset & 31);
          const old = Math.floor(value / m) % 2;
          const want = k === 0 ? value : k === 1 ? (value | m) >>> 0 : k === 2 ? (value & ~m) >>> 0 : (value ^ m) >>> 0;
          const reg = step({ code: [0x0f, 0xa3 | (k << 3), 0xc8], regs: [value, offset] }); // op eax, ecx
          if (reg.regs[0] !== want || (reg.eflags & CF) !== old) wrong.push(`${name} eax, ecx ${value.toString(16)} ${offset}`);
          const imm = step({ code: [0x0f, 0xba, 0x23 | ((4 + k) << 3), offset], regs: [0, 0, 0, EA], mem: [[EA, le(value, 4)]] }); // op dword [ebx], imm8
          if (imm.u32(EA) !== want || (imm.eflags & CF) !== old || imm.u32(EA + 4) !== 0) wrong.push(`${name} [ebx], imm ${value.toString(16)} ${offset}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe("bsf bsr", () => {
  it("give the lowest or highest set bit and clear ZF; a zero source sets ZF and leaves the destination", () => {
    const wrong: string[] = [];
    for (const bits of [16, 32]) {
      for (const reverse of [false, true]) {
        for (const src of edges(bits)) {
          // bsf/bsr eax, ecx (ax, cx)
          const code = [...(bits === 16 ? [0x66] : []), 0x0f, reverse ? 0xbd : 0xbc, 0xc1];
          const dest = 0xdeadbeef;
          const r = step({ code, regs: [dest, src] });
          const set = Array.from({ length: bits }, (_, i) => i).filter((i) => Math.floor(src / 2 ** i) % 2 === 1);
          const index = reverse ? set[set.length - 1] : set[0];
          const want = src === 0 ? dest : bits === 16 ? ((dest & 0xffff0000) | index) >>> 0 : index;
          if (r.regs[0] !== want || (r.eflags & ZF) !== (src === 0 ? ZF : 0)) {
            wrong.push(`${reverse ? "bsr" : "bsf"}${bits} ${src.toString(16)}: ${r.regs[0].toString(16)}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
