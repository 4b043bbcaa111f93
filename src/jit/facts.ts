// What the code generators share: the module's compile-time facts, operand sizes and what a first
// pass over a block found.
import type { FunctionBody } from "./wasm";

/** Facts of the module the code is generated for; they are compile-time constants. */
export interface Machine {
  ramSize: number;
  ramOrigin: number; // guest linear address of RAM offset 0
  shadowBase: number;
  codeMarkBase: number;
  ecc: number; // L.ECC_*
}

export type Size = 0 | 1 | 2; // byte, word, dword, as in the core

export const SIZE_BYTES = [1, 2, 4] as const;
export const MASK = [0xff, 0xffff, 0xffffffff] as const;

/** What a first pass over the block found, so that the real one can be lean. */
export interface BlockFacts {
  used: Set<number>; // registers read or written
  written: Set<number>; // registers written
  writes: number; // memory writes in the whole region
  armWrites: number[]; // memory writes of each arm (the journal must have room for them before it runs)
  usesLazy: boolean; // the code reads or sets the lazy-flag locals
}

/** What the flag code (flags.ts) needs of the block being generated: a Context. */
export interface GenerationHost {
  readonly f: FunctionBody;
  readonly facts?: BlockFacts;
  temp(): number;
}
