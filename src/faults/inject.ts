// Applies a fault to a module's hardware. Faults change the machine the way the failure would:
// a flipped cell keeps its old check code, so ECC finds it when it is read; a flipped disk bit
// keeps its sector's old checksum; a register has no check at all. Nothing here tells the
// harness that a fault happened: it must find out the way the machine would.
import * as L from "../../assembly/layout";
import { REG_NAMES, type CpuModule } from "../core/module";
import type { FaultSpec } from "./spec";

/** Validates a fault against the machine's sizes; returns an error text or undefined. */
/** RAM faults name guest addresses (what the program, the disassembly and gdb show); RAM starts at
 *  `ramOrigin` (src/loader/process.ts), so the cell is at offset addr - ramOrigin. */
export function checkFault(f: FaultSpec, ramSize: number, diskSize: number, ramOrigin = 0): string | undefined {
  if ((f.kind === "ram" || f.kind === "stuck") && (f.addr < ramOrigin || f.addr - ramOrigin >= ramSize)) {
    const hex = (v: number) => `0x${v.toString(16)}`;
    return `addr ${hex(f.addr)} is outside RAM (${hex(ramOrigin)} to ${hex(ramOrigin + ramSize - 1)})`;
  }
  if (f.kind === "disk" && f.sector * 512 >= diskSize) {
    return `sector ${f.sector} is outside the disk (${diskSize / 512} sectors)`;
  }
  return undefined;
}

/**
 * Checks what no single fault shows: a module's RAM holds at most L.STUCK_MAX stuck bits (the
 * core's table), so a list with more on one module is refused rather than one silently dropped.
 */
export function checkFaultList(faults: readonly FaultSpec[]): { spec: FaultSpec; problem: string } | undefined {
  const stuck = new Map<string, number>();
  for (const f of faults) {
    if (f.kind !== "stuck") continue;
    const n = (stuck.get(f.module) ?? 0) + 1;
    stuck.set(f.module, n);
    if (n > L.STUCK_MAX) return { spec: f, problem: `module ${f.module} can hold at most ${L.STUCK_MAX} stuck bits` };
  }
  return undefined;
}

/** Hardware effect of ram, reg, disk, stuck and halt faults (pull and insert are the machine's). */
export function applyFault(m: CpuModule, f: FaultSpec): void {
  switch (f.kind) {
    case "ram":
      m.bytes[L.RAM_BASE + f.addr - m.ramOrigin] ^= 1 << f.bit;
      m.exports.fetchOkClear();
      break;
    case "stuck":
      // checkFaultList keeps a module's stuck bits within the table: a refusal here is a bug.
      if (m.exports.stuckAdd(f.addr - m.ramOrigin, f.bit, f.value) !== 0) throw new Error(`${f.text}: the stuck-bit table is full`);
      m.exports.fetchOkClear();
      break;
    case "disk":
      m.disk()[f.sector * 512 + f.byte] ^= 1 << f.bit;
      break;
    case "reg":
      if (f.reg === "eip") m.eip = (m.eip ^ (1 << f.bit)) >>> 0;
      else if (f.reg === "eflags") m.eflags = (m.eflags ^ (1 << f.bit)) >>> 0;
      else {
        const r = REG_NAMES.indexOf(f.reg);
        m.setReg(r, m.reg(r) ^ (1 << f.bit));
      }
      break;
    case "halt":
      m.status = L.ST_STOPPED;
      break;
    default:
      break;
  }
}
