// Runs one case on two modules with identical setup: the interpreter alone, and the translator
// with a threshold of 1 (a block is requested at the first branch to it and installed when
// run() returns). Both go through the same slices and host events; after each slice they are
// compared on everything, journal included, and the journals are cleared.
import * as L from "../../../assembly/layout";
import { CpuModule, ECC_MODES } from "../../../src/core/module";
import { serveTranslations } from "../../../src/jit/service";
import type { FlipAt, JitCase } from "./case";
import { differences } from "./compare";
import { link, type Linked } from "./link";

export interface Outcome {
  /** Index in the schedule of the slice after which the modules first differed. */
  step?: number;
  diffs: string[];
  /** Cycles the translating module ran. */
  cycles: number;
  /** Status both modules ended with. */
  status: number;
}

/** Sees the translating module when a case starts and after each slice (and may change its blocks). */
export interface Observer {
  attach(m: CpuModule): void;
  afterRun(m: CpuModule): void;
}

const TERMINAL = new Set([L.ST_EXIT, L.ST_HLT, L.ST_FAULT, L.ST_MACHINE_CHECK, L.ST_STOPPED]);

/**
 * The two modules a case runs on. Creating a module costs more than a case (its memory is new
 * and every first touch of a page faults), so by default a pair per RAM size is kept and
 * re-initialized: init() clears all of its memory, state, translated blocks and queue.
 */
export class Machines {
  private readonly pool = new Map<number, [CpuModule, CpuModule]>();
  constructor(
    readonly wasm: WebAssembly.Module,
    private readonly reuse = true,
  ) {}

  pair(c: JitCase): [CpuModule, CpuModule] {
    const make = (jit: boolean) => new CpuModule(this.wasm, { ramSize: c.ramSize, diskSize: 512, ecc: c.ecc, jit, jitThreshold: 1, translator: serveTranslations });
    let pair = this.reuse ? this.pool.get(c.ramSize) : undefined;
    if (!pair) {
      pair = [make(false), make(true)];
      if (this.reuse) this.pool.set(c.ramSize, pair);
      return pair;
    }
    pair.forEach((m, i) => {
      if (m.exports.init(c.ramSize, 512) !== 0) throw new Error("init failed");
      m.setU32(L.S_ECC_MODE, ECC_MODES[c.ecc]);
      m.setU32(L.S_JIT_ON, i);
      m.setU32(L.S_JIT_THRESHOLD, 1);
    });
    return pair;
  }
}

export function setUp(m: CpuModule, c: JitCase, linked: Linked): void {
  m.exports.resetCpu(L.CPU_FLAT32);
  for (const [addr, bytes] of c.fills) m.loadRam(addr, bytes);
  m.loadRam(c.origin, linked.bytes);
  for (const ref of c.dataRefs) {
    const v = linked.resolve(ref.to);
    const bytes = [v, v >>> 8, v >>> 16, v >>> 24];
    if (ref.selector !== undefined) bytes.push(ref.selector, ref.selector >>> 8);
    m.loadRam(ref.addr, Uint8Array.from(bytes));
  }
  c.regs.forEach((v, r) => m.setReg(r, v));
  m.eip = linked.labels.get(c.entry)!;
  m.eflags = c.eflags;
}

/** The RAM address a flip lands on (undefined: outside RAM, nothing flips). */
export function flipAddress(at: FlipAt, m: CpuModule, linked: Linked): number | undefined {
  let a: number;
  if ("code" in at) a = linked.labels.get("$start")! + (at.code % (linked.bytes.length + 64));
  else if ("reg" in at) a = (m.reg(at.reg) + at.offset) >>> 0;
  else a = at.addr;
  return a < m.ramSize ? a : undefined;
}

export function runCase(machines: Machines, c: JitCase, meter?: Observer): Outcome {
  const linked = link(c);
  const [a, b] = machines.pair(c);
  setUp(a, c, linked);
  setUp(b, c, linked);
  meter?.attach(b);
  const both = [a, b];
  for (let i = 0; i < c.schedule.length; i++) {
    const s = c.schedule[i];
    if ("run" in s) {
      const sa = a.run(s.run);
      const sb = b.run(s.run);
      meter?.afterRun(b);
      const diffs = differences(a, b);
      if (sa !== sb) diffs.unshift(`run() returned: interpreter ${sa}, translated ${sb}`);
      if (diffs.length) return { step: i, diffs, cycles: b.cycle, status: b.status };
      a.clearJournal();
      b.clearJournal();
      if (TERMINAL.has(sa)) break;
    } else if ("flip" in s) {
      const addr = flipAddress(s.flip, a, linked);
      if (addr === undefined) continue;
      for (const m of both) {
        const base = s.shadow ? m.getU32(L.S_SHADOW_BASE) : L.RAM_BASE;
        m.bytes[base + addr] ^= s.bits;
        m.exports.fetchOkClear();
      }
    } else if ("materialize" in s) {
      for (const m of both) m.exports.materializeFlags();
    } else {
      for (const m of both) m.setU32(L.S_JOURNAL_CAP, s.journalCap);
    }
  }
  return { diffs: [], cycles: b.cycle, status: b.status };
}
