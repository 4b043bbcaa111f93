// The ALU group, inc/dec/neg/not and test at 8, 16 and 32 bits over edge operands: results and
// every defined flag against the SDM's definitions (CF: unsigned carry or borrow out of the top
// bit; OF: the signed result does not fit; AF: carry or borrow out of bit 3; SF ZF PF of the
// result), computed here with plain arithmetic.
import { describe, expect, it } from "vitest";
import { step, le } from "./support/one-step";
import { AF, ARITH, CF, OF, edges, flagList, mask, signed, szp } from "./support/x86-model";

const OPS = ["add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"] as const;
const LOGIC = new Set(["or", "and", "xor"]);
const SIZES = [8, 16, 32];

/** The SDM's result and flags of `a op b` with carry-in `cf`; `undefinedFlags` are not compared. */
function model(op: (typeof OPS)[number], a: number, b: number, cf: number, bits: number) {
  const m = mask(bits);
  if (LOGIC.has(op)) {
    const r = ((op === "or" ? a | b : op === "and" ? a & b : a ^ b) & m) >>> 0;
    return { r, flags: szp(r, bits), undefinedFlags: AF }; // "OF and CF cleared; AF undefined"
  }
  const c = op === "adc" || op === "sbb" ? cf : 0;
  const isAdd = op === "add" || op === "adc";
  const wide = isAdd ? a + b + c : a - b - c;
  const r = ((wide % 2 ** bits) + 2 ** bits) % 2 ** bits;
  const sWide = isAdd ? signed(a, bits) + signed(b, bits) + c : signed(a, bits) - signed(b, bits) - c;
  const nibble = isAdd ? (a & 0xf) + (b & 0xf) + c : (a & 0xf) - (b & 0xf) - c;
  let flags = szp(r, bits);
  if (wide < 0 || wide > m) flags |= CF;
  if (sWide < -(2 ** (bits - 1)) || sWide >= 2 ** (bits - 1)) flags |= OF;
  if (nibble < 0 || nibble > 0xf) flags |= AF;
  return { r: op === "cmp" ? a : r, flags, undefinedFlags: 0 };
}

const prefix = (bits: number) => (bits === 16 ? [0x66] : []);
const HIGH = 0xa5a5a5a5; // register bits above the operand, which must survive

function withHigh(v: number, bits: number): number {
  return bits === 32 ? v : ((HIGH & ~mask(bits)) | v) >>> 0;
}

