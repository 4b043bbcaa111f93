// Bit tests (bt bts btr btc by register, whose offset reaches far outside a memory operand, and by
// immediate), shifts and rotates, shld/shrd, in real mode (bit scans are drawn from their rows). The forms are shared with the
// flat-mode fuzzer (fuzz-common/forms/); the register offset's reach is real mode's own.
import type { RealBuilder } from "../builder";
import { emitBitTest } from "../../fuzz-common/forms/bits";
import { emitShiftDouble, emitShiftRotate } from "../../fuzz-common/forms/shift";

export function bitTest(b: RealBuilder): void {
  const r = b.rng;
  const op = r.below(4); // bt bts btr btc
  const lock = b.lock();
  b.prefixes(0.4, 0.3, lock ? [0xf0] : []);
  emitBitTest(b, op, lock, (g, bits) => {
    // With memory, the operand the offset selects lies offset >> 4 words (>> 5 dwords) away,
    // wrapped to the address size.
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
    return b.modrm(g, { width: bits / 8, shift, register: lock ? false : undefined });
  });
}

/** c0/c1 by imm8, d0/d1 by 1, d2/d3 by cl; /6 is sal's alias. */
export function shiftRotate(b: RealBuilder): void {
  b.prefixes();
  emitShiftRotate(b, b.rng.chance(0.35));
}

/** shld/shrd; a 16-bit one by more than 16 leaves its destination undefined. */
export function shiftDouble(b: RealBuilder): void {
  b.prefixes();
  const e = emitShiftDouble(b);
  if (!e) return;
  if ("reg" in e) b.ignoredReg = { reg: e.reg, mask: 0xffff };
  else b.undefinedMem = [e.mem.lin, 2];
}
