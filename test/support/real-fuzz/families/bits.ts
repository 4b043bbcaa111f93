// Bit tests (bt bts btr btc by register, whose offset reaches far outside a memory operand, and by
// immediate), bit scans, shifts and rotates, shld/shrd, in real mode.
import { ECX, RealBuilder } from "../builder";
import {
  UNDEFINED, rotateUndefined, shiftDoubleDestUndefined, shiftDoubleUndefined, shiftUndefined,
} from "../../fuzz/flag-masks";

export function bitTest(b: RealBuilder): void {
  const r = b.rng;
  const op = r.below(4); // bt bts btr btc
  const lock = b.lock();
  b.prefixes(0.4, 0.3, lock ? [0xf0] : []);
  const bits = b.osize;
  if (r.chance(0.6)) {
    // 0f a3/ab/b3/bb Ev,Gv: a signed offset; with memory, the operand it selects lies
    // offset >> 4 words (>> 5 dwords) away, wrapped to the address size.
    b.emit(0x0f, 0xa3 | (op << 3));
    const g = r.below(8);
    const offset = r.weighted([
      { weight: 3, value: r.below(bits) },
      { weight: 2, value: r.range(-bits * 4, bits * 4) },
      { weight: 2, value: b.value(bits) },
      { weight: 2, value: r.nextU32() },
    ]);
    const raw = bits === 16 ? ((r.nextU32() & 0xffff0000) | (offset & 0xffff)) >>> 0 : offset >>> 0;
    b.fix(g, raw);
    const signed = bits === 16 ? (raw << 16) >> 16 : raw | 0;
    const shift = bits === 16 ? (signed >> 4) * 2 : (signed >> 5) * 4;
    const e = b.modrm(g, { width: bits / 8, shift, register: lock ? false : undefined });
    b.setOperand(e, bits, b.value(bits));
  } else {
    // 0f ba /4-/7 Ev,Ib: the offset is taken modulo the operand size.
    b.emit(0x0f, 0xba);
    const e = b.modrm(4 + op, { width: bits / 8, register: lock ? false : undefined });
    b.setOperand(e, bits, b.value(bits));
    b.emit(r.chance(0.5) ? r.below(bits) : r.below(256));
  }
  b.undefinedFlags = UNDEFINED.bitTest;
}

/** bsf/bsr (0f bc/bd); a zero source leaves the destination unchanged on Intel's processors. */
export function bitScan(b: RealBuilder): void {
  const r = b.rng;
  b.prefixes();
  const bits = b.osize;
  b.emit(0x0f, r.chance(0.5) ? 0xbc : 0xbd);
  const g = r.below(8);
  const e = b.modrm(g, { width: bits / 8 });
  b.setReg(g, bits, b.value(bits));
  b.setOperand(e, bits, r.chance(0.2) ? 0 : b.value(bits));
  b.undefinedFlags = UNDEFINED.bitScan;
}

function count(b: RealBuilder, bits: number): number {
  const r = b.rng;
  return r.weighted([
    { weight: 2, value: 0 },
    { weight: 3, value: 1 },
    { weight: 2, value: bits - 1 },
    { weight: 2, value: bits },
    { weight: 2, value: bits + 1 },
    { weight: 2, value: 31 },
    { weight: 1, value: 32 },
    { weight: 1, value: 33 },
    { weight: 2, value: r.range(2, 31) },
    { weight: 2, value: r.below(256) },
  ]);
}

/** c0/c1 by imm8, d0/d1 by 1, d2/d3 by cl; /6 is sal's alias. */
export function shiftRotate(b: RealBuilder): void {
  const r = b.rng;
  b.prefixes();
  const byte = r.chance(0.35);
  const bits = byte ? 8 : b.osize;
  const form = r.below(3);
  const op = r.chance(0.03) ? 6 : r.pick([0, 1, 2, 3, 4, 5, 7]);
  b.emit((form === 0 ? 0xc0 : form === 1 ? 0xd0 : 0xd2) | (byte ? 0 : 1));
  const e = b.modrm(op, { width: bits / 8 });
  b.setOperand(e, bits, b.value(bits));
  let c = 1;
  if (form === 0) {
    c = count(b, bits);
    b.emit(c);
  } else if (form === 2) {
    b.setReg(ECX, 8, count(b, bits));
    c = b.getReg(ECX, 8);
  }
  b.undefinedFlags = op < 4 ? rotateUndefined(c) : shiftUndefined(op === 7, c, bits);
}

/** shld (0f a4 imm8, a5 cl) and shrd (0f ac, ad). */
export function shiftDouble(b: RealBuilder): void {
  const r = b.rng;
  b.prefixes();
  const bits = b.osize;
  const left = r.chance(0.5);
  const byCl = r.chance(0.5);
  b.emit(0x0f, (left ? 0xa4 : 0xac) | (byCl ? 1 : 0));
  const g = r.below(8);
  const e = b.modrm(g, { width: bits / 8 });
  b.setOperand(e, bits, b.value(bits));
  b.setReg(g, bits, b.value(bits));
  let c: number;
  if (byCl) {
    b.setReg(ECX, 8, count(b, bits));
    c = b.getReg(ECX, 8);
  } else {
    c = count(b, bits);
    b.emit(c);
  }
  b.undefinedFlags = shiftDoubleUndefined(c, bits);
  if (shiftDoubleDestUndefined(c, bits)) {
    if ("reg" in e) b.ignoredReg = { reg: e.reg, mask: 0xffff };
    else b.undefinedMem = [e.mem.lin, 2];
  }
}
