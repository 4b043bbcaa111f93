// Runs cases through our core's interpreter: one module (1 MiB of RAM, no ECC, no translated
// blocks: test/jit-*.test.ts check those) reused for every case, reset between them, each case
// exactly one run(1) (run(2) when a lead instruction comes first).
import * as L from "../../../assembly/layout";
import { CpuModule } from "../../../src/core/module";
import { CODE_BASE, CODE_FILLER, REGIONS, type FuzzCase, type Outcome } from "./fuzz-case";

const FAULTS: Record<number, string> = {
  [L.FAULT_DIVIDE]: "DE",
  [L.FAULT_INVALID_OPCODE]: "UD",
  [L.FAULT_BREAKPOINT]: "interrupt 3",
  [L.FAULT_OVERFLOW]: "interrupt 4",
  [L.FAULT_BOUND]: "interrupt 5",
};

export class CoreRunner {
  private readonly m: CpuModule;
  /** Each region's contents before the case, rebuilt per case. */
  private readonly initial = REGIONS.map((r) => new Uint8Array(r.size));

  constructor(wasm: WebAssembly.Module, private readonly memory: { base: number; bytes: Uint8Array }[]) {
    this.m = new CpuModule(wasm, { ramSize: 1 << 20, diskSize: 512, ecc: "none", jit: false });
  }

  run(c: FuzzCase): Outcome {
    const m = this.m;
    m.exports.resetCpu(L.CPU_FLAT32);
    m.clearJournal();
    const ram = m.ram();
    REGIONS.forEach((region, k) => {
      const img = this.initial[k];
      if (region.base === CODE_BASE) {
        img.fill(CODE_FILLER);
        img.set(c.code, c.eip - CODE_BASE);
      } else {
        img.set(this.memory.find((mem) => mem.base === region.base)!.bytes);
      }
      for (const [a, v] of c.patches) if (a >= region.base && a < region.base + region.size) img[a - region.base] = v;
      ram.set(img, region.base);
    });
    // The host changed RAM behind the CPU's back: what fetch verified or translated is stale.
    m.exports.fetchOkClear();
    c.regs.forEach((v, r) => m.setReg(r, v));
    m.eip = c.eip;
    m.eflags = c.eflags;
    const status = m.run(c.lead ? 2 : 1);
    const mem: [number, number][] = [];
    REGIONS.forEach((region, k) => diffInto(mem, ram, region.base, this.initial[k]));
    return {
      regs: Array.from({ length: 8 }, (_, r) => m.reg(r)),
      eip: m.eip,
      eflags: m.eflags,
      mem,
      exception: this.exception(status),
    };
  }

  private exception(status: number): string | null {
    const m = this.m;
    if (status === L.ST_CYCLE_LIMIT) return null;
    if (status !== L.ST_FAULT) return `status ${status}`;
    const fault = m.getU32(L.S_FAULT);
    if (fault === L.FAULT_MEMORY) {
      const info = m.getU32(L.S_FAULT_INFO);
      return `${info & L.FAULT_WRITE ? "write" : "read"} fault at 0x${m.getU32(L.S_FAULT_ADDR).toString(16)}`;
    }
    if (fault === L.FAULT_INT) return `interrupt ${m.getU32(L.S_FAULT_ADDR)}`;
    return FAULTS[fault] ?? `fault ${fault}`;
  }
}

/** Appends [address, byte] for every byte of RAM at `base` that differs from `initial`. */
function diffInto(out: [number, number][], ram: Uint8Array, base: number, initial: Uint8Array): void {
  const words = new Uint32Array(ram.buffer, ram.byteOffset + base, initial.length >>> 2);
  const before = new Uint32Array(initial.buffer, initial.byteOffset, initial.length >>> 2);
  for (let w = 0; w < words.length; w++) {
    if (words[w] === before[w]) continue;
    for (let k = w * 4; k < w * 4 + 4; k++) if (ram[base + k] !== initial[k]) out.push([base + k, ram[base + k]]);
  }
}
