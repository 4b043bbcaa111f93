// A real-mode case as text: its disassembly, and a mismatch as a case one can replay.
import { Decoder, DecoderOptions, Formatter, FormatterSyntax } from "iced-x86";
import type { Difference } from "../../../src/conformance";
import { flagNames } from "../fuzz/compare";
import { GPR_NAMES, SEG_NAMES, type RealCase, type RealOutcome } from "./real-case";

let formatter: Formatter | undefined;

/** The instruction in `code` as iced-x86 decodes it in 16-bit code at `ip`. */
export function disassemble16(code: number[], ip: number): string {
  formatter ??= new Formatter(FormatterSyntax.Nasm);
  const decoder = new Decoder(16, Uint8Array.from(code), DecoderOptions.None);
  decoder.ip = BigInt(ip);
  const insn = decoder.decode();
  const text = insn.isInvalid ? "(invalid)" : formatter.format(insn);
  insn.free();
  decoder.free();
  return text;
}

const hex = (v: number, digits = 4) => (v >>> 0).toString(16).padStart(digits, "0");

function state(regs: number[], segs: number[]): string {
  return [...GPR_NAMES.map((n, r) => `${n}=${hex(regs[r], 8)}`), ...SEG_NAMES.map((n, s) => `${n}=${hex(segs[s])}`)].join(" ");
}

/** A mismatch: the case's id and replay command, its initial state, Unicorn's outcome and every difference. */
export function formatRealMismatch(c: RealCase, o: RealOutcome, diffs: Difference[], replay: string): string {
  const bytes = c.code.map((b) => hex(b, 2)).join(" ");
  const data = c.mem.filter(([a]) => a < c.segs[1] * 16 + c.ip || a > c.segs[1] * 16 + c.ip + c.code.length);
  const outcome = o.exception === null
    ? `eip=${hex(o.eip, 8)} eflags=${hex(o.eflags, 8)} ${state(o.regs, o.segs)}`
    : `exception ${o.exception}`;
  return [
    `case ${c.seed}:${c.index} (${c.family}): ${bytes}   ${disassemble16(c.code, c.ip)}`,
    `  replay: ${replay}`,
    `  ip=${hex(c.ip)} eflags=${hex(c.eflags, 8)} (${flagNames(c.eflags)}), undefined: ${flagNames(c.undefinedFlags | c.unjudgedFlags)}`,
    `  ${state(c.regs, c.segs)}`,
    `  memory: ${data.map(([a, v]) => `${hex(a, 5)}=${hex(v, 2)}`).join(" ") || "-"}`,
    `  unicorn: ${outcome}`,
    ...diffs.map((d) => `    ${d.field}: unicorn ${hex(d.expected, 8)}, core ${hex(d.actual, 8)}${d.mask === undefined ? "" : ` (bits ${hex(d.mask, 8)})`}`),
  ].join("\n");
}
