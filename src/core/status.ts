// What a stopped module's status means, in words and as a process exit status. Faults map to
// the status a shell shows for the signal Linux would send (128 + signo), so a run compares
// directly with the same program under qemu-i386.
import * as L from "../../assembly/layout";
import type { CpuModule } from "./module";
import { describeUnsupported, missingExtension } from "../linux/unsupported";

export const EXIT_MAX_CYCLES = 124; // as timeout(1)
export const EXIT_MACHINE_CHECK = 125;
export const EXIT_STOPPED = 126;
export const EXIT_UNSUPPORTED = 127; // as a shell's "not found": the machine lacks what was asked

const SIGILL = 4, SIGTRAP = 5, SIGFPE = 8, SIGSEGV = 11;

export interface StopInfo {
  /** "exit", "halt", "fault", "machine-check", "stopped", "max-cycles" */
  kind: string;
  exitCode: number;
  message: string; // empty for a normal exit
}

const hex8 = (v: number) => "0x" + (v >>> 0).toString(16).padStart(8, "0");
const hexb = (v: number) => (v & 0xff).toString(16).toUpperCase().padStart(2, "0");

export function describeStop(m: CpuModule, programKind: "elf" | "bin"): StopInfo {
  const st = m.status;
  const eip = m.getU32(L.S_INSN_EIP);
  switch (st) {
    case L.ST_EXIT:
      return { kind: "exit", exitCode: m.exitCode, message: "" };
    case L.ST_HLT:
      if (programKind === "bin") return { kind: "halt", exitCode: 0, message: "" };
      return {
        kind: "fault",
        exitCode: 128 + SIGSEGV,
        message: `hlt at eip ${hex8(eip)}: privileged in a Linux process`,
      };
    case L.ST_FAULT:
      return describeFault(m, eip);
    case L.ST_MACHINE_CHECK: {
      const addr = m.getU32(L.S_MCE_ADDR);
      const what = m.getU32(L.S_MCE_KIND) === L.MCE_DISK
        ? `disk sector ${addr} fails its checksum`
        : `uncorrectable memory error at ${hex8(addr)}`;
      return { kind: "machine-check", exitCode: EXIT_MACHINE_CHECK, message: `machine check: ${what}` };
    }
    case L.ST_STOPPED:
      return { kind: "stopped", exitCode: EXIT_STOPPED, message: "the CPU stopped" };
    case L.ST_UNSUPPORTED:
      return {
        kind: "unsupported",
        exitCode: EXIT_UNSUPPORTED,
        message: `${describeUnsupported(m.getU32(L.S_FAULT_ADDR), m.getU32(L.S_FAULT_INFO))} (at eip ${hex8(eip)})`,
      };
    default:
      return { kind: "running", exitCode: 0, message: "" };
  }
}

function ramText(m: CpuModule): string {
  const size = `${m.ramSize >>> 20} MiB`;
  return m.ramOrigin === 0 ? size : `${size} at ${hex8(m.ramOrigin)}-${hex8(m.ramOrigin + m.ramSize - 1)}`;
}

function describeFault(m: CpuModule, eip: number): StopInfo {
  const fault = m.getU32(L.S_FAULT);
  const at = `at eip ${hex8(eip)}`;
  switch (fault) {
    case L.FAULT_DIVIDE:
      return { kind: "fault", exitCode: 128 + SIGFPE, message: `divide error (#DE) ${at}` };
    case L.FAULT_INVALID_OPCODE: {
      const n = m.getU32(L.S_FAULT_NBYTES);
      const b = m.getU32(L.S_FAULT_BYTES);
      const raw = Array.from({ length: n }, (_, i) => (b >>> (i * 8)) & 0xff);
      const bytes = raw.map(hexb).join(" ");
      const ext = missingExtension(raw);
      const why = ext ? `: ${ext} instructions are not emulated` : "";
      return { kind: "fault", exitCode: 128 + SIGILL, message: `invalid opcode ${bytes} ${at}${why}` };
    }
    case L.FAULT_BREAKPOINT:
      return { kind: "fault", exitCode: 128 + SIGTRAP, message: `breakpoint (int3) ${at}` };
    case L.FAULT_OVERFLOW:
      return { kind: "fault", exitCode: 128 + SIGSEGV, message: `overflow trap (into) ${at}` };
    case L.FAULT_BOUND:
      return { kind: "fault", exitCode: 128 + SIGSEGV, message: `bound range exceeded ${at}` };
    case L.FAULT_INT: {
      const v = m.getU32(L.S_FAULT_ADDR);
      return { kind: "fault", exitCode: 128 + SIGSEGV, message: `int 0x${v.toString(16)} ${at} has no handler (only int 0x80 is a system call)` };
    }
    case L.FAULT_MEMORY: {
      const info = m.getU32(L.S_FAULT_INFO);
      const dir = info & L.FAULT_WRITE ? "write" : "read";
      const size = info & 0xff;
      const addr = m.getU32(L.S_FAULT_ADDR);
      return {
        kind: "fault",
        exitCode: 128 + SIGSEGV,
        message: `memory fault: ${dir} of ${size} byte${size > 1 ? "s" : ""} at ${hex8(addr)} is outside RAM (${ramText(m)}) ${at}`,
      };
    }
    default:
      return { kind: "fault", exitCode: 128 + SIGSEGV, message: `fault ${fault} ${at}` };
  }
}
