// div and idiv in real mode, at 8, 16 and 32 bits (0x66), with 16- and 32-bit (0x67) addressing
// and any segment override, shared with the flat-mode fuzzer (fuzz-common/forms/muldiv.ts); the
// ALU, unary and multiply forms are drawn from their table rows (fuzz-common/row-emitter.ts).
import type { RealBuilder } from "../builder";
import { emitDivide } from "../../fuzz-common/forms/muldiv";

/** div, idiv (f6/f7 /6 /7): in range, just out of range (#DE) and by zero (#DE). */
export function divide(b: RealBuilder): void {
  const r = b.rng;
  const signed = r.chance(0.5);
  const byte = r.chance(0.3);
  b.prefixes();
  emitDivide(b, signed, byte);
}
