// Every family of the real-mode fuzzer with its share of the cases and the table rows it draws;
// the table family draws the rows no other family claims and no exclusion (../rows.ts) leaves out.
import type { InsnForm } from "../../../../src/isa/table";
import type { Family } from "../../fuzz-common/family";
import { IO_PORTS, mnemonics, partitionRows } from "../../fuzz-common/table-rows";
import { REAL_EXCLUSIONS } from "../rows";
import { emitRow, rowFamily, type Drawn } from "../../fuzz-common/row-emitter";
import { adjustableAl, zeroSourceSometimes } from "../../fuzz-common/row-hooks";
import type { MemOperand, RealBuilder } from "../builder";
import { divide } from "./arith";
import { bitTest, shiftDouble, shiftRotate } from "./bits";
import { jcc, jmpCall, loop, ret } from "./control";
import { bound, controlRegister, descriptorTable, invalid, msw, nop } from "./misc";
import { farPointer, lea, mov, movSeg, xchg, xlat } from "./move";
import { enterLeave, pushfPopf, pushPop } from "./stack";
import { io, stringOp } from "./string";

const ALU = mnemonics("add", "or", "adc", "sbb", "and", "sub", "xor", "cmp");
const cond = (prefix: string) => (f: InsnForm) => f.mnemonic.startsWith(prefix) && f.flagsRead !== "" && f.flagsWritten === "";
const has = (f: InsnForm, kind: string) => f.operands.some((o) => o.kind === kind);
const STRING = (f: InsnForm) => /^(movs|cmps|stos|lods|scas)[bwd]$/.test(f.mnemonic);

const FUZZED = partitionRows(REAL_EXCLUSIONS).fuzzed;
const fromRows = (name: string, weight: number, rows: (f: InsnForm) => boolean, after?: (b: RealBuilder, drawn: Drawn<MemOperand>) => void) =>
  rowFamily<RealBuilder, MemOperand>(FUZZED, name, weight, rows, after);

/** The families: drawn from the rows, or by code that knows their operands (a stack, a target). */
const KNOWING: Family<RealBuilder>[] = [
  fromRows("alu", 8, (f) => ALU(f) && f.opcode[0] < 0x40),
  fromRows("group1", 5, (f) => ALU(f) && f.opcode[0] >= 0x80),
  fromRows("test", 2, (f) => f.mnemonic === "test" && f.modrm !== 1),
  fromRows("inc/dec/neg/not", 3, mnemonics("inc", "dec", "neg", "not")),
  fromRows("mul/imul", 4, mnemonics("mul", "imul")),
  { name: "div/idiv", weight: 4, gen: divide, rows: mnemonics("div", "idiv") },
  { name: "mov", weight: 4, gen: mov, rows: (f) => f.mnemonic === "mov" && !has(f, "sreg") && !has(f, "creg") },
  { name: "mov sreg", weight: 3, gen: movSeg, rows: (f) => f.mnemonic === "mov" && has(f, "sreg") },
  { name: "lea", weight: 2, gen: lea, rows: mnemonics("lea") },
  fromRows("movzx/movsx", 2, mnemonics("movzx", "movsx")),
  { name: "xchg", weight: 2, gen: xchg, rows: mnemonics("xchg") },
  fromRows("cbw/cwd", 1, mnemonics("cbw", "cwde", "cwd", "cdq")),
  { name: "xlat", weight: 1, gen: xlat, rows: mnemonics("xlatb") },
  { name: "les/lds/lss/lfs/lgs", weight: 3, gen: farPointer, rows: mnemonics("les", "lds", "lss", "lfs", "lgs") },
  fromRows("setcc", 2, cond("set")),
  { name: "bt*", weight: 5, gen: bitTest, rows: mnemonics("bt", "bts", "btr", "btc") },
  fromRows("bsf/bsr", 2, mnemonics("bsf", "bsr"), zeroSourceSometimes),
  { name: "shift/rotate", weight: 6, gen: shiftRotate, rows: mnemonics("rol", "ror", "rcl", "rcr", "shl", "shr", "sar") },
  { name: "shld/shrd", weight: 4, gen: shiftDouble, rows: mnemonics("shld", "shrd") },
  { name: "push/pop", weight: 6, gen: pushPop, rows: mnemonics("push", "pop", "pushaw", "pushad", "popaw", "popad") },
  { name: "pushf/popf", weight: 2, gen: pushfPopf, rows: mnemonics("pushfw", "pushfd", "popfw", "popfd") },
  { name: "enter/leave", weight: 3, gen: enterLeave, rows: mnemonics("enter", "leave") },
  { name: "jcc", weight: 3, gen: jcc, rows: cond("j") },
  { name: "jmp/call", weight: 5, gen: jmpCall, rows: mnemonics("jmp", "call") },
  { name: "ret/retf/iret", weight: 4, gen: ret, rows: mnemonics("ret", "retf", "iretw", "iretd") },
  { name: "loop/jcxz", weight: 2, gen: loop, rows: mnemonics("loop", "loope", "loopne", "jcxz", "jecxz") },
  { name: "string", weight: 6, gen: (b) => stringOp(b), rows: STRING },
  { name: "in/out/ins/outs", weight: 2, gen: io, rows: IO_PORTS },
  fromRows("flag ops", 1, mnemonics("lahf", "sahf", "clc", "stc", "cmc", "cld", "std", "cli", "sti")),
  fromRows("bcd", 1, mnemonics("daa", "das", "aaa", "aas", "aam", "aad"), adjustableAl),
  { name: "bound", weight: 1, gen: bound, rows: mnemonics("bound") },
  // 66 90 decodes as xchg ax, ax.
  { name: "nop", weight: 1, gen: nop, rows: (f) => (f.mnemonic === "nop" && f.opcode[0] === 0x90) || (f.mnemonic === "xchg" && f.plusReg) },
  { name: "smsw/lmsw", weight: 1, gen: msw, rows: mnemonics("smsw", "lmsw") },
  { name: "sgdt/sidt/lgdt/lidt", weight: 1, gen: descriptorTable, rows: mnemonics("sgdt", "sidt", "lgdt", "lidt") },
  { name: "mov crN/clts", weight: 1, gen: controlRegister, rows: (f) => f.mnemonic === "clts" || (f.mnemonic === "mov" && has(f, "creg")) },
  // mov to CS (8e /1) is #UD: drawn here.
  { name: "invalid", weight: 1, gen: invalid, rows: (f) => f.mnemonic === "ud2" || (f.mnemonic === "mov" && has(f, "sreg")) },
];

/** The rows left to the table family: drawn by no family above, left out by no exclusion. */
export const REAL_TABLE_ROWS: readonly InsnForm[] = FUZZED.filter(
  (f) => !KNOWING.some((family) => family.rows?.(f)),
);

export const REAL_FAMILIES: Family<RealBuilder>[] = [
  ...KNOWING,
  {
    name: "table",
    weight: REAL_TABLE_ROWS.length ? 2 : 0,
    gen: (b) => emitRow(b, b.rng.pick(REAL_TABLE_ROWS)),
    rows: (f) => REAL_TABLE_ROWS.includes(f),
  },
];
