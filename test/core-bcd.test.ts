// daa das aaa aas for every AL, AH, AF and CF, and aam/aad for every AL with several bases,
// against the SDM's pseudocode (Vol. 2A), run here step by step. Undefined flags are not compared.
import { describe, expect, it } from "vitest";
import { UNDEFINED } from "./support/fuzz/flag-masks";
import { step } from "./support/one-step";
import { AF, ARITH, CF, flagList, szp } from "./support/x86-model";

interface Out { ax: number; flags: number }

function daa(al: number, ah: number, af: number, cf: number): Out {
  const oldAl = al, oldCf = cf;
  let nal = al, ncf = 0, naf = 0;
  if ((al & 0x0f) > 9 || af) {
    nal = al + 6;
    ncf = oldCf | (nal > 0xff ? 1 : 0); // CF ← old_CF or (Carry from AL ← AL + 6)
    nal &= 0xff;
    naf = 1;
  }
  if (oldAl > 0x99 || oldCf) {
    nal = (nal + 0x60) & 0xff;
    ncf = 1;
  } else ncf = 0;
  return { ax: (ah << 8) | nal, flags: szp(nal, 8) | (ncf ? CF : 0) | (naf ? AF : 0) };
}

function das(al: number, ah: number, af: number, cf: number): Out {
  const oldAl = al, oldCf = cf;
  let nal = al, ncf = 0, naf = 0;
  if ((al & 0x0f) > 9 || af) {
    ncf = oldCf | (al < 6 ? 1 : 0); // CF ← old_CF or (Borrow from AL ← AL − 6)
    nal = (al - 6) & 0xff;
    naf = 1;
  }
  if (oldAl > 0x99 || oldCf) {
    nal = (nal - 0x60) & 0xff;
    ncf = 1;
  }
  return { ax: (ah << 8) | nal, flags: szp(nal, 8) | (ncf ? CF : 0) | (naf ? AF : 0) };
}

function aaa(al: number, ah: number, af: number): Out {
  let ax = (ah << 8) | al;
  let f = 0;
  if ((al & 0x0f) > 9 || af) {
    ax = (ax + 0x106) & 0xffff; // AX ← AX + 106H
    f = AF | CF;
  }
  return { ax: ax & 0xff0f, flags: f }; // AL ← AL AND 0FH
}

function aas(al: number, ah: number, af: number): Out {
  let ax = (ah << 8) | al;
  let f = 0;
  if ((al & 0x0f) > 9 || af) {
    ax = (ax - 6) & 0xffff; // AX ← AX – 6; AH ← AH – 1
    ax = (ax - 0x100) & 0xffff;
    f = AF | CF;
  }
  return { ax: ax & 0xff0f, flags: f };
}

describe("daa das aaa aas", () => {
  it("match the SDM for every AL, AF and CF (and two AH values)", () => {
    const wrong: string[] = [];
    const ops: [string, number, (al: number, ah: number, af: number, cf: number) => Out, number][] = [
      ["daa", 0x27, daa, UNDEFINED.decimalAdjust],
      ["das", 0x2f, das, UNDEFINED.decimalAdjust],
      ["aaa", 0x37, (al, ah, af) => aaa(al, ah, af), UNDEFINED.asciiAdjust],
      ["aas", 0x3f, (al, ah, af) => aas(al, ah, af), UNDEFINED.asciiAdjust],
    ];
    for (const [name, opcode, model, undefinedFlags] of ops) {
      for (let al = 0; al < 256; al++) {
        for (const ah of [0x00, 0xff]) {
          for (const af of [0, 1]) {
            for (const cf of [0, 1]) {
              const r = step({ code: [opcode], regs: [0x5a5a0000 | (ah << 8) | al], eflags: 2 | (af ? AF : 0) | (cf ? CF : 0) });
              const want = model(al, ah, af, cf);
              const compared = ARITH & ~undefinedFlags;
              if (r.regs[0] !== (0x5a5a0000 | want.ax) || ((r.eflags ^ want.flags) & compared) !== 0) {
                wrong.push(`${name} ax=${((ah << 8) | al).toString(16)} af=${af} cf=${cf}: ${r.regs[0].toString(16)} ${flagList(r.eflags & compared)}, want ${want.ax.toString(16)} ${flagList(want.flags & compared)}`);
              }
            }
          }
        }
      }
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });
});

describe("aam aad", () => {
  it("aam: AH ← AL / base, AL ← AL MOD base; aad: AL ← (AL + AH * base) AND FFH, AH ← 0", () => {
    const wrong: string[] = [];
    for (const base of [10, 1, 7, 16, 0xff]) {
      for (let al = 0; al < 256; al++) {
        const ah = (al * 37) & 0xff;
        const m = step({ code: [0xd4, base], regs: [(ah << 8) | al] });
        const q = Math.floor(al / base), rem = al % base;
        const cmp = ARITH & ~UNDEFINED.asciiMulDiv;
        if (m.regs[0] !== ((q << 8) | rem) || ((m.eflags ^ szp(rem, 8)) & cmp) !== 0) wrong.push(`aam ${base} al=${al}`);
        const d = step({ code: [0xd5, base], regs: [(ah << 8) | al] });
        const sum = (al + ah * base) & 0xff;
        if (d.regs[0] !== sum || ((d.eflags ^ szp(sum, 8)) & cmp) !== 0) wrong.push(`aad ${base} ax=${((ah << 8) | al).toString(16)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("aam 0 is #DE and changes nothing", () => {
    const r = step({ code: [0xd4, 0x00], regs: [0x1234] });
    expect([r.fault, r.regs[0], r.eip]).toEqual(["DE", 0x1234, 0x1000]);
  });
});
