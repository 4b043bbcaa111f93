// A region: the blocks reachable from a hot eip through direct control transfers (both ways of a
// conditional branch, a jump's target, a call's target and its return address), compiled into one
// function whose blocks are the arms of a loop over a br_table. A transfer to a block of the same
// region, returns and indirect jumps included (their target is compared with the region's
// blocks), stays inside the function: registers stay in locals, nothing returns to the run loop.
import { findBlock, type Block } from "./block";

export interface Region {
  blocks: Block[]; // the arms, in order; blocks[0] starts at the hot eip
  arms: Map<number, number>; // block start -> arm
  returnSites: number[]; // arms that begin at a call's return address
  tables: Map<number, number[]>; // eip of an indirect jump through a table -> the arms it may reach
  firstPage: number; // RAM pages (physical) the region's code spans
  lastPage: number;
}

/** At most this many blocks in one region: a function split over several regions returns to the
 *  run loop at each transfer between them (docs/translator.md). */
export const REGION_MAX_BLOCKS = 64;
/** At most this many instructions in one region (beyond its first block): code that runs on into
 *  a long straight stretch (filler, data taken for code) would otherwise give 64 blocks of 256
 *  bytes, megabytes of WebAssembly that cost far more to generate and compile than they save. */
export const REGION_MAX_INSNS = 1024;
/** An indirect jump's table is read for at most this many entries. */
const TABLE_MAX = 256;

/**
 * The region at `start`: blocks found breadth-first from it, each one only if `usable` says its
 * code may be translated (ECC: every line verified by instruction fetch). Undefined if the first
 * block is not translatable ("never") or not usable yet ("later").
 */
export function findRegion(
  ram: Uint8Array,
  start: number,
  origin: number,
  usable: (b: Block) => boolean,
  maxBlocks = REGION_MAX_BLOCKS,
): Region | "never" | "later" {
  const blocks: Block[] = [];
  const arms = new Map<number, number>();
  const returns = new Set<number>();
  const tables = new Map<number, number[]>(); // indirect jump eip -> target eips
  const queue = [start];
  const seen = new Set<number>([start]);
  const want = (eip: number) => {
    if (!seen.has(eip) && eip >= origin && eip - origin < ram.length) {
      seen.add(eip);
      queue.push(eip);
    }
  };
  let insns = 0;
  while (queue.length && blocks.length < maxBlocks) {
    const eip = queue.shift()!;
    const b = findBlock(ram, eip, origin);
    if (!b || !usable(b)) {
      if (eip === start) return b ? "later" : "never";
      continue;
    }
    if (blocks.length && insns + b.insns.length > REGION_MAX_INSNS) continue;
    insns += b.insns.length;
    arms.set(eip, blocks.length);
    blocks.push(b);
    const last = b.insns[b.insns.length - 1];
    const d = last.d;
    const op0 = d.operands[0];
    const m = d.form.mnemonic;
    if (m === "ret") continue;
    if (op0?.kind === "rel") want(op0.target);
    if (m === "call") {
      returns.add(b.end);
      want(b.end);
    } else if (m === "jmp" && op0?.kind === "mem") {
      const targets = jumpTable(ram, origin, op0, last.eip);
      if (targets.length) {
        tables.set(last.eip, targets);
        for (const t of targets) want(t);
      }
    } else if (m !== "jmp") want(b.end); // a conditional branch's fall-through, or a block cut short
  }
  let firstPage = Infinity;
  let lastPage = 0;
  for (const b of blocks) {
    firstPage = Math.min(firstPage, (b.start - origin) >>> 12);
    lastPage = Math.max(lastPage, (b.end - 1 - origin) >>> 12);
  }
  const armsOf = (eips: Iterable<number>) => [...new Set([...eips].filter((e) => arms.has(e)))];
  return {
    blocks,
    arms,
    returnSites: armsOf(returns).map((e) => arms.get(e)!),
    tables: new Map([...tables].map(([at, ts]) => [at, armsOf(ts).map((e) => arms.get(e)!)])),
    firstPage,
    lastPage,
  };
}

// The targets of `jmp [table + index*4]` (a compiled switch): the table's dwords while they point
// near the jump (its cases). Only a hint of which blocks belong together: the jump compares its
// real target with the region's blocks, so a wrong guess costs speed, never correctness.
const CASES_NEAR = 1 << 14;
function jumpTable(ram: Uint8Array, origin: number, m: { base?: number; index?: number; scale: number; disp: number }, at: number): number[] {
  const jmp = at;
  if (m.base !== undefined || m.index === undefined || m.scale !== 4) return [];
  const table = (m.disp >>> 0) - origin;
  const out: number[] = [];
  for (let i = 0; i < TABLE_MAX && table >= 0 && table + 4 * i + 4 <= ram.length; i++) {
    const p = table + 4 * i;
    const t = (ram[p] | (ram[p + 1] << 8) | (ram[p + 2] << 16) | (ram[p + 3] << 24)) >>> 0;
    if (t === 0 || Math.abs(t - jmp) >= CASES_NEAR) break; // zero: padding, not a case
    out.push(t);
  }
  return out;
}

/** The key of a region's code: every block's start and bytes. */
export function regionCode(r: Region): string {
  let s = "";
  for (const b of r.blocks) {
    s += b.start.toString(16) + ":";
    for (const x of b.bytes) s += x.toString(16).padStart(2, "0");
    s += ";";
  }
  return s;
}
