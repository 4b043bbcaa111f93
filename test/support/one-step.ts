// Runs single instructions in one flat-mode module (1 MiB of RAM, no ECC): set registers, flags
// and memory, run(1), read the state back. Memory written by a step is zeroed before the next,
// so a result's memory readers are valid until the next step.
import * as L from "../../assembly/layout";
import { CpuModule } from "../../src/core/module";
import { serveTranslations } from "../../src/jit/service";
import { loadCoreWasm } from "../../src/node/core-wasm";

export const CODE = 0x1000;

export interface StepInput {
  code: number[];
  /** eax..edi by index; unset registers are 0. */
  regs?: number[];
  eflags?: number;
  /** [address, bytes] */
  mem?: [number, number[]][];
}

export interface StepResult {
  regs: number[];
  eflags: number;
  eip: number;
  /** null, "DE", "UD" or "fault N". */
  fault: string | null;
  bytes(addr: number, n: number): number[];
  u32(addr: number): number;
  u16(addr: number): number;
}

let module: CpuModule | undefined;
let dirty: [number, number][] = [];

export function step(input: StepInput): StepResult {
  module ??= new CpuModule(loadCoreWasm(), { ramSize: 1 << 20, diskSize: 512, ecc: "none", translator: serveTranslations });
  const m = module;
  const ram = m.ram();
  for (const [a, n] of dirty) ram.fill(0, a, a + n);
  m.exports.resetCpu(L.CPU_FLAT32);
  m.clearJournal();
  ram.set(input.code, CODE);
  dirty = [[CODE, input.code.length]];
  for (const [a, bytes] of input.mem ?? []) {
    ram.set(bytes, a);
    dirty.push([a, bytes.length]);
  }
  for (let r = 0; r < 8; r++) m.setReg(r, input.regs?.[r] ?? 0);
  m.eip = CODE;
  m.eflags = input.eflags ?? 2;
  const status = m.run(1);
  for (let i = 0; i < m.journalLength; i++) {
    const e = m.journalEntry(i);
    if (e.kind === L.J_RAM) dirty.push([e.address, e.size]);
  }
  let fault: string | null = null;
  if (status === L.ST_FAULT) {
    const f = m.getU32(L.S_FAULT);
    fault = f === L.FAULT_DIVIDE ? "DE" : f === L.FAULT_INVALID_OPCODE ? "UD" : `fault ${f}`;
  } else if (status !== L.ST_CYCLE_LIMIT) {
    fault = `status ${status}`;
  }
  return {
    regs: Array.from({ length: 8 }, (_, r) => m.reg(r)),
    eflags: m.eflags,
    eip: m.eip,
    fault,
    bytes: (addr, n) => Array.from(ram.subarray(addr, addr + n)),
    u32: (addr) => (ram[addr] | (ram[addr + 1] << 8) | (ram[addr + 2] << 16) | (ram[addr + 3] << 24)) >>> 0,
    u16: (addr) => ram[addr] | (ram[addr + 1] << 8),
  };
}

/** Little-endian bytes of a value. */
export const le = (v: number, n: number) => Array.from({ length: n }, (_, i) => (v >>> (8 * i)) & 0xff);
