// Compares Unicorn's outcome of a case with ours, field by field, and prints a mismatch as a
// case one can replay.
import { Decoder, DecoderOptions, Formatter, FormatterSyntax } from "iced-x86";
import { REG_NAMES, type FuzzCase, type Outcome } from "./fuzz-case";

/** Every EFLAGS bit below 22 is compared, except those the SDM leaves undefined. */
const EFLAGS_COMPARED = 0x3fffff;

const FLAG_NAMES: [number, string][] = [
  [0x1, "CF"], [0x4, "PF"], [0x10, "AF"], [0x40, "ZF"], [0x80, "SF"], [0x100, "TF"], [0x200, "IF"],
  [0x400, "DF"], [0x800, "OF"], [0x4000, "NT"], [0x10000, "RF"], [0x40000, "AC"], [0x200000, "ID"],
];

const hex = (v: number, digits = 8) => "0x" + (v >>> 0).toString(16).padStart(digits, "0");
export const flagNames = (f: number) => FLAG_NAMES.filter(([bit]) => f & bit).map(([, n]) => n).join(" ") || "-";

/** The differences between what Unicorn did (expected) and what we did (actual), one per line. */
export function compareOutcome(c: FuzzCase, expected: Outcome, actual: Outcome): string[] {
  const diffs: string[] = [];
  if (expected.exception !== actual.exception) {
    diffs.push(`exception: ${expected.exception ?? "none"} vs ${actual.exception ?? "none"}`);
  }
  const dest = c.undefinedDest;
  for (let r = 0; r < 8; r++) {
    const ignore = dest?.reg === r ? (dest.size === 4 ? 0xffffffff : 0xffff) : 0;
    if (((expected.regs[r] ^ actual.regs[r]) & ~ignore) !== 0) {
      diffs.push(`${REG_NAMES[r]}: ${hex(expected.regs[r])} vs ${hex(actual.regs[r])}`);
    }
  }
  if (expected.eip !== actual.eip) diffs.push(`eip: ${hex(expected.eip)} vs ${hex(actual.eip)}`);
  const flagDiff = (expected.eflags ^ actual.eflags) & EFLAGS_COMPARED & ~c.undefinedFlags;
  if (flagDiff) {
    diffs.push(`eflags: ${hex(expected.eflags)} vs ${hex(actual.eflags)} (differ in ${flagNames(flagDiff)})`);
  }
  const ignored = (a: number) => dest?.mem !== undefined && a >= dest.mem && a < dest.mem + dest.size;
  const want = new Map(expected.mem.filter(([a]) => !ignored(a)));
  const got = new Map(actual.mem.filter(([a]) => !ignored(a)));
  const addresses = [...new Set([...want.keys(), ...got.keys()])].sort((a, b) => a - b);
  for (const a of addresses) {
    const w = want.get(a), g = got.get(a);
    if (w !== g) diffs.push(`mem[${hex(a, 5)}]: ${w === undefined ? "unchanged" : hex(w, 2)} vs ${g === undefined ? "unchanged" : hex(g, 2)}`);
  }
  return diffs;
}

let formatter: Formatter | undefined;

/** The instructions in `code` ("; " between them), as iced-x86 decodes them at `eip`. */
export function disassemble(code: number[], eip: number): string {
  formatter ??= new Formatter(FormatterSyntax.Nasm);
  const decoder = new Decoder(32, Uint8Array.from(code), DecoderOptions.None);
  decoder.ip = BigInt(eip);
  const texts: string[] = [];
  while (decoder.canDecode) {
    const insn = decoder.decode();
    texts.push(insn.isInvalid ? "(invalid)" : formatter.format(insn));
    insn.free();
  }
  decoder.free();
  return texts.join("; ");
}

/** A mismatch as a replayable case: its id, bytes, disassembly, initial state and the differences. */
export function formatMismatch(c: FuzzCase, diffs: string[], testFile: string): string {
  const bytes = c.code.map((b) => b.toString(16).padStart(2, "0")).join(" ");
  const regs = REG_NAMES.map((n, r) => `${n}=${hex(c.regs[r])}`).join(" ");
  const lines = [
    `case ${c.seed}:${c.index} (${c.family}): ${bytes}   ${disassemble(c.code, c.eip)}`,
    `  replay: LOCKSTEP86_FUZZ_ONLY=${c.seed}:${c.index} npx vitest run ${testFile}`,
    `  eip=${hex(c.eip)} eflags=${hex(c.eflags)} (${flagNames(c.eflags)}), undefined: ${flagNames(c.undefinedFlags)}`,
    `  ${regs}`,
  ];
  if (c.patches.length) lines.push(`  memory: ${groupBytes(c.patches)}`);
  lines.push("  unicorn vs ours:", ...diffs.map((d) => `    ${d}`));
  return lines.join("\n");
}

/** One side's outcome on one line (for replays). */
export function formatOutcome(o: Outcome): string {
  if (o.exception) return `exception ${o.exception}, eip=${hex(o.eip)}`;
  const regs = REG_NAMES.map((n, r) => `${n}=${hex(o.regs[r])}`).join(" ");
  return `eip=${hex(o.eip)} eflags=${hex(o.eflags)} (${flagNames(o.eflags)}) ${regs}${o.mem.length ? ` memory: ${groupBytes(o.mem)}` : ""}`;
}

/** [address, byte] runs as "0x4010: 01 02 03, 0x5000: ff". */
function groupBytes(bytes: [number, number][]): string {
  const runs: string[] = [];
  let start = -1, prev = -2, cur: string[] = [];
  for (const [a, v] of bytes) {
    if (a !== prev + 1) {
      if (cur.length) runs.push(`${hex(start, 5)}: ${cur.join(" ")}`);
      start = a;
      cur = [];
    }
    cur.push(v.toString(16).padStart(2, "0"));
    prev = a;
  }
  if (cur.length) runs.push(`${hex(start, 5)}: ${cur.join(" ")}`);
  return runs.join(", ");
}
