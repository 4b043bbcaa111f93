/**
 * The core's decode facts, generated from the instruction table as AssemblyScript source:
 * which ModR/M forms LOCK may prefix, and each two-byte opcode's CPU generation (real mode models
 * the 386, so later opcodes are #UD there). `npm run build:core` writes it to
 * assembly/generated/decode-facts.ts (scripts/generate-core-facts.mjs) before compiling the core.
 */
import { FORMS, type InsnForm } from "./table.js";

/** The generation real mode models: opcodes from later CPUs are #UD there. */
export const REAL_MODE_GENERATION = 386;

/** Opcode map (0: one byte, 1: after 0F) and the opcode bytes (8 for a `+r` form) of a form. */
function opcodesOf(form: InsnForm): { map: 0 | 1; ops: number[] } {
  const map = form.opcode[0] === 0x0f ? 1 : 0;
  const op = form.opcode[map];
  return { map, ops: form.plusReg ? [0, 1, 2, 3, 4, 5, 6, 7].map((r) => op + r) : [op] };
}

/** ModR/M reg-field bits (bit n: /n) for which LOCK may prefix each opcode, per map. */
export function lockRegs(): [Map<number, number>, Map<number, number>] {
  const maps: [Map<number, number>, Map<number, number>] = [new Map(), new Map()];
  for (const form of FORMS) {
    if (!form.lock && !form.lock386) continue;
    const { map, ops } = opcodesOf(form);
    if (form.modrm === "none") throw new Error(`instruction table: LOCK on ${form.mnemonic} without ModR/M`);
    const bits = form.modrm === "r" ? 0xff : 1 << form.modrm;
    for (const op of ops) maps[map].set(op, (maps[map].get(op) ?? 0) | bits);
  }
  return maps;
}

/** Whether each two-byte opcode is from after the generation real mode models. */
export function after386(): Map<number, boolean> {
  const out = new Map<number, boolean>();
  for (const form of FORMS) {
    const { map, ops } = opcodesOf(form);
    if (map !== 1) continue;
    const later = form.gen > REAL_MODE_GENERATION;
    for (const op of ops) {
      if (out.has(op) && out.get(op) !== later) {
        throw new Error(`instruction table: 0f ${op.toString(16)} has forms on both sides of the ${REAL_MODE_GENERATION}`);
      }
      out.set(op, later);
    }
  }
  return out;
}

const hex = (n: number) => "0x" + n.toString(16).padStart(2, "0");

/** A switch returning each key's value (keys with one value share a line), else `otherwise`. */
function switchOf(entries: Map<number, number | boolean>, otherwise: string): string[] {
  const byValue = new Map<string, number[]>();
  for (const [k, v] of [...entries].sort((a, b) => a[0] - b[0])) {
    const text = typeof v === "boolean" ? String(v) : hex(v);
    if (text === otherwise) continue;
    byValue.set(text, [...(byValue.get(text) ?? []), k]);
  }
  const lines = ["  switch (op) {"];
  for (const [value, keys] of byValue) {
    const cases = keys.map((k) => `case ${hex(k)}:`);
    for (let i = 0; i < cases.length; i += 8) {
      const last = i + 8 >= cases.length;
      lines.push(`    ${cases.slice(i, i + 8).join(" ")}${last ? ` return ${value};` : ""}`);
    }
  }
  lines.push(`    default: return ${otherwise};`, "  }");
  return lines;
}

/** The AssemblyScript module. */
export function coreFactsSource(): string {
  const [lock1, lock2] = lockRegs();
  return [
    "// Generated from src/isa/table.ts by scripts/generate-core-facts.mjs (npm run build:core). Do not edit.",
    "",
    "// ModR/M reg fields (bit n: /n) with which LOCK may prefix one-byte opcode `op`.",
    "export function lockRegs(op: u32): u32 {",
    ...switchOf(lock1, "0x00"),
    "}",
    "",
    "// ModR/M reg fields (bit n: /n) with which LOCK may prefix two-byte opcode 0F `op`.",
    "export function lockRegs0F(op: u32): u32 {",
    ...switchOf(lock2, "0x00"),
    "}",
    "",
    `// Two-byte opcodes from CPUs after the ${REAL_MODE_GENERATION}: #UD in real mode.`,
    `export function after${REAL_MODE_GENERATION}(op: u32): bool {`,
    ...switchOf(after386(), "false"),
    "}",
    "",
  ].join("\n");
}
