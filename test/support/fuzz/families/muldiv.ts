// div, idiv at 8, 16 and 32 bits; the forms and the dividends are shared with the real-mode
// fuzzer (fuzz-common/forms/muldiv.ts); mul and imul are drawn from their rows.
import type { CaseBuilder } from "../builder";
import { emitDivide } from "../../fuzz-common/forms/muldiv";

export function divide(b: CaseBuilder): void {
  const r = b.rng;
  const signed = r.chance(0.5);
  const byte = r.chance(0.3);
  b.prefixes(byte ? false : "maybe", "maybe");
  emitDivide(b, signed, byte);
}
