// Bit tests (bt bts btr btc, by register and by immediate); the forms are shared with the
// real-mode fuzzer (fuzz-common/forms/bits.ts), the register offset's reach is flat mode's own.
import type { CaseBuilder } from "../builder";
import { emitBitTest } from "../../fuzz-common/forms/bits";
import { lockable } from "../../fuzz-common/lockable";

// A register bit offset reaches this far (in bytes) either side of a memory operand.
const REACH = 0x1004;

export function bitTest(b: CaseBuilder): void {
  const r = b.rng;
  const op = r.below(4); // bt bts btr btc
  const lock = lockable([0x0f, 0xa3 + op * 8], 0) && b.lock(); // not bt: Unicorn follows the SDM
  b.prefixes("maybe", "maybe", lock ? [0xf0] : []);
  emitBitTest(b, op, lock, (g, bits) => {
    // The offset register is fixed first so that the address allows for it.
    const offset = r.weighted([
      { weight: 3, value: r.below(bits) },
      { weight: 2, value: r.range(-bits * 4, bits * 4) },
      { weight: 2, value: r.range(-(REACH - 8) * 8, (REACH - 8) * 8) },
      { weight: 1, value: r.pick([-1, -bits, bits, -bits - 1, 0x7fff, -0x8000]) },
    ]);
    const high = bits === 16 ? r.nextU32() & 0xffff0000 : 0; // a 16-bit offset ignores the upper half
    b.fix(g, (high | (offset & (bits === 16 ? 0xffff : 0xffffffff))) >>> 0);
    return b.modrm(g, { width: bits / 8, reach: REACH, register: lock ? false : undefined });
  });
}

