// Which forms the fuzzers may LOCK, from the instruction table: those whose row says `lock` (the
// SDM's list, which Unicorn follows; not bt, which only the 386 accepts locked).
import { FORMS } from "../../../src/isa/table";

/** True if LOCK may prefix opcode `opcode` (bytes, without ModR/M) with ModR/M reg field `reg`. */
export function lockable(opcode: readonly number[], reg: number): boolean {
  return FORMS.some(
    (f) =>
      f.lock &&
      f.opcode.length === opcode.length &&
      f.opcode.every((b, k) => b === opcode[k]) &&
      (f.modrm === "r" || f.modrm === reg),
  );
}
