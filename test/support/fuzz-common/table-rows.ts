// The instruction table's rows as the fuzzers see them: each distinct encoding once (the
// assembler-only rows spell another row's bytes), each either drawn by a family or left out for a
// named reason. A row added to the table is fuzzed without a new list: a family claims it, or the
// table family draws it from its operand kinds (row-emitter.ts).
import { FORMS, type InsnForm } from "../../../src/isa/table";

/** Rows the fuzzers leave out, and why; a row matching none of them must be drawn. */
export interface Exclusion {
  reason: string;
  rows(f: InsnForm): boolean;
}

/** Every row with bytes of its own (the core executes each one: test/instruction-table.test.ts). */
export const DISTINCT_ROWS: readonly InsnForm[] = FORMS.filter((f) => !f.asmOnly);

export const mnemonics =
  (...names: string[]) =>
  (f: InsnForm): boolean =>
    names.includes(f.mnemonic);

/** The rows a family of mnemonics draws (`where` narrows them), in table order. */
export function rowsOf(...names: string[]): readonly InsnForm[] {
  return DISTINCT_ROWS.filter(mnemonics(...names));
}

const hasOperand = (f: InsnForm, ...kinds: string[]) => f.operands.some((o) => kinds.includes(o.kind));

/** x87 rows: the escapes D8-DF and FWAIT. */
export const isX87 = (f: InsnForm): boolean => (f.opcode[0] >= 0xd8 && f.opcode[0] <= 0xdf) || f.opcode[0] === 0x9b;

/** Rows whose operation needs privilege 0 (real mode runs them; a flat-mode process does not). */
export const PRIVILEGED = (f: InsnForm): boolean =>
  ["sgdt", "sidt", "lgdt", "lidt", "smsw", "lmsw", "clts", "cli", "sti", "hlt"].includes(f.mnemonic) || hasOperand(f, "creg");

export const IO_PORTS = mnemonics("in", "out", "insb", "insw", "insd", "outsb", "outsw", "outsd");

/** Segment register loads and stores, and far pointers. */
export const SEGMENTS = (f: InsnForm): boolean =>
  hasOperand(f, "sreg", "seg") || ["lds", "les", "lss", "lfs", "lgs"].includes(f.mnemonic);

/** Far transfers and interrupts. */
export const FAR_AND_INTERRUPTS = (f: InsnForm): boolean =>
  hasOperand(f, "farptr", "farmem") || ["retf", "iretw", "iretd", "int", "int3", "into"].includes(f.mnemonic);

/**
 * Rows drawn with a memory operand only: 0f 18 is the prefetch hints (/0-/3) and hint nops;
 * hardware runs every form as a nop, Unicorn 2.0.1 (qemu) raises #UD for the register forms.
 */
export const UNICORN_MEMORY_ONLY = (f: InsnForm): boolean => f.opcode.length === 2 && f.opcode[0] === 0x0f && f.opcode[1] === 0x18;

/** Rows never locked: Unicorn 2.0.1 computes lock neg's flags from the wrong value. */
export const UNICORN_NEVER_LOCKED = (f: InsnForm): boolean => f.mnemonic === "neg";

/** test f6/f7 /1, /0's undocumented alias, which Unicorn 2.0.1 rejects. */
export const UNICORN_REJECTS: Exclusion = {
  reason: "test f6/f7 /1, /0's undocumented alias: Unicorn 2.0.1 raises #UD for it",
  rows: (f) => f.mnemonic === "test" && f.modrm === 1,
};

/** The rows (of `rows`, by default all) `exclusions` leave to be drawn, and the excluded ones
 *  with the reason of each. */
export function partitionRows(
  exclusions: readonly Exclusion[],
  rows: readonly InsnForm[] = DISTINCT_ROWS,
): { fuzzed: InsnForm[]; excluded: Map<InsnForm, string> } {
  const fuzzed: InsnForm[] = [];
  const excluded = new Map<InsnForm, string>();
  for (const f of rows) {
    const why = exclusions.find((e) => e.rows(f));
    if (why) excluded.set(f, why.reason);
    else fuzzed.push(f);
  }
  return { fuzzed, excluded };
}

/** A row as the table writes it, for messages: `add 01 /r r/mv,rv`. */
export function describeRow(f: InsnForm): string {
  const hex = (n: number) => n.toString(16).padStart(2, "0");
  const op = [...(f.mandatory ? [f.mandatory] : []), ...f.opcode].map(hex).join(" ") + (f.plusReg ? "+r" : "");
  const modrm = f.modrm === "none" ? "" : f.modrm === "r" ? " /r" : ` /${f.modrm}`;
  const size = f.osize === 16 || f.osize === 32 ? ` o${f.osize}` : f.asize ? ` a${f.asize}` : "";
  const operands = f.operands.map((o) => `${o.kind}${o.size || ""}`).join(",");
  return `#${f.id} ${f.mnemonic} ${op}${modrm}${size} ${operands}`.trim();
}

/** The reg fields a `/r` row whose field names no register may take: those no other row with the
 *  same opcode bytes holds as its digit (setcc /1-/7 beside /0, nop 0f 1f /1-/7 beside /0). */
export function freeRegFields(form: InsnForm): number[] {
  const same = (f: InsnForm) =>
    f !== form && !f.asmOnly && f.opcode.length === form.opcode.length && f.opcode.every((b, k) => b === form.opcode[k]);
  const taken = new Set(DISTINCT_ROWS.filter(same).map((f) => f.modrm));
  return [0, 1, 2, 3, 4, 5, 6, 7].filter((d) => !taken.has(d));
}
