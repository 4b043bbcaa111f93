// Case `index` of `seed`: a pure function of the two. RAM of 1-2 MiB with one ECC mode; a loop
// program somewhere in the low 128 KiB or at the very end of RAM; random data and stack pages
// the pointers and esp point into; then a schedule of run() slices with host events between.
import * as L from "../../../assembly/layout";
import type { EccMode } from "../../../src/core/module";
import { Prng } from "../../../src/util/prng";
import type { JitCase, Step, Section } from "./case";
import { withImm } from "./encode";
import { EAX, EBP, EBX, ECX, EDI, EDX, ESI, ESP, Operands, type Layout } from "./operands";
import { SHAPES, ShapeGen } from "./shapes";
import { alu } from "./translated";

export const DEFAULT_SEED = 0x86_1157;

const align = (v: number, a: number) => v - (v % a);

export function generateJitCase(seed: number, index: number): JitCase {
  const r = Prng.forCase(seed, index);
  const ramSize = r.pick([1 << 20, 1 << 20, 2 << 20, (1 << 20) + 4096 * (1 + r.below(15))]);
  const ecc = r.pick<EccMode>(["none", "parity", "secded"]);
  const dataSize = 0x4000;
  const stackSize = 0x1000;
  const dataBase = align(0x20000 + r.below(ramSize - 0x20000 - 0x12000 - dataSize - stackSize), 16);
  const stackBase = dataBase + dataSize + 0x100 * (1 + r.below(16));
  const layout: Layout = { ramSize, dataBase, dataSize, stackBase, stackSize };

  const pointers = [EBX, ESI, EDI, EBP].filter(() => r.chance(0.45));
  const others = [EAX, ECX, EDX, EBX, EBP, ESI, EDI].filter((x) => !pointers.includes(x));
  const indexReg = pointers.length && r.chance(0.7) ? r.pick(others.filter((x) => x !== EAX)) : undefined;
  const shape = r.pick(SHAPES);
  const smc = r.chance(0.25);
  const targetReg = shape === "indirect" && r.chance(0.6) ? r.pick(others.filter((x) => x !== indexReg)) : undefined;
  const o = new Operands(r, layout, pointers, indexReg, targetReg === undefined ? [] : [targetReg]);
  o.smc = smc;
  o.wild = r.chance(0.1) ? 0.05 : 0.01;
  const interpreted = r.pick([0, 0, 0.08, 0.08, 0.25]);
  const shapes = new ShapeGen(o, interpreted, targetReg);
  let slots = 0;
  const program = shapes.build(shape, () => dataBase + 0x40 + 8 * slots++);

  // A prologue run once by the interpreter: the jump-target register, a flag-setting instruction.
  const entry: Section = { label: "entry", insns: [], gap: 0 };
  if (targetReg !== undefined) {
    const mov = withImm([], [0xb8 | targetReg], 0, 4);
    mov.fix = { at: 1, kind: "abs32", to: { label: "start" } };
    delete mov.imm;
    entry.insns.push(mov);
  }
  if (r.chance(0.5)) entry.insns.push(...alu(o));
  const sections = [entry, ...program.sections];

  const size = sections.reduce((s, sec) => s + sec.gap + sec.insns.reduce((t, i) => t + i.bytes.length + 4, 0), 0);
  // Mostly in the low 128 KiB; sometimes the loop straddles a page boundary (its block covers two
  // pages), or the program ends at the very end of RAM.
  const roll = r.below(100);
  const origin =
    roll < 50 ? 0x1000 + r.below(0xd000)
    : roll < 80 ? 0x10000 + r.below(0xe000)
    : roll < 92 ? 0x1000 * (2 + r.below(28)) - 1 - r.below(48)
    : Math.max(0x1000, ramSize - size - r.below(80));

  const regs = Array.from({ length: 8 }, () => o.value(32));
  for (const p of pointers) regs[p] = pointerStart(r, layout, smc ? origin : undefined);
  if (indexReg !== undefined) regs[indexReg] = r.below(0x100);
  regs[ESP] = stackBase + 0x400 + r.below(0x800);
  if (r.chance(0.9)) regs[ESP] &= ~3;

  const random = (n: number) => {
    const bytes = new Uint8Array(n);
    for (let i = 0; i < n; i += 4) {
      const v = r.nextU32();
      bytes.set([v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24], i);
    }
    return bytes;
  };
  return {
    id: `${seed}:${index}`,
    ramSize,
    ecc,
    origin,
    sections,
    entry: "entry",
    regs,
    eflags: 2 | (r.nextU32() & 0x8d5) | (r.chance(0.3) ? 0x400 : 0) | (r.chance(0.5) ? 0x200 : 0),
    fills: [
      [dataBase, random(dataSize)],
      [stackBase, random(stackSize)],
      [ramSize - 256, random(256)],
    ],
    dataRefs: program.dataRefs,
    schedule: schedule(r, ramSize, [...pointers, ESP]),
  };
}

/** Mostly inside the data pages; sometimes at the end of RAM, in the stack, or in the code. */
function pointerStart(r: Prng, at: Layout, code: number | undefined): number {
  const roll = r.below(100);
  if (roll < 4) return at.ramSize - r.below(80);
  if (roll < 9) return at.stackBase + r.below(at.stackSize);
  if (roll < 14 && code !== undefined) return code + r.below(64);
  const p = at.dataBase + 0x100 + r.below(at.dataSize - 0x200);
  return r.chance(0.7) ? p & ~3 : p;
}

/** run() slices of every length (a few cycles end a block mid-iteration), with host events. */
function schedule(r: Prng, ramSize: number, pointers: number[]): Step[] {
  const steps: Step[] = [];
  if (r.chance(0.15)) steps.push({ journalCap: L.JOURNAL_SLACK + 1 + r.below(200) });
  const flips = r.chance(0.4) ? 0.2 + r.below(4) / 10 : 0;
  const slices = 2 + r.below(7);
  steps.push({ run: 1 + r.below(24) });
  for (let i = 1; i < slices; i++) {
    // A flip removes every block; a short slice often follows, in which the interpreter runs the
    // loop once or twice and the blocks come back, often before anything read the flipped cell:
    // then translated code has to find it.
    const flipped = r.chance(flips);
    if (flipped) steps.push(flip(r, ramSize, pointers));
    if (r.chance(0.15)) steps.push({ materialize: true });
    if (r.chance(0.03)) steps.push({ journalCap: L.JOURNAL_SLACK + 1 + r.below(400) });
    const roll = r.below(100);
    const n = flipped && r.chance(0.6)
      ? 5 + r.below(60) // long enough for a loop iteration or two: the blocks are installed again
      : roll < 25 ? 1 + r.below(8) : roll < 50 ? 9 + r.below(56) : roll < 80 ? 65 + r.below(1000) : 1000 + r.below(20000);
    steps.push({ run: n });
  }
  return steps;
}

/** A bit flip in the code, just ahead of (or behind) where a pointer points, or anywhere. */
function flip(r: Prng, ramSize: number, pointers: number[]): Step {
  const roll = r.below(100);
  const at =
    roll < 35
      ? { code: r.nextU32() }
      : roll < 85
        ? { reg: r.pick(pointers), offset: r.range(-16, 256) }
        : { addr: r.below(ramSize) };
  const bit = 1 << r.below(8);
  const bits = r.chance(0.2) ? bit | (1 << r.below(8)) : bit;
  return { flip: at, bits, shadow: r.chance(0.1) };
}
