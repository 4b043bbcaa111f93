// Every family of the fuzzed subset with its share of the cases and the table rows it draws; the
// table family draws the rows no other family claims and no exclusion (../rows.ts) leaves out.
import type { InsnForm } from "../../../../src/isa/table";
import type { Family } from "../../fuzz-common/family";
import { mnemonics, partitionRows } from "../../fuzz-common/table-rows";
import { FLAT_EXCLUSIONS } from "../rows";
import { emitRow, rowFamily, type Drawn } from "../../fuzz-common/row-emitter";
import type { CaseBuilder } from "../builder";
import { bitTest } from "./bits";
import { jmpCall, loop, ret } from "./control";
import { invalid, nops } from "./misc";
import { cmpxchg8b, lea, xlat } from "./move";
import { divide } from "./muldiv";
import { enterLeave, pushfPopf, pushPop } from "./stack";
import { shiftDouble, shiftRotate } from "./shift";
import { stringOp } from "./string";
import { accumulatorMatches, adjustableAl, zeroSourceSometimes } from "../../fuzz-common/row-hooks";

const ALU = mnemonics("add", "or", "adc", "sbb", "and", "sub", "xor", "cmp");
const SHIFTS = mnemonics("rol", "ror", "rcl", "rcr", "shl", "shr", "sar");
const cond = (prefix: string) => (f: InsnForm) => f.mnemonic.startsWith(prefix) && f.flagsRead !== "" && f.flagsWritten === "";
const STRING = (f: InsnForm) => /^(movs|cmps|stos|lods|scas)[bwd]$/.test(f.mnemonic);

const FUZZED = partitionRows(FLAT_EXCLUSIONS).fuzzed;

const fromRows = (name: string, weight: number, rows: (f: InsnForm) => boolean, after?: (b: CaseBuilder, drawn: Drawn<number>, row: InsnForm) => void) =>
  rowFamily<CaseBuilder, number>(FUZZED, name, weight, rows, after);

/** The families: drawn from the rows, or by code that knows their operands (a count, a stack). */
const KNOWING: Family<CaseBuilder>[] = [
  fromRows("alu", 10, (f) => ALU(f) && f.opcode[0] < 0x40),
  fromRows("group1", 6, (f) => ALU(f) && f.opcode[0] >= 0x80),
  fromRows("test", 3, (f) => f.mnemonic === "test" && f.modrm !== 1),
  fromRows("inc/dec/neg/not", 4, mnemonics("inc", "dec", "neg", "not")),
  fromRows("mov", 4, mnemonics("mov")),
  fromRows("movzx/movsx", 2, mnemonics("movzx", "movsx")),
  { name: "lea", weight: 3, gen: lea, rows: mnemonics("lea") },
  // 90 is nop and 66 90 xchg ax, ax: each family draws the other's row too.
  fromRows("xchg", 2, (f) => f.mnemonic === "xchg" || (f.mnemonic === "nop" && f.opcode[0] === 0x90)),
  fromRows("xadd/cmpxchg", 3, mnemonics("xadd", "cmpxchg"), accumulatorMatches),
  { name: "cmpxchg8b", weight: 1, gen: cmpxchg8b, rows: mnemonics("cmpxchg8b") },
  fromRows("bswap", 1, mnemonics("bswap")),
  fromRows("cbw/cwd", 1, mnemonics("cbw", "cwde", "cwd", "cdq")),
  { name: "xlat", weight: 1, gen: xlat, rows: mnemonics("xlatb") },
  fromRows("cmovcc", 2, cond("cmov")),
  // setcc ignores the reg field; /1-/7 (the /r rows) are drawn by the table family.
  fromRows("setcc", 2, (f) => cond("set")(f) && f.modrm === 0),
  { name: "push/pop", weight: 5, gen: pushPop, rows: mnemonics("push", "pop", "pushaw", "pushad", "popaw", "popad") },
  { name: "pushf/popf", weight: 2, gen: pushfPopf, rows: mnemonics("pushfw", "pushfd", "popfw", "popfd") },
  { name: "enter/leave", weight: 2, gen: enterLeave, rows: mnemonics("enter", "leave") },
  fromRows("mul/imul", 5, mnemonics("mul", "imul")),
  { name: "div/idiv", weight: 6, gen: divide, rows: mnemonics("div", "idiv") },
  { name: "shift/rotate", weight: 9, gen: shiftRotate, rows: SHIFTS },
  { name: "shld/shrd", weight: 4, gen: shiftDouble, rows: mnemonics("shld", "shrd") },
  { name: "bt*", weight: 4, gen: bitTest, rows: mnemonics("bt", "bts", "btr", "btc") },
  fromRows("bsf/bsr", 2, mnemonics("bsf", "bsr"), zeroSourceSometimes),
  fromRows("jcc", 2, cond("j")),
  { name: "jmp/call", weight: 3, gen: jmpCall, rows: mnemonics("jmp", "call") },
  { name: "ret", weight: 1, gen: ret, rows: mnemonics("ret") },
  { name: "loop/jecxz", weight: 2, gen: loop, rows: mnemonics("loop", "loope", "loopne", "jcxz", "jecxz") },
  { name: "string", weight: 6, gen: stringOp, rows: STRING },
  fromRows("bcd", 3, mnemonics("daa", "das", "aaa", "aas", "aam", "aad"), adjustableAl),
  fromRows("flag ops", 1, mnemonics("lahf", "sahf", "clc", "stc", "cmc", "cld", "std")),
  {
    name: "nop",
    weight: 1,
    gen: nops,
    rows: (f) => (f.mnemonic === "nop" && (f.modrm === "none" || f.modrm === 0)) || f.mnemonic === "endbr32" || (f.mnemonic === "xchg" && f.plusReg),
  },
  { name: "invalid", weight: 1, gen: invalid, rows: mnemonics("ud2") },
];

/** The rows left to the table family: drawn by no family above, left out by no exclusion. */
export const TABLE_ROWS: readonly InsnForm[] = FUZZED.filter(
  (f) => !KNOWING.some((family) => family.rows?.(f)),
);

export const FAMILIES: Family<CaseBuilder>[] = [
  ...KNOWING,
  { name: "table", weight: TABLE_ROWS.length ? 3 : 0, gen: (b) => emitRow(b, b.rng.pick(TABLE_ROWS)), rows: (f) => TABLE_ROWS.includes(f) },
];
