// One region to one WebAssembly function: the registers and lazy flags it uses loaded into locals,
// then a loop over a br_table whose arms are the region's blocks. Each arm starts with its guard
// (cycle budget, journal room), runs its instructions and either leaves through an exit or sets
// the next arm and goes round the loop.
import { Op, type FunctionBody } from "./wasm";
import { Context, type BlockFacts, type Machine } from "./context";
import { InstructionGen } from "./codegen";
import type { Block } from "./block";
import type { Region } from "./region";

export interface Translation {
  body: FunctionBody;
  writes: number; // memory writes in the whole region
}

/** A region of one block (what a block alone translates to). */
export function singleBlock(block: Block): Region {
  return {
    blocks: [block],
    arms: new Map([[block.start, 0]]),
    returnSites: [],
    tables: new Map(),
    firstPage: 0,
    lastPage: 0,
  };
}

export function translate(region: Region | Block, machine: Machine): Translation {
  const r = "blocks" in region ? region : singleBlock(region);
  // Every exit must write back every register the region writes (a later instruction's, from an
  // earlier pass round the loop) and each guard must ask for journal room for its block's writes:
  // a first pass over a throwaway context finds both.
  const first = generate(r, machine);
  const c = generate(r, machine, first.found());
  return { body: c.f, writes: c.found().writes };
}

function generate(region: Region, machine: Machine, facts?: BlockFacts): Context {
  const c = new Context(machine, facts);
  c.arms = region.arms;
  const f = c.f;
  const n = region.blocks.length;
  f.block(Op.loop);
  for (let k = 0; k < n; k++) f.block(Op.block);
  f.get(c.arm).brTable(region.blocks.map((_, k) => k), 0);
  region.blocks.forEach((block, k) => {
    f.op(Op.end);
    // Arm k lies inside the blocks of the arms after it, then the loop; its code inside the
    // block its exits leave for its epilogue.
    f.block(Op.block);
    c.loopDepth = c.armDepth = n - k;
    c.flags.p = { kind: "lazy" };
    c.writes = 0;
    c.armIndex = k;
    c.releaseTemps();
    c.guard(block.start, block.insns.length, facts?.armWrites[k] ?? 0);
    const gen = new InstructionGen(c, region);
    let ended = false;
    block.insns.forEach(({ eip, d }, i) => {
      c.index = i;
      c.eip = eip;
      c.releaseTemps(c.producerLocals());
      ended = gen.emit(d, eip + d.length).ended;
    });
    if (!ended) gen.continueAt(block.end, block.insns.length);
    f.op(Op.end);
    c.loopDepth = n - 1 - k;
    c.epilogue();
    c.armWrites[k] = c.writes;
  });
  f.op(Op.end);
  f.op(Op.unreachable); // every arm ends in an exit or a branch round the loop
  return c;
}
