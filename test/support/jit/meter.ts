// Measures what the translator actually ran, so that a suite that never reaches translated code
// cannot pass unnoticed: each block function the service puts in a module's table is wrapped in
// one that counts the instructions it retired. A block that retired at least its own length in
// one call ran every instruction it holds; their mnemonics are tallied.
import * as L from "../../../assembly/layout";
import type { CpuModule } from "../../../src/core/module";
import { findBlock } from "../../../src/jit/block";
import { FunctionBody, I32, ModuleBuilder } from "../../../src/jit/wasm";

let wrapper: WebAssembly.Module | undefined;

export type RegionFunction = (budget: number, arm: number) => number;

/** `block` (a region's function) behind a function that reports what each call retired to `count`. */
export function counting(block: RegionFunction, count: (retired: number) => void): RegionFunction {
  const inst = new WebAssembly.Instance(wrapperModule(), { env: { block, count } });
  return inst.exports.run as RegionFunction;
}

// (budget, arm) -> block(budget, arm), reported to count() on the way out.
function wrapperModule(): WebAssembly.Module {
  if (wrapper) return wrapper;
  const mb = new ModuleBuilder();
  const block = mb.importFunction("env", "block", [I32, I32], [I32]);
  const count = mb.importFunction("env", "count", [I32], []);
  const f = new FunctionBody([I32, I32], [I32]);
  const r = f.local(I32);
  f.get(0).get(1).call(block).tee(r).call(count).get(r);
  mb.addFunction(f, "run");
  wrapper = new WebAssembly.Module(mb.encode());
  return wrapper;
}

export class BlockMeter {
  /** Instructions retired inside translated blocks. */
  blockCycles = 0;
  /** Mnemonic -> times a block holding it ran whole. */
  readonly ran = new Map<string, number>();
  /** Mnemonic -> blocks holding it that were installed. */
  readonly installed = new Map<string, number>();
  private wrapped = new WeakMap<CpuModule, number>();

  attach(m: CpuModule): void {
    this.wrapped.set(m, m.table.length);
  }

  /** Wraps the blocks installed by the last run(). */
  afterRun(m: CpuModule): void {
    const from = this.wrapped.get(m) ?? 1;
    for (let index = from; index < m.table.length; index++) {
      const fn = m.table.get(index) as RegionFunction;
      const mnemonics = this.blockAt(m, index);
      for (const x of mnemonics) this.installed.set(x, (this.installed.get(x) ?? 0) + 1);
      const count = (n: number) => {
        this.blockCycles += n;
        if (n >= mnemonics.length) for (const x of mnemonics) this.ran.set(x, (this.ran.get(x) ?? 0) + 1);
      };
      m.table.set(index, counting(fn, count));
    }
    this.wrapped.set(m, m.table.length);
  }

  // The mnemonics of the block installed with table index `index` (just installed: its bytes
  // are those in RAM now).
  private blockAt(m: CpuModule, index: number): string[] {
    for (let s = 0; s < L.JIT_SLOTS; s++) {
      const e = L.JIT_MAP + s * L.JIT_ENTRY;
      if (m.getU32(e + 4) !== index) continue;
      const block = findBlock(m.ram(), m.getU32(e));
      return block ? block.insns.map((i) => mnemonic(i.d.form.mnemonic, i.d.form.opcode)) : [];
    }
    return [];
  }
}

// Names as in codegen's families (jcc, setcc, cmovcc collapse to one name each).
function mnemonic(m: string, opcode: number[]): string {
  const last = opcode[opcode.length - 1];
  if (opcode[0] === 0x0f && (last & 0xf0) === 0x40) return "cmovcc";
  if (opcode[0] === 0x0f && (last & 0xf0) === 0x90) return "setcc";
  if (m.startsWith("j") && m !== "jmp") return "jcc";
  return m;
}
