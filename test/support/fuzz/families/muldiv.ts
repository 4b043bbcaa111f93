// mul, imul (one, two and three operands), div, idiv at 8, 16 and 32 bits; the forms and the
// dividends are shared with the real-mode fuzzer (fuzz-common/forms/muldiv.ts).
import type { CaseBuilder } from "../builder";
import { emitDivide, emitMultiply } from "../../fuzz-common/forms/muldiv";

export function multiply(b: CaseBuilder): void {
  const r = b.rng;
  const form = r.below(4); // 0 mul, 1 imul E, 2 imul G,E, 3 imul G,E,imm
  const byte = form <= 1 && r.chance(0.35);
  b.prefixes(byte ? false : "maybe", "maybe");
  emitMultiply(b, form, byte);
}

export function divide(b: CaseBuilder): void {
  const r = b.rng;
  const signed = r.chance(0.5);
  const byte = r.chance(0.3);
  b.prefixes(byte ? false : "maybe", "maybe");
  emitDivide(b, signed, byte);
}
