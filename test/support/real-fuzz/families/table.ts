// The table family of the real-mode fuzzer: any row no other family claims, drawn from its operand
// kinds alone (as the flat-mode fuzzer's, fuzz/families/table.ts, in real mode's addressing).
import type { InsnForm, OperandSpec } from "../../../../src/isa/table";
import { freeRegFields } from "../../fuzz-common/table-rows";
import { flagBits } from "../../fuzz/flag-masks";
import { EAX, ECX, RealBuilder } from "../builder";

export function emitRealRow(b: RealBuilder, form: InsnForm): void {
  const r = b.rng;
  const rmSpec = form.operands.find((o) => o.kind === "rm" || o.kind === "mem");
  const lock = form.lock && rmSpec !== undefined && form.mnemonic !== "neg" && b.lock(); // lock neg: see fuzz/rows.ts
  b.prefixes(form.osize === 32 ? true : form.osize === 16 ? false : form.osize === "v" ? 0.4 : false, form.asize === 32 ? true : form.asize === 16 ? false : 0.3, lock ? [0xf0] : []);
  const size = (s: OperandSpec["size"]) => (s === "v" ? b.osize : s === 0 ? 16 : s);
  if (form.mandatory !== undefined) b.emit(form.mandatory);
  const opcode = [...form.opcode];
  const opreg = r.below(8);
  if (form.plusReg) opcode[opcode.length - 1] += opreg;
  b.emit(...opcode);
  const regSpec = form.operands.find((o) => o.kind === "reg");
  const g = typeof form.modrm === "number" ? form.modrm : regSpec ? r.below(8) : r.pick(freeRegFields(form));
  if (form.modrm !== "none") {
    const bits = rmSpec ? size(rmSpec.size) : 16;
    const width = rmSpec?.kind === "mem" && rmSpec.size === 0 ? 2 * (b.osize / 8) : bits / 8;
    const e = b.modrm(g, { width, register: form.regOnly ? true : rmSpec?.kind === "mem" || lock ? false : undefined });
    if (rmSpec && (rmSpec.kind === "rm" || "reg" in e)) b.setOperand(e, bits, b.value(bits));
  }
  if (regSpec) b.setReg(g, size(regSpec.size), b.value(size(regSpec.size)));
  for (const o of form.operands) {
    const bits = size(o.size);
    if (o.kind === "opreg") b.setReg(opreg, bits, b.value(bits));
    else if (o.kind === "acc") b.setReg(EAX, bits, b.value(bits));
    else if (o.kind === "cl") b.setReg(ECX, 8, b.value(8));
    else if (o.kind === "imm") b.imm(b.value(bits), bits / 8);
    else if (o.kind === "simm8") b.imm(b.value(8), 1);
    else if (o.kind === "rel") b.imm(r.below(o.size === 8 ? 0x100 : 0x10000), o.size === 8 ? 1 : b.osize / 8);
    else if (o.kind === "moffs") b.imm(b.offset(4), b.a32 ? 4 : 2);
  }
  b.undefinedFlags = flagBits(form.flagsUndefined);
}
