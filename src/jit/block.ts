// A block: the straight run of instructions from a hot eip to the first control transfer, at
// most JIT_MAX_BYTES long (so it spans at most two fetch lines and two pages). Instructions the
// generator has no code of its own for are in it too: the core runs them (Context.viaCore).
import * as L from "../../assembly/layout";
import { decode, type Decoded } from "../disasm/decode";
import { isTerminator, supported } from "./codegen";

export interface BlockInsn {
  eip: number;
  d: Decoded;
}

export interface Block {
  start: number;
  insns: BlockInsn[];
  end: number; // eip after the last instruction
  bytes: Uint8Array; // the instruction bytes, start to end
}

/** The block at `start` in `ram` (a module's RAM; guest linear addresses from `origin` on), or
 *  undefined if no instruction decodes there or the first is one the generator has no code for
 *  (a block starting there would only call the interpreter). */
export function findBlock(ram: Uint8Array, start: number, origin = 0): Block | undefined {
  const insns: BlockInsn[] = [];
  let pos = start;
  while (pos - start < L.JIT_MAX_BYTES) {
    const d = decode(ram, pos - origin, 32, pos);
    if (!d || pos + d.length - start > L.JIT_MAX_BYTES || (pos === start && !supported(d))) break;
    insns.push({ eip: pos, d });
    pos += d.length;
    if (isTerminator(d)) break;
  }
  if (insns.length === 0) return undefined;
  return { start, insns, end: pos, bytes: ram.slice(start - origin, pos - origin) };
}
