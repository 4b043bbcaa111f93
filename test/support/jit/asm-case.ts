// A case written by hand in NASM syntax (a reduced one the fuzzer found, say): assembled at a
// fixed origin in flat 32-bit mode, with ebx pointing into a data page and esp into a stack
// page, both holding a fixed pattern, and a schedule of run() slices.
import { assemble, disassemble, formatError } from "../../../src/asm/index";
import { REG_NAMES, type EccMode, type RegName } from "../../../src/core/module";
import type { JitCase, Step } from "./case";

export const ORIGIN = 0x3000;
export const DATA = 0x20000;
export const STACK = 0x30000;

export interface AsmCase {
  name: string;
  asm: string;
  regs?: Partial<Record<RegName, number>>;
  eflags?: number;
  journalCap?: number;
  runs: number[];
  /** Host events between the slices: steps[i] come before runs[i + 1]. */
  between?: Step[][];
}

const pattern = (n: number, salt: number) => Uint8Array.from({ length: n }, (_, i) => (i * 37 + salt) & 0xff);

export function asmCase(spec: AsmCase, ecc: EccMode): JitCase {
  const r = assemble(`bits 32\norg ${ORIGIN}\n${spec.asm}`, { fileName: spec.name });
  if (r.errors.length) throw new Error(r.errors.map(formatError).join("\n"));
  const regs = REG_NAMES.map((n) => spec.regs?.[n] ?? (n === "ebx" ? DATA + 0x100 : n === "esp" ? STACK + 0x800 : 0));
  const schedule: Step[] = spec.runs.flatMap((run, i) => [...(i > 0 ? (spec.between?.[i - 1] ?? []) : []), { run }]);
  if (spec.journalCap !== undefined) schedule.unshift({ journalCap: spec.journalCap });
  return {
    id: `${spec.name} (ECC ${ecc})`,
    ramSize: 1 << 20,
    ecc,
    origin: ORIGIN,
    // One instruction per decoded instruction, so that the report disassembles it.
    sections: [{ label: "start", insns: disassemble(r.bytes, { bits: 32, org: ORIGIN }).map((d) => ({ bytes: [...d.bytes] })), gap: 0 }],
    entry: "start",
    regs,
    eflags: spec.eflags ?? 0x202,
    fills: [
      [DATA, pattern(0x1000, 1)],
      [STACK, pattern(0x1000, 2)],
    ],
    dataRefs: [],
    schedule,
  };
}
