// Serves a module's requests for translated blocks between runs: the core queued hot eips; the
// region of each (region.ts) is translated (or found already compiled, for this or another module
// with the same RAM size, check code and code bytes), compiled in one batch, instantiated against
// the module's memory, put in its function table, and each of its blocks installed as an entry.
// Translation only changes speed, never results.
import * as L from "../../assembly/layout";
import type { CpuModule } from "../core/module";
import { I32, ModuleBuilder } from "./wasm";
import { CORE_STEP, type Machine } from "./context";
import type { Block } from "./block";
import { findRegion, regionCode, type Region } from "./region";
import { translate } from "./translate";

interface Compiled {
  module: WebAssembly.Module;
  name: string;
}

// Compiled blocks, shared by every module in the process.
const compiled = new Map<string, Compiled>();
// Per module: its instances of compiled modules, and the table slot of each block key.
const instances = new WeakMap<CpuModule, Map<WebAssembly.Module, WebAssembly.Instance>>();
const slots = new WeakMap<CpuModule, Map<string, number>>();

/** What the translator must know of a module: RAM size, where its check bytes and code marks lie, its ECC mode. */
export function machineOf(m: CpuModule): Machine {
  return {
    ramSize: m.ramSize,
    ramOrigin: m.ramOrigin,
    shadowBase: m.getU32(L.S_SHADOW_BASE),
    codeMarkBase: m.getU32(L.S_CODEMARK_BASE),
    ecc: m.getU32(L.S_ECC_MODE),
  };
}

/** Forgets every compiled block, so the next runs translate their code afresh (the benchmark
 *  makes every run pay for its translations, as qemu's runs do). */
export function forgetCompiledBlocks(): void {
  compiled.clear();
}

function keyOf(mc: Machine, region: Region): string {
  return `${mc.ramSize}:${mc.ramOrigin}:${mc.ecc}:${regionCode(region)}`;
}

/** Whether every 64-byte line of the block's code was verified by the module's instruction
 *  fetch (with a check code, code is translated only then: the interpreter meets a bad line first). */
function fetchVerified(m: CpuModule, mc: Machine): (b: Block) => boolean {
  if (mc.ecc === L.ECC_NONE) return () => true;
  const bitmap = m.getU32(L.S_FETCHOK_BASE);
  const mem = new Uint8Array(m.exports.memory.buffer);
  return (b) => {
    for (let line = (b.start - mc.ramOrigin) >>> 6; line <= (b.end - 1 - mc.ramOrigin) >>> 6; line++) {
      if ((mem[bitmap + (line >>> 3)] & (1 << (line & 7))) === 0) return false;
    }
    return true;
  };
}

/** Drains the module's queue of hot eips, installing the region of each it can translate. */
export function serveTranslations(m: CpuModule): void {
  const count = m.getU32(L.JIT_QUEUE);
  if (count === 0) return;
  const eips = Array.from({ length: count }, (_, i) => m.getU32(L.JIT_QUEUE + 4 + 4 * i));
  m.setU32(L.JIT_QUEUE, 0);
  const mc = machineOf(m);
  const ram = m.ram();
  const usable = fetchVerified(m, mc);
  const wanted: Array<{ key: string; region: Region }> = [];
  const covered = new Set<number>();
  for (const eip of eips) {
    if (covered.has(eip)) continue; // a block of a region found in this batch already
    const region = findRegion(ram, eip, mc.ramOrigin, usable);
    if (region === "later") m.exports.jitRetryLater(eip); // the interpreter verifies its code first
    if (typeof region === "string") continue;
    for (const b of region.blocks) covered.add(b.start);
    wanted.push({ key: keyOf(mc, region), region });
  }
  compileMissing(wanted.filter((w) => !compiled.has(w.key)), mc);
  for (const { key, region } of wanted) install(m, key, region);
}

/** A module for region functions: the module's memory, and the core's jitStep (Context.viaCore). */
export function regionModuleBuilder(): ModuleBuilder {
  const mb = new ModuleBuilder();
  mb.importMemory("env", "memory", 1);
  if (mb.importFunction("env", "step", [I32, I32], [I32]) !== CORE_STEP) throw new Error("jitStep must be function 0");
  return mb;
}

/** What a region module is instantiated with, for module `m`. */
export function regionImports(m: CpuModule): WebAssembly.Imports {
  return { env: { memory: m.exports.memory, step: m.exports.jitStep } };
}

function compileMissing(regions: Array<{ key: string; region: Region }>, mc: Machine): void {
  if (regions.length === 0) return;
  const mb = regionModuleBuilder();
  const made = regions.map(({ key, region }, i) => {
    mb.addFunction(translate(region, mc).body, `r${i}`);
    return { key, name: `r${i}` };
  });
  const bytes = mb.encode();
  const module = new WebAssembly.Module(bytes);
  for (const r of made) compiled.set(r.key, { module, name: r.name });
}

function install(m: CpuModule, key: string, region: Region): void {
  const c = compiled.get(key)!;
  let mine = slots.get(m);
  if (!mine) slots.set(m, (mine = new Map()));
  let index = mine.get(key);
  if (index === undefined) {
    let inst = instances.get(m);
    if (!inst) instances.set(m, (inst = new Map()));
    let instance = inst.get(c.module);
    if (!instance) {
      instance = new WebAssembly.Instance(c.module, regionImports(m));
      inst.set(c.module, instance);
    }
    index = m.table.length;
    m.table.grow(1);
    m.table.set(index, instance.exports[c.name] as () => number);
    mine.set(key, index);
  }
  // The entry block last: if a slot is shared, the hot eip keeps its own region.
  for (let arm = region.blocks.length - 1; arm >= 0; arm--) {
    const b = region.blocks[arm];
    m.exports.jitInstall(b.start, index, arm, b.end - b.start, region.firstPage, region.lastPage);
  }
}
