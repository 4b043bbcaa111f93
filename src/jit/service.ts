// Serves a module's requests for translated blocks between runs: the core queued hot eips; each
// is translated (or found already compiled, for this or another module with the same RAM size,
// check code and code bytes), compiled in one batch, instantiated against the module's memory,
// put in its function table and installed. Translation only changes speed, never results.
import * as L from "../../assembly/layout";
import type { CpuModule } from "../core/module";
import { ModuleBuilder } from "./wasm";
import { findBlock, type Block } from "./block";
import { translate } from "./translate";
import type { Machine } from "./context";

interface Compiled {
  module: WebAssembly.Module;
  name: string;
  length: number;
  writes: number;
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

function keyOf(mc: Machine, block: Block): string {
  let hex = "";
  for (const b of block.bytes) hex += b.toString(16).padStart(2, "0");
  return `${mc.ramSize}:${mc.ramOrigin}:${mc.ecc}:${block.start}:${hex}`;
}

/** Drains the module's queue of hot eips, installing a block for each it can translate. */
export function serveTranslations(m: CpuModule): void {
  const count = m.getU32(L.JIT_QUEUE);
  if (count === 0) return;
  const eips = Array.from({ length: count }, (_, i) => m.getU32(L.JIT_QUEUE + 4 + 4 * i));
  m.setU32(L.JIT_QUEUE, 0);
  const mc = machineOf(m);
  const ram = m.ram();
  const wanted: Array<{ key: string; block: Block }> = [];
  for (const eip of eips) {
    const block = findBlock(ram, eip, mc.ramOrigin);
    if (block) wanted.push({ key: keyOf(mc, block), block });
  }
  compileMissing(wanted.filter((w) => !compiled.has(w.key)), mc);
  for (const { key, block } of wanted) install(m, key, block.start);
}

function compileMissing(blocks: Array<{ key: string; block: Block }>, mc: Machine): void {
  if (blocks.length === 0) return;
  const mb = new ModuleBuilder();
  mb.importMemory("env", "memory", 1);
  const made = blocks.map(({ key, block }, i) => {
    const t = translate(block, mc);
    mb.addFunction(t.body, `b${i}`);
    return { key, name: `b${i}`, length: block.end - block.start, writes: t.writes };
  });
  const module = new WebAssembly.Module(mb.encode());
  for (const b of made) compiled.set(b.key, { module, name: b.name, length: b.length, writes: b.writes });
}

function install(m: CpuModule, key: string, eip: number): void {
  const c = compiled.get(key)!;
  let mine = slots.get(m);
  if (!mine) slots.set(m, (mine = new Map()));
  let index = mine.get(key);
  if (index === undefined) {
    let inst = instances.get(m);
    if (!inst) instances.set(m, (inst = new Map()));
    let instance = inst.get(c.module);
    if (!instance) {
      instance = new WebAssembly.Instance(c.module, { env: { memory: m.exports.memory } });
      inst.set(c.module, instance);
    }
    index = m.table.length;
    m.table.grow(1);
    m.table.set(index, instance.exports[c.name] as () => number);
    mine.set(key, index);
  }
  m.exports.jitInstall(eip, index, c.length, c.writes);
}
