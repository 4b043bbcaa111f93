// Comparing modules: their journals entry by entry (cycle, kind|size, address, value; the old
// value is each module's own business) and their architectural state at a checkpoint.
import * as L from "../../assembly/layout";
import type { CpuModule } from "../core/module";
import { comparedRanges } from "./state-policy";

const WORDS = L.JOURNAL_ENTRY / 4;

/** Index of the first entry where the journals differ; -1 if they are identical. */
export function firstJournalDifference(a: CpuModule, b: CpuModule): number {
  return firstDifferenceWith(a, b.journalWords());
}

/** As firstJournalDifference, with the partner's journal words (from a module in another thread). */
export function firstDifferenceWith(a: CpuModule, peer: Uint32Array): number {
  const na = a.journalLength;
  const nb = peer.length / WORDS;
  const n = Math.min(na, nb);
  // The partner's entries go next to a's, and a's core compares them: a copy and a wasm loop are
  // several times faster than comparing entry by entry here.
  a.bytes.set(new Uint8Array(peer.buffer, peer.byteOffset, n * L.JOURNAL_ENTRY), a.getU32(L.S_PEER_JOURNAL_BASE));
  const i = a.exports.journalMismatch(n);
  if (i >= 0) return i;
  return na === nb ? -1 : n;
}

/** The compared fields of an entry, as a key (equal keys: the modules agree on the write). */
export function entryKey(m: CpuModule, i: number): string {
  if (i >= m.journalLength) return `end@${m.cycle}:${m.status}`;
  const w = m.journalWords();
  const o = i * WORDS;
  // cycle, kind and size, address, value: the old value and check bytes are the module's own past.
  return `${w[o + L.JE_CYCLE / 4]}:${w[o + L.JE_KIND_SIZE / 4]}:${w[o + L.JE_ADDRESS / 4]}:${w[o + L.JE_VALUE / 4]}`;
}

// State compared at a checkpoint, after flags are materialized: what layout.ts marks compared
// (registers and eip, eflags, segments and modes, control and descriptor-table registers, cycle,
// status, exit code, syscall progress, brk and the input ring pointers, the devices, the Linux
// process's TLS entries, memory, signals, name and fd table), each range
// with the name a divergence reports.
const NAMES: Record<number, string> = {
  [L.S_REGS]: "registers", [L.S_EIP]: "registers", [L.S_EFLAGS]: "eflags", [L.S_SEG_SEL]: "segments",
  [L.S_CODE32]: "segments", [L.S_CR0]: "control registers", [L.S_CR3]: "control registers", [L.S_CYCLE]: "cycle",
  [L.S_STATUS]: "status", [L.S_SYS_PROGRESS]: "syscall state", [L.S_BRK]: "brk and input", [L.S_IN_HEAD]: "brk and input",
  [L.S_GDTR_BASE]: "descriptor tables", [L.S_UART]: "devices", [L.S_ATA]: "devices",
  [L.S_TLS]: "linux process", [L.S_MMAP_LOW]: "linux process", [L.S_COMM]: "process name", [L.S_FDS]: "fd table",
  [L.S_FPU_ST]: "x87 registers", [L.S_FPU_CW]: "x87 control, status and tags",
};
export const COMPARED = comparedRanges((offset) => NAMES[offset] ?? `state at 0x${offset.toString(16)}`);

/** The first compared field that differs between two modules (flags materialized), or undefined. */
export function stateDifference(a: CpuModule, b: CpuModule): string | undefined {
  return stateDifferenceWith(a, comparedState(b));
}

/** A module's compared state (flags materialized), its COMPARED ranges one after another. */
export function comparedState(m: CpuModule): Uint8Array {
  m.exports.materializeFlags();
  const out = new Uint8Array(COMPARED_BYTES);
  let at = 0;
  for (const [from, to] of COMPARED) {
    out.set(m.bytes.subarray(from, to), at);
    at += to - from;
  }
  return out;
}
const COMPARED_BYTES = COMPARED.reduce((n, [from, to]) => n + to - from, 0);

/** As stateDifference, with the partner's comparedState (from a module in another thread). */
export function stateDifferenceWith(a: CpuModule, peer: Uint8Array): string | undefined {
  a.exports.materializeFlags();
  const ba = a.bytes;
  let at = 0;
  for (const [from, to, name] of COMPARED) {
    for (let i = from; i < to; i++, at++) if (ba[i] !== peer[at]) return name === "registers" ? registerName(i) : name;
  }
  return undefined;
}

function registerName(offset: number): string {
  const names = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "eip"];
  return names[(offset - L.S_REGS) >> 2] ?? "registers";
}

/** A key for a module's end-of-epoch state (used by the tmr vote when journals agree). */
export function stateKey(m: CpuModule): string {
  const state = comparedState(m);
  const parts: string[] = [];
  let at = 0;
  for (const [from, to] of COMPARED) {
    parts.push(Array.from(state.subarray(at, at + to - from)).join(","));
    at += to - from;
  }
  return parts.join("|");
}
