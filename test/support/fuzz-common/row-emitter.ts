// A table row drawn from its operand kinds alone, in either fuzzer: a register or memory operand
// gets a random value, an immediate random bytes of its size, a branch a random target; the
// undefined flags are the row's `fu:`. The families whose instructions need nothing more draw
// their rows this way, and each fuzzer's table family draws every row no family claims: a row
// added to the instruction table is fuzzed without a new list.
import type { InsnForm, OperandSpec } from "../../../src/isa/table";
import type { Family } from "./family";
import { flagBits } from "../fuzz/flag-masks";
import type { InstructionBuilder, Operand } from "./instruction-builder";
import { EAX, ECX } from "./registers";
import { freeRegFields } from "./table-rows";

/** What a mode adds to the rows it draws: prefixes, absolute offsets, branch targets, quirks. */
export interface RowModes {
  /** Emits the prefixes for a row of operand size `osize` and address size `asize` (0: free, or
   *  for a row without memory none), with the `extra` ones (LOCK). */
  rowPrefixes(osize: InsnForm["osize"], asize: InsnForm["asize"], addresses: boolean, extra: number[]): void;
  /** A moffs operand's value and bytes. */
  absoluteOffset(): { value: number; bytes: number };
  /** A relative branch displacement of `bytes` bytes. */
  displacement(bytes: number): number;
  lock(): boolean;
  /** Rows drawn with a memory operand only, and rows never locked (an emulator's quirks). */
  memoryOnly(f: InsnForm): boolean;
  neverLocked(f: InsnForm): boolean;
}

/** What emitRow drew: the r/m operand and its size, the reg field's register. */
export interface Drawn<M> {
  rm?: Operand<M>;
  reg?: number;
  bits: number;
}

export function emitRow<M>(b: InstructionBuilder<M> & RowModes, form: InsnForm): Drawn<M> {
  const r = b.rng;
  const rmSpec = form.operands.find((o) => o.kind === "rm" || o.kind === "mem");
  const addresses = rmSpec !== undefined || form.operands.some((o) => o.kind === "moffs") || form.asize !== 0;
  const lock = form.lock && rmSpec !== undefined && !b.neverLocked(form) && b.lock();
  b.rowPrefixes(form.osize, form.asize, addresses, lock ? [0xf0] : []);
  const size = (s: OperandSpec["size"]) => (s === "v" || s === 0 ? b.osize : s);
  if (form.mandatory !== undefined) b.emit(form.mandatory);
  const opcode = [...form.opcode];
  const opreg = r.below(8);
  if (form.plusReg) opcode[opcode.length - 1] += opreg;
  b.emit(...opcode);
  const regSpec = form.operands.find((o) => o.kind === "reg");
  const g = typeof form.modrm === "number" ? form.modrm : regSpec ? r.below(8) : r.pick(freeRegFields(form));
  const drawn: Drawn<M> = { bits: b.osize };
  if (form.modrm !== "none") {
    const bits = rmSpec ? size(rmSpec.size) : b.osize;
    // Unsized memory (lea, bound) is read as up to two operands of the operand size.
    const width = rmSpec?.kind === "mem" && rmSpec.size === 0 ? 2 * (b.osize / 8) : bits / 8;
    const register = form.regOnly ? true : rmSpec?.kind === "mem" || lock || b.memoryOnly(form) ? false : undefined;
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
    else if (o.kind === "rel") {
      const bytes = o.size === 8 ? 1 : b.osize / 8;
      b.imm(b.displacement(bytes), bytes);
    } else if (o.kind === "moffs") {
      const { value, bytes } = b.absoluteOffset();
      b.imm(value, bytes);
    }
  }
  // For rows whose undefined flags depend on the operands (shifts), the table gives the most.
  b.undefinedFlags = flagBits(form.flagsUndefined);
  return drawn;
}

/** A family that draws one of `fuzzed`'s rows `rows` picks, from its operand kinds; `after` then
 *  adjusts the values that matter (an accumulator equal to the destination, a zero source). */
export function rowFamily<B extends InstructionBuilder<M> & RowModes, M>(
  fuzzed: readonly InsnForm[],
  name: string,
  weight: number,
  rows: (f: InsnForm) => boolean,
  after?: (b: B, drawn: Drawn<M>, row: InsnForm) => void,
): Family<B> {
  const list = fuzzed.filter(rows);
  return {
    name,
    weight,
    rows,
    gen: (b) => {
      const row = b.rng.pick(list);
      const drawn = emitRow<M>(b, row);
      after?.(b, drawn, row);
    },
  };
}
