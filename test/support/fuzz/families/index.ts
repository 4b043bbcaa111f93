// Every family of the fuzzed subset with its share of the cases.
import type { Family } from "../../fuzz-common/family";
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

export const FAMILIES: Family<CaseBuilder>[] = [
  { name: "alu", weight: 10, gen: aluForms },
  { name: "group1", weight: 6, gen: group1 },
  { name: "test", weight: 3, gen: test },
  { name: "inc/dec/neg/not", weight: 4, gen: unary },
  { name: "mov", weight: 4, gen: mov },
  { name: "movzx/movsx", weight: 2, gen: movExtend },
  { name: "lea", weight: 3, gen: lea },
  { name: "xchg", weight: 2, gen: xchg },
  { name: "xadd/cmpxchg", weight: 3, gen: exchangeArith },
  { name: "cmpxchg8b", weight: 1, gen: cmpxchg8b },
  { name: "bswap", weight: 1, gen: bswap },
  { name: "cbw/cwd", weight: 1, gen: convert },
  { name: "xlat", weight: 1, gen: xlat },
  { name: "cmovcc", weight: 2, gen: cmovcc },
  { name: "setcc", weight: 2, gen: setcc },
  { name: "push/pop", weight: 5, gen: pushPop },
  { name: "pushf/popf", weight: 2, gen: pushfPopf },
  { name: "enter/leave", weight: 2, gen: enterLeave },
  { name: "mul/imul", weight: 5, gen: multiply },
  { name: "div/idiv", weight: 6, gen: divide },
  { name: "shift/rotate", weight: 9, gen: shiftRotate },
  { name: "shld/shrd", weight: 4, gen: shiftDouble },
  { name: "bt*", weight: 4, gen: bitTest },
  { name: "bsf/bsr", weight: 2, gen: bitScan },
  { name: "jcc", weight: 2, gen: jcc },
  { name: "jmp/call", weight: 3, gen: jmpCall },
  { name: "ret", weight: 1, gen: ret },
  { name: "loop/jecxz", weight: 2, gen: loop },
  { name: "string", weight: 6, gen: stringOp },
  { name: "bcd", weight: 3, gen: decimal },
  { name: "flag ops", weight: 1, gen: flagOps },
  { name: "nop", weight: 1, gen: nops },
  { name: "invalid", weight: 1, gen: invalid },
];
