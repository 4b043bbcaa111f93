// The two sides of the x87 fuzzer: Unicorn (unicorn_x87.py, one process per batch) and our core
// (one flat-mode module reused for every case, the FPU state written into its module state).
import { fileURLToPath } from "node:url";
import * as L from "../../../assembly/layout";
import { CpuModule } from "../../../src/core/module";
import { runBatch } from "../fuzz-common/python-batch";
import { CODE_BASE, DATA_BASE, DATA_SIZE, OPERAND, type X87Case, type X87Outcome } from "./case";

const RUNNER = fileURLToPath(new URL("./unicorn_x87.py", import.meta.url));
const hex = (bytes: ArrayLike<number>) => Buffer.from(Uint8Array.from(bytes)).toString("hex");

export function runUnicornX87(cases: X87Case[]): X87Outcome[] {
  return runBatch(cases, {
    script: RUNNER,
    header: JSON.stringify({ code: CODE_BASE, data: [DATA_BASE, DATA_SIZE], operand: OPERAND }),
    line: (c) => JSON.stringify({
      index: c.index, code: hex(c.code), eflags: c.eflags, eax: c.eax,
      regs: c.fpu.regs.map((v) => [v.se, v.m.toString(16)]), top: c.fpu.top, cw: c.fpu.cw, sw: c.fpu.sw,
      empty: c.fpu.empty, operand: hex(c.operand),
    }),
    outcome: (o) => ({ regs: o.regs, sw: o.sw, cw: o.cw, tag: o.tag, eflags: o.eflags, eax: o.eax, mem: o.mem, exception: o.exception }),
    crashed: (_c, why) => ({ regs: [], sw: 0, cw: 0, tag: 0, eflags: 0, eax: 0, mem: [], exception: `unicorn crashed (${why})` }),
  });
}

export class CoreX87Runner {
  private readonly m: CpuModule;
  constructor(wasm: WebAssembly.Module) {
    this.m = new CpuModule(wasm, { ramSize: 1 << 16, diskSize: 512, ecc: "none", jit: false });
  }

  run(c: X87Case): X87Outcome {
    const m = this.m;
    m.exports.resetCpu(L.CPU_FLAT32);
    m.clearJournal();
    const ram = m.ram();
    ram.fill(0);
    ram.fill(0xcc, CODE_BASE, CODE_BASE + 0x1000);
    ram.set(c.code, CODE_BASE);
    ram.set(c.operand, OPERAND);
    m.exports.fetchOkClear();
    for (let r = 0; r < 8; r++) m.setReg(r, 0);
    m.setReg(L.EAX, c.eax);
    m.setReg(L.ESI, OPERAND);
    m.eip = CODE_BASE;
    m.eflags = c.eflags;
    const v = new DataView(m.bytes.buffer);
    c.fpu.regs.forEach((x, i) => {
      v.setBigUint64(L.S_FPU_ST + i * L.FPU_SLOT, x.m, true);
      v.setUint16(L.S_FPU_ST + i * L.FPU_SLOT + 8, x.se, true);
    });
    v.setUint32(L.S_FPU_CW, c.fpu.cw, true);
    v.setUint32(L.S_FPU_SW, c.fpu.sw, true);
    v.setUint32(L.S_FPU_TOP, c.fpu.top, true);
    v.setUint32(L.S_FPU_EMPTY, c.fpu.empty, true);
    const before = ram.slice(DATA_BASE, DATA_BASE + DATA_SIZE);
    const status = m.run(1);
    const after = m.ram();
    const mem: [number, number][] = [];
    for (let i = 0; i < DATA_SIZE; i++) if (after[DATA_BASE + i] !== before[i]) mem.push([DATA_BASE + i, after[DATA_BASE + i]]);
    const regs = Array.from({ length: 8 }, (_, i) =>
      `${v.getUint16(L.S_FPU_ST + i * L.FPU_SLOT + 8, true).toString(16).padStart(4, "0")}:${v.getBigUint64(L.S_FPU_ST + i * L.FPU_SLOT, true).toString(16).padStart(16, "0")}`);
    return {
      regs,
      sw: v.getUint32(L.S_FPU_SW, true) | (v.getUint32(L.S_FPU_TOP, true) << 11),
      cw: v.getUint32(L.S_FPU_CW, true),
      tag: m.exports.fpuTagWord(),
      eflags: m.eflags,
      eax: m.reg(L.EAX),
      mem,
      exception: status === L.ST_CYCLE_LIMIT ? null : status === L.ST_FAULT && m.getU32(L.S_FAULT) === L.FAULT_INVALID_OPCODE ? "UD" : `status ${status}`,
    };
  }
}
