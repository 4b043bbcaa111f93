// Shifts, rotates and shld/shrd at every count 0-40 (and 255: the count is masked to 5 bits)
// against the SDM's pseudocode, run here bit by bit. Flags the SDM leaves undefined for a count
// are not compared (the rules live in support/fuzz/flag-masks.ts).
import { describe, expect, it } from "vitest";
import { rotateUndefined, shiftDoubleDestUndefined, shiftDoubleUndefined, shiftUndefined } from "./support/fuzz/flag-masks";
import { step } from "./support/one-step";
import { ARITH, CF, OF, edges, flagList, szp } from "./support/x86-model";

type Bits = number[]; // bit i of the value at index i

const toBits = (v: number, n: number): Bits => Array.from({ length: n }, (_, i) => Math.floor(v / 2 ** i) % 2);
const fromBits = (b: Bits) => b.reduce((v, bit, i) => v + bit * 2 ** i, 0);
const msb = (b: Bits) => b[b.length - 1];

const NAMES = ["rol", "ror", "rcl", "rcr", "shl", "shr", "sal", "sar"];
const COUNTS = [...Array.from({ length: 41 }, (_, i) => i), 255];

/** The SDM's ROL ROR RCL RCR SAL SHL SHR SAR; returns the result and the flags it defines. */
function model(op: number, value: number, count: number, size: number, cfIn: number, flagsIn: number) {
  let d = toBits(value, size);
  let cf = cfIn;
  let of = (flagsIn & OF) !== 0 ? 1 : 0;
  const masked = count & 31;
  if (masked === 0) return { r: value, flags: flagsIn & ARITH };
  const rotate = op < 4;
  if (op === 0 || op === 1) {
    // tempCOUNT ← (COUNT & COUNTMASK) MOD SIZE
    for (let t = masked % size; t > 0; t--) {
      d = op === 0 ? [msb(d), ...d.slice(0, -1)] : [...d.slice(1), d[0]];
    }
    cf = op === 0 ? d[0] : msb(d); // CF ← LSB(DEST) / MSB(DEST)
    if (masked === 1) of = op === 0 ? msb(d) ^ cf : msb(d) ^ d[size - 2];
  } else if (op === 2 || op === 3) {
    if (op === 3 && masked === 1) of = msb(d) ^ cf; // RCR: OF from the operand before rotating
    const t0 = size === 8 ? masked % 9 : size === 16 ? masked % 17 : masked;
    for (let t = t0; t > 0; t--) {
      if (op === 2) {
        const out = msb(d);
        d = [cf, ...d.slice(0, -1)];
        cf = out;
      } else {
        const out = d[0];
        d = [...d.slice(1), cf];
        cf = out;
      }
    }
    if (op === 2 && masked === 1) of = msb(d) ^ cf;
  } else {
    const original = d;
    for (let t = masked; t > 0; t--) {
      if (op === 4 || op === 6) {
        cf = msb(d);
        d = [0, ...d.slice(0, -1)];
      } else {
        cf = d[0];
        d = [...d.slice(1), op === 7 ? msb(d) : 0];
      }
    }
    if (masked === 1) of = op === 4 || op === 6 ? msb(d) ^ cf : op === 7 ? 0 : msb(original);
  }
  const r = fromBits(d);
  // Rotates leave SF, ZF, AF, PF alone; shifts set SF, ZF, PF from the result.
  const others = rotate ? flagsIn & (ARITH & ~(CF | OF)) : szp(r, size);
  return { r, flags: others | (cf ? CF : 0) | (of ? OF : 0) };
}

/** The SDM's SHLD/SHRD: dest shifted, filled from src; undefined beyond the operand size. */
function modelDouble(left: boolean, dest: number, src: number, count: number, size: number, flagsIn: number) {
  const c = count & 31;
  if (c === 0) return { r: dest, flags: flagsIn & ARITH };
  const d = toBits(dest, size), s = toBits(src, size), out = [...d];
  let cf: number;
  if (left) {
    cf = d[size - c];
    for (let i = size - 1; i >= c; i--) out[i] = d[i - c];
    for (let i = c - 1; i >= 0; i--) out[i] = s[i - c + size];
  } else {
    cf = d[c - 1];
    for (let i = 0; i <= size - 1 - c; i++) out[i] = d[i + c];
    for (let i = size - c; i <= size - 1; i++) out[i] = s[i + c - size];
  }
  const r = fromBits(out);
  // "For a 1-bit shift, the OF flag is set if a sign change occurred."
  const of = msb(out) !== msb(d) ? OF : 0;
  return { r, flags: szp(r, size) | (cf ? CF : 0) | of };
}

