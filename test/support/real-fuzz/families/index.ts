// Every family of the real-mode fuzzer with its share of the cases.
import type { Family } from "../../fuzz-common/family";
import type { RealBuilder } from "../builder";
import { alu, divide, group1, multiply, test, unary } from "./arith";
import { bitScan, bitTest, shiftDouble, shiftRotate } from "./bits";
import { jcc, jmpCall, loop, ret } from "./control";
import { bound, controlRegister, decimal, descriptorTable, flagOps, invalid, msw, nop } from "./misc";
import { convert, farPointer, lea, mov, movExtend, movSeg, setcc, xchg, xlat } from "./move";
import { enterLeave, pushfPopf, pushPop } from "./stack";
import { io, stringOp } from "./string";

export const REAL_FAMILIES: Family<RealBuilder>[] = [
  { name: "alu", weight: 8, gen: alu },
  { name: "group1", weight: 5, gen: group1 },
  { name: "test", weight: 2, gen: test },
  { name: "inc/dec/neg/not", weight: 3, gen: unary },
  { name: "mul/imul", weight: 4, gen: multiply },
  { name: "div/idiv", weight: 4, gen: divide },
  { name: "mov", weight: 4, gen: mov },
  { name: "mov sreg", weight: 3, gen: movSeg },
  { name: "lea", weight: 2, gen: lea },
  { name: "movzx/movsx", weight: 2, gen: movExtend },
  { name: "xchg", weight: 2, gen: xchg },
  { name: "cbw/cwd", weight: 1, gen: convert },
  { name: "xlat", weight: 1, gen: xlat },
  { name: "les/lds/lss/lfs/lgs", weight: 3, gen: farPointer },
  { name: "setcc", weight: 2, gen: setcc },
  { name: "bt*", weight: 5, gen: bitTest },
  { name: "bsf/bsr", weight: 2, gen: bitScan },
  { name: "shift/rotate", weight: 6, gen: shiftRotate },
  { name: "shld/shrd", weight: 4, gen: shiftDouble },
  { name: "push/pop", weight: 6, gen: pushPop },
  { name: "pushf/popf", weight: 2, gen: pushfPopf },
  { name: "enter/leave", weight: 3, gen: enterLeave },
  { name: "jcc", weight: 3, gen: jcc },
  { name: "jmp/call", weight: 5, gen: jmpCall },
  { name: "ret/retf/iret", weight: 4, gen: ret },
  { name: "loop/jcxz", weight: 2, gen: loop },
  { name: "string", weight: 6, gen: (b) => stringOp(b) },
  { name: "in/out/ins/outs", weight: 2, gen: io },
  { name: "flag ops", weight: 1, gen: flagOps },
  { name: "bcd", weight: 1, gen: decimal },
  { name: "bound", weight: 1, gen: bound },
  { name: "nop", weight: 1, gen: nop },
  { name: "smsw/lmsw", weight: 1, gen: msw },
  { name: "sgdt/sidt/lgdt/lidt", weight: 1, gen: descriptorTable },
  { name: "mov crN/clts", weight: 1, gen: controlRegister },
  { name: "invalid", weight: 1, gen: invalid },
];
