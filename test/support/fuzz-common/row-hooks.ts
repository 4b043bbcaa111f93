// What the families drawn from table rows (row-emitter.ts) add to the random operands: values
// where the instruction changes character.
import type { InsnForm } from "../../../src/isa/table";
import type { InstructionBuilder } from "./instruction-builder";
import { EAX } from "./registers";
import type { Drawn } from "./row-emitter";

/** cmpxchg: the accumulator equals the destination half of the time. */
export function accumulatorMatches<M>(b: InstructionBuilder<M>, drawn: Drawn<M>, row: InsnForm): void {
  if (row.mnemonic !== "cmpxchg" || !drawn.rm || !b.rng.chance(0.5)) return;
  b.setReg(EAX, drawn.bits, b.getOperand(drawn.rm, drawn.bits));
}

/** bsf/bsr: a zero source (the destination then keeps its value, as Intel and AMD hardware do,
 *  though the SDM calls it undefined: compared). */
export function zeroSourceSometimes<M>(b: InstructionBuilder<M>, drawn: Drawn<M>): void {
  if (drawn.rm && b.rng.chance(0.2)) b.setOperand(drawn.rm, drawn.bits, 0);
}

const AL_EDGES = [0x00, 0x09, 0x0a, 0x0f, 0x10, 0x19, 0x1a, 0x5f, 0x60, 0x79, 0x7f, 0x80, 0x99, 0x9a, 0x9f, 0xa0, 0xf9, 0xfa, 0xff];

/** Decimal adjusts: al at the edges of a digit's carry, ah random. */
export function adjustableAl<M>(b: InstructionBuilder<M>): void {
  const r = b.rng;
  b.setReg(EAX, 8, r.chance(0.6) ? r.pick(AL_EDGES) : r.below(256));
  b.setReg(4, 8, r.below(256)); // ah
}
