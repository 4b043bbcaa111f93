// Every family of the fuzzed subset with its share of the cases and the table rows it draws; the
// table family draws the rows no other family claims and no exclusion (../rows.ts) leaves out.
import type { InsnForm } from "../../../../src/isa/table";
import type { Family } from "../../fuzz-common/family";
import { mnemonics, partitionRows } from "../../fuzz-common/table-rows";
import { FLAT_EXCLUSIONS } from "../rows";
import { emitRow } from "./table";
import type { CaseBuilder } from "../builder";
import { aluForms, group1, test, unary } from "./alu";
import { bitScan, bitTest } from "./bits";
import { jcc, jmpCall, loop, ret } from "./control";
import { decimal, flagOps, invalid, nops } from "./misc";
import { bswap, cmovcc, cmpxchg8b, convert, exchangeArith, lea, mov, movExtend, setcc, xchg, xlat } from "./move";
import { divide, multiply } from "./muldiv";
import { enterLeave, pushfPopf, pushPop } from "./stack";
import { shiftDouble, shiftRotate } from "./shift";
import { stringOp } from "./string";

const ALU = mnemonics("add", "or", "adc", "sbb", "and", "sub", "xor", "cmp");
const SHIFTS = mnemonics("rol", "ror", "rcl", "rcr", "shl", "shr", "sar");
const cond = (prefix: string) => (f: InsnForm) => f.mnemonic.startsWith(prefix) && f.flagsRead !== "" && f.flagsWritten === "";
const STRING = (f: InsnForm) => /^(movs|cmps|stos|lods|scas)[bwd]$/.test(f.mnemonic);

/** The families with knowledge of their instructions' operands. */
const KNOWING: Family<CaseBuilder>[] = [
  { name: "alu", weight: 10, gen: aluForms, rows: (f) => ALU(f) && f.opcode[0] < 0x40 },
  { name: "group1", weight: 6, gen: group1, rows: (f) => ALU(f) && f.opcode[0] >= 0x80 },
  { name: "test", weight: 3, gen: test, rows: (f) => f.mnemonic === "test" && f.modrm !== 1 },
  { name: "inc/dec/neg/not", weight: 4, gen: unary, rows: mnemonics("inc", "dec", "neg", "not") },
  { name: "mov", weight: 4, gen: mov, rows: mnemonics("mov") },
  { name: "movzx/movsx", weight: 2, gen: movExtend, rows: mnemonics("movzx", "movsx") },
  { name: "lea", weight: 3, gen: lea, rows: mnemonics("lea") },
  // 90 is nop and 66 90 xchg ax, ax: each family draws the other's row too.
  { name: "xchg", weight: 2, gen: xchg, rows: (f) => f.mnemonic === "xchg" || (f.mnemonic === "nop" && f.opcode[0] === 0x90) },
  { name: "xadd/cmpxchg", weight: 3, gen: exchangeArith, rows: mnemonics("xadd", "cmpxchg") },
  { name: "cmpxchg8b", weight: 1, gen: cmpxchg8b, rows: mnemonics("cmpxchg8b") },
  { name: "bswap", weight: 1, gen: bswap, rows: mnemonics("bswap") },
  { name: "cbw/cwd", weight: 1, gen: convert, rows: mnemonics("cbw", "cwde", "cwd", "cdq") },
  { name: "xlat", weight: 1, gen: xlat, rows: mnemonics("xlatb") },
  { name: "cmovcc", weight: 2, gen: cmovcc, rows: cond("cmov") },
  // setcc ignores the reg field; /1-/7 (the /r rows) are drawn by the table family.
  { name: "setcc", weight: 2, gen: setcc, rows: (f) => cond("set")(f) && f.modrm === 0 },
  { name: "push/pop", weight: 5, gen: pushPop, rows: mnemonics("push", "pop", "pushaw", "pushad", "popaw", "popad") },
  { name: "pushf/popf", weight: 2, gen: pushfPopf, rows: mnemonics("pushfw", "pushfd", "popfw", "popfd") },
  { name: "enter/leave", weight: 2, gen: enterLeave, rows: mnemonics("enter", "leave") },
  { name: "mul/imul", weight: 5, gen: multiply, rows: mnemonics("mul", "imul") },
  { name: "div/idiv", weight: 6, gen: divide, rows: mnemonics("div", "idiv") },
  { name: "shift/rotate", weight: 9, gen: shiftRotate, rows: SHIFTS },
  { name: "shld/shrd", weight: 4, gen: shiftDouble, rows: mnemonics("shld", "shrd") },
  { name: "bt*", weight: 4, gen: bitTest, rows: mnemonics("bt", "bts", "btr", "btc") },
  { name: "bsf/bsr", weight: 2, gen: bitScan, rows: mnemonics("bsf", "bsr") },
  { name: "jcc", weight: 2, gen: jcc, rows: cond("j") },
  { name: "jmp/call", weight: 3, gen: jmpCall, rows: mnemonics("jmp", "call") },
  { name: "ret", weight: 1, gen: ret, rows: mnemonics("ret") },
  { name: "loop/jecxz", weight: 2, gen: loop, rows: mnemonics("loop", "loope", "loopne", "jcxz", "jecxz") },
  { name: "string", weight: 6, gen: stringOp, rows: STRING },
  { name: "bcd", weight: 3, gen: decimal, rows: mnemonics("daa", "das", "aaa", "aas", "aam", "aad") },
  { name: "flag ops", weight: 1, gen: flagOps, rows: mnemonics("lahf", "sahf", "clc", "stc", "cmc", "cld", "std") },
  {
    name: "nop",
    weight: 1,
    gen: nops,
    rows: (f) => (f.mnemonic === "nop" && (f.modrm === "none" || f.modrm === 0)) || f.mnemonic === "endbr32" || (f.mnemonic === "xchg" && f.plusReg),
  },
  { name: "invalid", weight: 1, gen: invalid, rows: mnemonics("ud2") },
];

/** The rows left to the table family: drawn by no family above, left out by no exclusion. */
export const TABLE_ROWS: readonly InsnForm[] = partitionRows(FLAT_EXCLUSIONS).fuzzed.filter(
  (f) => !KNOWING.some((family) => family.rows?.(f)),
);

export const FAMILIES: Family<CaseBuilder>[] = [
  ...KNOWING,
  { name: "table", weight: TABLE_ROWS.length ? 3 : 0, gen: (b) => emitRow(b, b.rng.pick(TABLE_ROWS)), rows: (f) => TABLE_ROWS.includes(f) },
];
