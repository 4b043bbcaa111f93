// A known-wrong translator, to show that the differential check fails when translation is wrong:
// each region the service installs is replaced by the translation of the same code with one
// instruction of each of its blocks changed into another of the same length (add into or, sub
// into and, inc into dec, shl into shr, a jcc into its opposite...), put at the same table index.
import * as L from "../../../assembly/layout";
import type { CpuModule } from "../../../src/core/module";
import { findBlock } from "../../../src/jit/block";
import { findRegion } from "../../../src/jit/region";
import { machineOf, regionImports, regionModuleBuilder } from "../../../src/jit/service";
import { translate } from "../../../src/jit/translate";
import { counting } from "./meter";

const PREFIXES = new Set([0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3]);

/** Changes one instruction of `bytes` (the block's code at `start`); false if none can be. */
function mutate(bytes: Uint8Array, offsets: number[]): boolean {
  for (const at of offsets) {
    let p = at;
    while (PREFIXES.has(bytes[p])) p++;
    const op = bytes[p];
    if (op < 0x40 && (op & 7) < 6) bytes[p] ^= 0x08; // ALU: add<->or, adc<->sbb, and<->sub, xor<->cmp
    else if (op >= 0x40 && op < 0x50) bytes[p] ^= 0x08; // inc <-> dec
    else if (op >= 0x70 && op < 0x80) bytes[p] ^= 0x01; // jcc <-> its opposite
    else if (op >= 0x80 && op <= 0x83) bytes[p + 1] ^= 0x08; // group 1 by the ModR/M reg field
    else if (op === 0xc0 || op === 0xc1 || (op >= 0xd0 && op <= 0xd3)) bytes[p + 1] ^= 0x08; // shl<->shr, sar<->sal
    else continue;
    return true;
  }
  return false;
}

export class Mutator {
  /** Blocks replaced by a mutant. */
  mutated = 0;
  /** Instructions the mutants retired. */
  retired = 0;
  private done = new WeakMap<CpuModule, number>();

  attach(m: CpuModule): void {
    this.done.set(m, m.table.length);
  }

  afterRun(m: CpuModule): void {
    const from = this.done.get(m) ?? 1;
    // The blocks installed since the last run, by region (table index): start -> arm.
    const regions = new Map<number, Map<number, number>>();
    for (let s = 0; s < L.JIT_SLOTS; s++) {
      const e = L.JIT_MAP + s * L.JIT_ENTRY;
      const index = m.getU32(e + 4);
      if (index < from) continue;
      if (!regions.has(index)) regions.set(index, new Map());
      regions.get(index)!.set(m.getU32(e), m.getU32(e + 12));
    }
    for (const [index, arms] of regions) {
      const start = [...arms].find(([, arm]) => arm === 0)?.[0];
      if (start === undefined) continue;
      // One instruction changed in each block of the region, as in each block alone before.
      const code = new Uint8Array(m.ram());
      let changed = false;
      for (const eip of arms.keys()) {
        const block = findBlock(m.ram(), eip);
        if (block && mutate(code, block.insns.map((i) => i.eip))) changed = true;
      }
      if (!changed) continue;
      // The same blocks as the installed region, so that each arm keeps its number.
      const wrong = findRegion(code, start, 0, (b) => arms.has(b.start));
      if (typeof wrong === "string") continue;
      const mb = regionModuleBuilder();
      mb.addFunction(translate(wrong, machineOf(m)).body, "b");
      const inst = new WebAssembly.Instance(new WebAssembly.Module(mb.encode()), regionImports(m));
      m.table.set(index, counting(inst.exports.b as (budget: number, arm: number) => number, (n) => (this.retired += n)));
      this.mutated++;
    }
    this.done.set(m, m.table.length);
  }
}
