// What a caller sees of the machine between steps: plain data (structured-clone safe, so a worker
// can post it), read from the modules' memory without changing it.
import * as L from "../../assembly/layout";
import { REG_NAMES, type CpuModule, type EccMode } from "../core/module";
import type { ModuleName } from "../faults/spec";
import type { MachineEvent } from "./events";

export type ModuleViewState = "online" | "offline" | "resyncing" | "removed";

export interface JournalView {
  cycle: number;
  address: number;
  size: number;
  value: number;
  old: number;
  kind: string; // "ram", "disk", "output"
}

export interface ModuleView {
  name: ModuleName;
  state: ModuleViewState;
  cycle: number;
  status: string; // STATUS_NAMES
  eip: number;
  eflags: number; // the lazy arithmetic flags computed
  regs: { eax: number; ecx: number; edx: number; ebx: number; esp: number; ebp: number; esi: number; edi: number };
  segs: { es: number; cs: number; ss: number; ds: number; fs: number; gs: number };
  journal: JournalView[]; // writes since the last checkpoint, the newest JOURNAL_VIEW_MAX
  resync?: { from: ModuleName; copied: number; total: number };
}

export interface MachineView {
  mode: "simplex" | "dmr" | "tmr";
  cycle: number;
  checkpoint: number;
  epoch: number;
  ecc: EccMode;
  modules: ModuleView[];
  events: MachineEvent[];
  output: { stdout: Uint8Array; stderr: Uint8Array; pending: number }; // committed; pending: bytes not yet agreed
  faults: Array<{ text: string; injectedAt?: number; applied: boolean }>;
  finished?: { exitCode: number; outcome?: string; message: string };
}

export interface MemoryView {
  address: number;
  bytes: Uint8Array;
  check: Uint8Array; // the ECC check byte of each byte
  ramSize: number;
  ramOrigin: number; // the guest address of RAM's first byte
}

export const JOURNAL_VIEW_MAX = 256;

/** EFLAGS' named bits: name, bit, what it means (the page's cards and inspect's text share them). */
export const EFLAGS_BITS: ReadonlyArray<readonly [string, number, string]> = [
  ["CF", 0, "carry"], ["PF", 2, "parity"], ["AF", 4, "auxiliary carry"], ["ZF", 6, "zero"], ["SF", 7, "sign"],
  ["TF", 8, "trap"], ["IF", 9, "interrupt enable"], ["DF", 10, "direction"], ["OF", 11, "overflow"],
];

/** The set flags of an EFLAGS value by name ("ZF PF"), or "-" when none is. */
export const flagsText = (eflags: number): string => EFLAGS_BITS.filter(([, b]) => (eflags >>> b) & 1).map(([n]) => n).join(" ") || "-";

/** A module's status (L.ST_*) in words. A module paused at an epoch's end is still running. */
export const STATUS_NAMES: Record<number, string> = {
  [L.ST_RUNNING]: "running",
  [L.ST_CYCLE_LIMIT]: "running",
  [L.ST_JOURNAL_FULL]: "journal-full",
  [L.ST_NEED_INPUT]: "waiting-for-input",
  [L.ST_EXIT]: "exited",
  [L.ST_HLT]: "halted",
  [L.ST_FAULT]: "fault",
  [L.ST_MACHINE_CHECK]: "machine-check",
  [L.ST_STOPPED]: "stopped",
  [L.ST_TRANSLATE]: "running",
};

const SEG_NAMES = ["es", "cs", "ss", "ds", "fs", "gs"] as const;
const KIND_NAMES: Record<number, string> = { [L.J_RAM]: "ram", [L.J_DISK]: "disk", [L.J_OUT]: "output" };

/** A module's registers, state and journal. `checkpoint` dates the journal's entries (they hold a cycle's low 32 bits). */
export function moduleView(
  name: ModuleName,
  state: ModuleViewState,
  m: CpuModule,
  checkpoint: number,
  resync?: ModuleView["resync"],
): ModuleView {
  const regs = Object.fromEntries(REG_NAMES.map((r, i) => [r, m.reg(i)])) as ModuleView["regs"];
  const segs = Object.fromEntries(SEG_NAMES.map((s, i) => [s, m.segSel(i)])) as ModuleView["segs"];
  const n = m.journalLength;
  const journal: JournalView[] = [];
  for (let i = Math.max(0, n - JOURNAL_VIEW_MAX); i < n; i++) journal.push(journalEntryView(m, i, checkpoint));
  const view: ModuleView = {
    name, state, cycle: m.cycle, status: STATUS_NAMES[m.status] ?? `status ${m.status}`,
    eip: m.eip, eflags: m.eflags, regs, segs, journal,
  };
  if (resync) view.resync = resync;
  return view;
}

/** Entry `i` of a module's journal; `checkpoint` (where the journal began) gives its cycle's high bits. */
export function journalEntryView(m: CpuModule, i: number, checkpoint: number): JournalView {
  const e = m.journalEntry(i);
  const base = checkpoint - (checkpoint % 2 ** 32);
  const cycle = base + e.cycle < checkpoint ? base + e.cycle + 2 ** 32 : base + e.cycle;
  return { cycle, address: e.kind === L.J_RAM ? e.address + m.ramOrigin : e.address, size: e.size, value: e.value, old: e.old, kind: KIND_NAMES[e.kind] ?? String(e.kind) };
}

/** Bytes of a module's RAM and their check bytes; the window is clipped to RAM. */
export function memoryView(m: CpuModule, address: number, length: number): MemoryView {
  // Guest addresses; RAM holds [ramOrigin, ramOrigin + ramSize).
  const lo = m.ramOrigin, hi = m.ramOrigin + m.ramSize;
  const from = Math.max(lo, Math.min(Math.floor(address), hi));
  const to = Math.max(from, Math.min(from + Math.max(0, Math.floor(length)), hi));
  const shadow = m.getU32(L.S_SHADOW_BASE);
  return {
    address: from,
    bytes: m.bytes.slice(L.RAM_BASE + from - lo, L.RAM_BASE + to - lo),
    check: m.bytes.slice(shadow + from - lo, shadow + to - lo),
    ramSize: m.ramSize,
    ramOrigin: lo,
  };
}
