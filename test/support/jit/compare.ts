// Everything two modules must agree on after a slice: registers, EFLAGS as computed from the lazy
// state (the raw lazy fields may differ), eip, cycle, status and fault details, segment
// selectors, the journal entry by entry, RAM and its check bytes.
import * as L from "../../../assembly/layout";
import type { CpuModule, JournalEntry } from "../../../src/core/module";
import { REG_NAMES } from "../../../src/core/module";

const hex = (v: number) => "0x" + (v >>> 0).toString(16);
const REPORTED = new Set([L.ST_FAULT, L.ST_MACHINE_CHECK, L.ST_HLT]);

const FIELDS: Array<[string, (m: CpuModule) => number]> = [
  ["status", (m) => m.status],
  ["cycle", (m) => m.cycle],
  ["eip", (m) => m.eip],
  ...REG_NAMES.map((n, i) => [n, (m: CpuModule) => m.reg(i)] as [string, (m: CpuModule) => number]),
  ["eflags", (m) => m.eflags],
  ...["es", "cs", "ss", "ds", "fs", "gs"].map((n, s) => [n, (m: CpuModule) => m.segSel(s)] as [string, (m: CpuModule) => number]),
  ["exit code", (m) => m.exitCode],
  // Also stored when an instruction is suspended to resume later (a rep cut short): it means
  // something only where a stop reports it.
  ["faulting eip", (m) => (REPORTED.has(m.status) ? m.getU32(L.S_INSN_EIP) : 0)],
  ["fault", (m) => m.getU32(L.S_FAULT)],
  ["fault address", (m) => m.getU32(L.S_FAULT_ADDR)],
  ["fault info", (m) => m.getU32(L.S_FAULT_INFO)],
  ["fault bytes", (m) => m.getU32(L.S_FAULT_BYTES)],
  ["machine check kind", (m) => m.getU32(L.S_MCE_KIND)],
  ["machine check address", (m) => m.getU32(L.S_MCE_ADDR)],
  ["ECC corrections", (m) => m.getU32(L.S_ECC_CORRECTED)],
];

export function formatEntry(e: JournalEntry): string {
  const kind = e.kind === L.J_RAM ? "ram" : e.kind === L.J_OUT ? "out" : e.kind === L.J_DISK ? "disk" : `kind ${e.kind}`;
  return `cycle ${e.cycle} ${kind}/${e.size} @${hex(e.address)} = ${hex(e.value)} (old ${hex(e.old)}, old check ${hex(e.oldCheck)})`;
}

/** The differences between the interpreter's module `a` and the translating module `b`; RAM and
 *  check bytes are compared unless `ram` is false (the journal shows every guest write). */
export function differences(a: CpuModule, b: CpuModule, { ram = true, max = 12 } = {}): string[] {
  const out: string[] = [];
  for (const [name, get] of FIELDS) {
    if (get(a) !== get(b)) out.push(`${name}: interpreter ${hex(get(a))}, translated ${hex(get(b))}`);
  }
  const n = Math.max(a.journalLength, b.journalLength);
  if (a.journalLength !== b.journalLength) out.push(`journal length: interpreter ${a.journalLength}, translated ${b.journalLength}`);
  const wa = a.journalWords();
  const wb = b.journalWords();
  for (let i = 0; i < n && out.length < max; i++) {
    const same = i < a.journalLength && i < b.journalLength && [0, 1, 2, 3, 4, 5].every((k) => wa[i * 6 + k] === wb[i * 6 + k]);
    if (same) continue;
    const show = (m: CpuModule) => (i < m.journalLength ? formatEntry(m.journalEntry(i)) : "(none)");
    out.push(`journal[${i}]: interpreter ${show(a)}; translated ${show(b)}`);
  }
  if (!ram) return out.slice(0, max);
  out.push(...bytesDiffer("RAM", a.ram(), b.ram(), 0));
  if (a.getU32(L.S_ECC_MODE) !== L.ECC_NONE) {
    const sa = a.getU32(L.S_SHADOW_BASE);
    const sb = b.getU32(L.S_SHADOW_BASE);
    out.push(...bytesDiffer("check byte", a.bytes.subarray(sa, sa + a.ramSize), b.bytes.subarray(sb, sb + b.ramSize), 0));
  }
  return out.slice(0, max);
}

function bytesDiffer(what: string, x: Uint8Array, y: Uint8Array, base: number): string[] {
  if (Buffer.compare(x, y) === 0) return [];
  const out: string[] = [];
  for (let i = 0; i < x.length && out.length < 4; i++) {
    if (x[i] !== y[i]) out.push(`${what} at ${hex(base + i)}: interpreter ${hex(x[i])}, translated ${hex(y[i])}`);
  }
  return out;
}