const prefix = (size: number) => (size === 16 ? [0x66] : []);
const low = (v: number, size: number) => (size === 32 ? v >>> 0 : v % 2 ** size);

describe("rol ror rcl rcr shl shr sal sar", () => {
  it("by cl, every count 0-40 and 255, at 8, 16 and 32 bits, match the SDM", () => {
    const wrong: string[] = [];
    for (const size of [8, 16, 32]) {
      for (let op = 0; op < 8; op++) {
        for (const value of edges(size)) {
          for (const count of COUNTS) {
            for (const cfIn of [0, 1]) {
              const flagsIn = 2 | cfIn | (value & 2 ? ARITH & ~CF : 0);
              // d2/d3 /op: op eax(al), cl
              const code = [...prefix(size), size === 8 ? 0xd2 : 0xd3, 0xc0 | (op << 3)];
              const s = step({ code, regs: [value, count], eflags: flagsIn });
              const want = model(op, value, count, size, cfIn, flagsIn);
              const undefinedFlags = op < 4 ? rotateUndefined(count) : shiftUndefined(op === 7, count, size);
              const compared = ARITH & ~undefinedFlags;
              if (low(s.regs[0], size) !== want.r || ((s.eflags ^ want.flags) & compared) !== 0) {
                wrong.push(`${NAMES[op]}${size} ${value.toString(16)} by ${count} cf=${cfIn}: ${low(s.regs[0], size).toString(16)} ${flagList(s.eflags & compared)}, want ${want.r.toString(16)} ${flagList(want.flags & compared)}`);
              }
            }
          }
        }
      }
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it("the imm8 (c0/c1) and by-one (d0/d1) forms agree with the cl form", () => {
    const wrong: string[] = [];
    for (let op = 0; op < 8; op++) {
      for (const value of edges(32)) {
        for (const count of [1, 7, 31, 33]) {
          const byCl = step({ code: [0xd3, 0xc0 | (op << 3)], regs: [value, count], eflags: 3 });
          const [r, f] = [byCl.regs[0], byCl.eflags];
          const byImm = step({ code: [0xc1, 0xc0 | (op << 3), count], regs: [value, count], eflags: 3 });
          if (byImm.regs[0] !== r || byImm.eflags !== f) wrong.push(`${NAMES[op]} imm ${value.toString(16)} by ${count}`);
          if (count === 1) {
            const byOne = step({ code: [0xd1, 0xc0 | (op << 3)], regs: [value, count], eflags: 3 });
            if (byOne.regs[0] !== r || byOne.eflags !== f) wrong.push(`${NAMES[op]} 1 ${value.toString(16)}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe("shld shrd", () => {
  it("by cl at 16 and 32 bits match the SDM wherever it defines the result", () => {
    const wrong: string[] = [];
    for (const size of [16, 32]) {
      for (const left of [true, false]) {
        for (const dest of edges(size)) {
          for (const src of [0, 0x8001, 0xffff, 0x12345678 % 2 ** size, 2 ** size - 1]) {
            for (const count of COUNTS) {
              if (shiftDoubleDestUndefined(count, size)) continue;
              const flagsIn = 2 | (dest & 1 ? ARITH : 0);
              // shld/shrd eax, edx, cl
              const code = [...prefix(size), 0x0f, left ? 0xa5 : 0xad, 0xd0];
              const s = step({ code, regs: [dest, count, src], eflags: flagsIn });
              const want = modelDouble(left, dest, src, count, size, flagsIn);
              const compared = ARITH & ~shiftDoubleUndefined(count, size);
              if (low(s.regs[0], size) !== want.r || ((s.eflags ^ want.flags) & compared) !== 0) {
                wrong.push(`${left ? "shld" : "shrd"}${size} ${dest.toString(16)},${src.toString(16)} by ${count}: ${low(s.regs[0], size).toString(16)} ${flagList(s.eflags & compared)}, want ${want.r.toString(16)} ${flagList(want.flags & compared)}`);
              }
            }
          }
        }
      }
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });
});