describe("add or adc sbb and sub xor cmp", () => {
  it("register forms (op eax, ecx) match the SDM for every edge pair and carry-in", () => {
    const wrong: string[] = [];
    for (const bits of SIZES) {
      for (const [k, op] of OPS.entries()) {
        for (const a of edges(bits)) {
          for (const b of edges(bits)) {
            for (const cf of [0, 1]) {
              const code = [...prefix(bits), (k << 3) | (bits === 8 ? 0 : 1), 0xc8];
              // All other arithmetic flags start set or clear, so stale flags would show.
              const before = 2 | (cf ? CF : 0) | (a & 1 ? ARITH & ~CF : 0);
              const s = step({ code, regs: [withHigh(a, bits), b], eflags: before });
              const want = model(op, a, b, cf, bits);
              const compared = ARITH & ~want.undefinedFlags;
              const got = s.regs[0];
              if (got !== withHigh(want.r, bits) || ((s.eflags ^ want.flags) & compared) !== 0) {
                wrong.push(`${op}${bits} ${a.toString(16)},${b.toString(16)} cf=${cf}: eax ${got.toString(16)} flags ${flagList(s.eflags & compared)}, want ${withHigh(want.r, bits).toString(16)} ${flagList(want.flags & compared)}`);
              }
            }
          }
        }
      }
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it("memory destinations (op [ebx+8], ecx) and immediates (op eax, imm; 83 sign-extends)", () => {
    const wrong: string[] = [];
    for (const [k, op] of OPS.entries()) {
      for (const a of edges(32)) {
        for (const b of [1, 0x7f, 0xffffff80, 0x80000000]) {
          const want = model(op, a, b, 1, 32);
          const compared = ARITH & ~want.undefinedFlags;
          const mem = step({ code: [(k << 3) | 1, 0x4b, 0x08], regs: [0, b, 0, 0x2000], eflags: 2 | CF, mem: [[0x2008, le(a, 4)]] });
          if (mem.u32(0x2008) !== want.r || ((mem.eflags ^ want.flags) & compared) !== 0) wrong.push(`${op} [mem] ${a.toString(16)},${b.toString(16)}`);
          const imm = step({ code: [0x81, 0xc0 | (k << 3), ...le(b, 4)], regs: [a], eflags: 2 | CF });
          if (imm.regs[0] !== want.r || ((imm.eflags ^ want.flags) & compared) !== 0) wrong.push(`${op} eax, imm32 ${a.toString(16)},${b.toString(16)}`);
          if (b === 0x7f || b === 0xffffff80) {
            const sx = step({ code: [0x83, 0xc0 | (k << 3), b & 0xff], regs: [a], eflags: 2 | CF });
            if (sx.regs[0] !== want.r || ((sx.eflags ^ want.flags) & compared) !== 0) wrong.push(`${op} eax, imm8 ${a.toString(16)},${b.toString(16)}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe("inc dec neg not test", () => {
  it("inc and dec keep CF; neg sets CF unless the operand is 0; not changes no flag", () => {
    const wrong: string[] = [];
    for (const bits of SIZES) {
      const m = mask(bits);
      const min = 2 ** (bits - 1);
      for (const a of edges(bits)) {
        for (const cf of [0, 1]) {
          const before = 2 | cf;
          const cases: [string, number[], number, number][] = [];
          // inc: OF when the result overflows to the most negative value; AF when bit 3 carries.
          const inc = ((a + 1) & m) >>> 0;
          cases.push(["inc", [0xfe, 0xc0], inc, szp(inc, bits) | cf | (a === min - 1 ? OF : 0) | ((a & 0xf) === 0xf ? AF : 0)]);
          const dec = (a - 1 + 2 ** bits) % 2 ** bits;
          cases.push(["dec", [0xfe, 0xc8], dec, szp(dec, bits) | cf | (a === min ? OF : 0) | ((a & 0xf) === 0 ? AF : 0)]);
          const neg = (2 ** bits - a) % 2 ** bits;
          cases.push(["neg", [0xf6, 0xd8], neg, szp(neg, bits) | (a !== 0 ? CF : 0) | (a === min ? OF : 0) | ((a & 0xf) !== 0 ? AF : 0)]);
          cases.push(["not", [0xf6, 0xd0], (~a & m) >>> 0, before & ARITH]);
          for (const [name, [op, modrm], r, flags] of cases) {
            const code = [...prefix(bits), bits === 8 ? op : op + 1, modrm];
            const s = step({ code, regs: [withHigh(a, bits)], eflags: before });
            if (s.regs[0] !== withHigh(r, bits) || ((s.eflags ^ flags) & ARITH) !== 0) {
              wrong.push(`${name}${bits} ${a.toString(16)} cf=${cf}: ${s.regs[0].toString(16)} ${flagList(s.eflags & ARITH)}, want ${flagList(flags)}`);
            }
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("test sets SF ZF PF of the AND, clears CF and OF, and writes nothing", () => {
    const wrong: string[] = [];
    for (const a of edges(32)) {
      for (const b of edges(32)) {
        const s = step({ code: [0x85, 0xc8], regs: [a, b], eflags: 2 | CF | OF });
        const want = szp((a & b) >>> 0, 32);
        if (s.regs[0] !== a || ((s.eflags ^ want) & (ARITH & ~AF)) !== 0) wrong.push(`test ${a.toString(16)},${b.toString(16)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
