// Rows drawn from their operand kinds alone: a register or memory operand gets a random value, an
// immediate random bytes of its size, a branch a random target; the undefined flags are the row's.
// The families whose instructions need nothing more draw their rows this way, and the table family
// draws every row no family claims: a row added to the instruction table is fuzzed here until a
// family with knowledge of its operands (a count, a dividend, a stack) claims it.
import type { InsnForm, OperandSpec } from "../../../../src/isa/table";
import { freeRegFields } from "../../fuzz-common/table-rows";
import { CaseBuilder, EAX, ECX, type Operand } from "../builder";
import { flagBits } from "../flag-masks";
import { MEMORY_ONLY, NEVER_LOCKED } from "../rows";

/** What emitRow drew: the r/m operand and the reg field's register, when the row has them. */
export interface Drawn {
  rm?: Operand;
  reg?: number;
  /** The r/m operand's size in bits. */
  bits: number;
}

/** Emits `form` with random operands. */
export function emitRow(b: CaseBuilder, form: InsnForm): Drawn {
  const r = b.rng;
  const rmSpec = form.operands.find((o) => o.kind === "rm" || o.kind === "mem");
  const addresses = rmSpec !== undefined || form.operands.some((o) => o.kind === "moffs") || form.asize !== 0;
  const lock = form.lock && rmSpec !== undefined && !NEVER_LOCKED(form) && b.lock();
  const o16 = form.osize === 16 ? true : form.osize === "v" ? "maybe" : false;
  const a16 = form.asize === 16 ? true : form.asize === 32 ? false : addresses ? "maybe" : false;
  b.prefixes(o16, a16, lock ? [0xf0] : []);
  const size = (s: OperandSpec["size"]) => (s === "v" ? b.osize : s === 0 ? 32 : s);
  if (form.mandatory !== undefined) b.emit(form.mandatory);
  const opcode = [...form.opcode];
  const opreg = r.below(8);
  if (form.plusReg) opcode[opcode.length - 1] += opreg;
  b.emit(...opcode);
  const regSpec = form.operands.find((o) => o.kind === "reg");
  const g = typeof form.modrm === "number" ? form.modrm : regSpec ? r.below(8) : r.pick(freeRegFields(form));
  const drawn: Drawn = { bits: b.osize };
  if (form.modrm !== "none") {
    const bits = rmSpec ? size(rmSpec.size) : 32;
    // Unsized memory (lea, bound) is read as up to two operands of the operand size.
    const width = rmSpec?.kind === "mem" && rmSpec.size === 0 ? 2 * (b.osize / 8) : bits / 8;
    const register = form.regOnly ? true : rmSpec?.kind === "mem" || lock || MEMORY_ONLY(form) ? false : undefined;
    const e = b.modrm(g, { width, register });
    if (rmSpec && (rmSpec.kind === "rm" || "reg" in e)) b.setOperand(e, bits, b.value(bits));
    drawn.rm = e;
    drawn.bits = bits;
  }
  if (regSpec) {
    b.setReg(g, size(regSpec.size), b.value(size(regSpec.size)));
    drawn.reg = g;
  }
  for (const o of form.operands) {
    const bits = size(o.size);
    if (o.kind === "opreg") b.setReg(opreg, bits, b.value(bits));
    else if (o.kind === "acc") b.setReg(EAX, bits, b.value(bits));
    else if (o.kind === "cl") b.setReg(ECX, 8, b.value(8));
    else if (o.kind === "imm") b.imm(b.value(bits), bits / 8);
    else if (o.kind === "simm8") b.imm(b.value(8), 1);
    else if (o.kind === "rel") b.imm(o.size === 8 ? r.below(256) : r.range(-0x1000, 0x1000), o.size === 8 ? 1 : b.osize / 8);
    else if (o.kind === "moffs") b.imm(b.dataAddress(0, 4), b.a16 ? 2 : 4);
  }
  // For rows whose undefined flags depend on the operands (shifts), the table gives the most.
  b.undefinedFlags = flagBits(form.flagsUndefined);
  return drawn;
}
