// One block to one WebAssembly function: the iteration guard, each instruction's code, and the
// fall-through exit when the block ends without a control transfer.
import { Op, type FunctionBody } from "./wasm";
import { Context, type BlockFacts, type Machine } from "./context";
import { InstructionGen } from "./codegen";
import type { Block } from "./block";

export interface Translation {
  body: FunctionBody;
  writes: number; // memory writes per iteration
}

export function translate(block: Block, machine: Machine): Translation {
  // Every exit must write back every register the block writes (a later instruction's, from an
  // earlier iteration) and the guard must ask for journal room for every write: a first pass
  // over a throwaway context finds both.
  const first = generate(block, machine);
  const c = generate(block, machine, first.found());
  return { body: c.f, writes: c.writes };
}

function generate(block: Block, machine: Machine, facts?: BlockFacts): Context {
  const c = new Context(machine, facts);
  const writes = facts?.writes ?? 0;
  const gen = new InstructionGen(c, block.start);
  const f = c.f;
  f.block(Op.loop);
  c.guard(block.start, block.insns.length, writes);
  let ended = false;
  block.insns.forEach(({ eip, d }, i) => {
    c.index = i;
    c.eip = eip;
    ended = gen.emit(d, eip + d.length).ended;
  });
  if (!ended) c.exit(block.end, block.insns.length);
  f.op(Op.end);
  f.op(Op.unreachable); // every path left through an exit
  return c;
}
