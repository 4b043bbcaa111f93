// Bit tests (bt bts btr btc, by register and by immediate) and bit scans (bsf bsr).
import { CaseBuilder } from "../builder";
import { UNDEFINED } from "../flag-masks";

// A register bit offset reaches this far (in bytes) either side of a memory operand.
const REACH = 0x1004;

export function bitTest(b: CaseBuilder): void {
  const r = b.rng;
  const op = r.below(4); // bt bts btr btc
  const lock = op !== 0 && b.lock();
  b.prefixes("maybe", "maybe", lock ? [0xf0] : []);
  const bits = b.osize;
  if (r.chance(0.6)) {
    // By register: 0f a3/ab/b3/bb Ev,Gv. The offset is signed and, with a memory operand,
    // selects a bit outside it; the offset register is fixed first so the address allows for it.
    b.emit(0x0f, 0xa3 | (op << 3));
    const g = r.below(8);
    const offset = r.weighted([
      { weight: 3, value: r.below(bits) },
      { weight: 2, value: r.range(-bits * 4, bits * 4) },
      { weight: 2, value: r.range(-(REACH - 8) * 8, (REACH - 8) * 8) },
      { weight: 1, value: r.pick([-1, -bits, bits, -bits - 1, 0x7fff, -0x8000]) },
    ]);
    const high = bits === 16 ? r.nextU32() & 0xffff0000 : 0; // a 16-bit offset ignores the upper half
    b.fix(g, (high | (offset & (bits === 16 ? 0xffff : 0xffffffff))) >>> 0);
    const e = b.modrm(g, { width: bits / 8, reach: REACH, register: lock ? false : undefined });
    b.setOperand(e, bits, b.value(bits));
  } else {
    // By immediate: 0f ba /4-/7 Ev,Ib, the offset taken modulo the operand size.
    b.emit(0x0f, 0xba);
    const e = b.modrm(4 + op, { width: bits / 8, register: lock ? false : undefined });
    b.setOperand(e, bits, b.value(bits));
    b.emit(r.chance(0.5) ? r.below(bits) : r.below(256));
  }
  b.undefinedFlags = UNDEFINED.bitTest;
}

/** bsf/bsr (0f bc/bd); a zero source leaves the destination unchanged (compared, as Intel and
 *  AMD hardware behave, though the SDM calls it undefined). */
export function bitScan(b: CaseBuilder): void {
  const r = b.rng;
  b.prefixes("maybe", "maybe");
  const bits = b.osize;
  b.emit(0x0f, r.chance(0.5) ? 0xbc : 0xbd);
  const g = r.below(8);
  const e = b.modrm(g, { width: bits / 8 });
  b.setReg(g, bits, b.value(bits));
  b.setOperand(e, bits, r.chance(0.2) ? 0 : b.value(bits));
  b.undefinedFlags = UNDEFINED.bitScan;
}
