// String instructions movs, cmps, stos, lods, scas at 8/16/32 bits, alone or with rep, repe,
// repne, with DF either way and small counts, and 16-bit si/di/cx under 0x67.
import { CaseBuilder, EAX, ECX, EDI, ESI } from "../builder";
import { UNDEFINED } from "../flag-masks";

const MOVS = 0xa4, CMPS = 0xa6, STOS = 0xaa, LODS = 0xac, SCAS = 0xae;

export function stringOp(b: CaseBuilder): void {
  const r = b.rng;
  const base = r.pick([MOVS, CMPS, STOS, LODS, SCAS]);
  const byte = r.chance(0.4);
  const compares = base === CMPS || base === SCAS;
  const rep = r.weighted([
    { weight: 3, value: 0 },
    { weight: 5, value: 0xf3 },
    { weight: compares ? 3 : 0, value: 0xf2 },
  ]);
  b.prefixes(byte ? false : "maybe", "maybe", rep ? [rep] : []);
  b.rep = rep !== 0;
  const bits = byte ? 8 : b.osize;
  const size = bits / 8;
  b.emit(base | (byte ? 0 : 1));
  const count = r.weighted([
    { weight: 2, value: 0 },
    { weight: 6, value: r.range(1, 5) },
    { weight: 1, value: r.range(6, 40) },
  ]);
  const room = 48 * size;
  const si = b.dataAddress(room, room);
  const di = b.dataAddress(room, room);
  const wide = (reg: number, v: number) => (b.a16 ? ((b.regs[reg] & 0xffff0000) | v) >>> 0 : v);
  b.fix(ESI, wide(ESI, si));
  b.fix(EDI, wide(EDI, di));
  b.fix(ECX, b.a16 ? ((b.regs[ECX] & 0xffff0000) | count) >>> 0 : count);
  b.setReg(EAX, bits, b.value(bits));
  if (compares) {
    // Make some elements equal so that repe/repne stop part way.
    const step = b.eflags & 0x400 ? -size : size;
    for (let i = 0; i <= count; i++) {
      if (!r.chance(0.5)) continue;
      const v = base === SCAS ? b.getReg(EAX, bits) : b.value(bits);
      if (base === CMPS) b.setMem(si + i * step, size, v);
      b.setMem(di + i * step, size, v);
    }
  }
  b.undefinedFlags = compares ? UNDEFINED.arith : UNDEFINED.none;
}
