// The core's exports. One compiled module, instantiated once per lockstep module; the host reads
// and writes state through the exported memory at the offsets in layout.ts.
import {
  STATE_BASE, STATE_SIZE, RAM_BASE, RAM_PAD, PAGE, SECTOR_SIZE, JOURNAL_MAX, S_RAM_SIZE,
  S_SHADOW_BASE, S_FETCHOK_BASE, S_DISK_BASE, S_DISK_SIZE, S_DISK_SUM_BASE, S_MEM_END,
  S_JOURNAL_CAP, S_JOURNAL_AT, JOURNAL_BASE, S_LSIZE, S_EFLAGS, S_STATUS, S_CPU_MODE, S_CODE32, S_STACK32, S_SEG_SEL,
  S_SEG_BASE, S_SEG_LIMIT, S_TLS, TLS_ENTRIES, TLS_ENTRY, S_ECC_MODE, S_CODEMARK_BASE, S_CR0, S_CR2,
  S_CR3, S_GDTR_BASE, S_GDTR_LIMIT,
  S_IDTR_BASE, S_IDTR_LIMIT, S_PEER_JOURNAL_BASE, JOURNAL_ENTRY, JIT_MAP,
  LAZY_NONE, ST_RUNNING, CPU_REAL, CPU_FLAT32, ECC_PARITY,
  INPUT_BASE, INPUT_SIZE, SEG_CS, S_FILES_AT,
} from "./layout";
import { resetFds } from "./linux/fds";
import { eccInit } from "./ecc";
import { ataReset } from "./devices/ata";
import { loadSeg } from "./cpu";
import { fpuReset } from "./x87/state";
import { recordsClear } from "./records";

// jitStep before run: the general step (dispatch, a function holding the opcode switch) is then
// compiled before run's flat loop writes the same switch out inline, so neither meets the other
// half-inlined (AssemblyScript's AS217 warning, and a call where the body was meant).
export { jitStep } from "./jit-step";
export { run } from "./run";
export { getEflags, setEflags, materializeFlags } from "./flags";
export { eccRebuild, fetchOkClear } from "./ecc";
export { touchRam } from "./memory";
export { diskSumsRebuild, sectorGood, badSectorFrom } from "./devices/disk";
export { stuckAdd } from "./stuck";
export { undoJournal } from "./undo";
export { journalMismatch, journalHash, rangeHash } from "./journal";
export { epochDigest } from "./digest";
export { jitInstall, jitFlush, jitRetryLater } from "./jit";
export { setTracing } from "./trace";
export { tagWord as fpuTagWord } from "./x87/state"; // the x87 tag word as fnstenv writes it (gdb, tests)

@inline function align(v: u32, a: u32): u32 { return (v + a - 1) & ~(a - 1); }

// The most memory a module may span: wasm32's 4 GiB less a page, so the page count never wraps.
const MODULE_MEMORY_MAX: u64 = 0x100000000 - <u64>PAGE;

// The end of a module's memory with these sizes, computed as init lays it out but without
// wrapping: the host checks it against 4 GiB before it asks for a module (f64: exact here).
export function layoutEnd(ramSize: u32, diskSize: u32): f64 {
  let ram = <u64>ramSize, d = <u64>diskSize;
  let shadow = alignWide(<u64>RAM_BASE + ram + RAM_PAD, 64);
  let fetchOk = alignWide(shadow + ram + RAM_PAD, 64);
  let codeMark = alignWide(fetchOk + (((ram + 63) >> 6) + 7) / 8, 64);
  let disk = alignWide(codeMark + ((ram + 4095) >> 12), 64);
  let peer = alignWide(disk + d + (d / SECTOR_SIZE) * 4, 64);
  return <f64>(peer + <u64>JOURNAL_MAX * JOURNAL_ENTRY);
}
@inline function alignWide(v: u64, a: u64): u64 { return (v + a - 1) & ~(a - 1); }

// Lays out a module with ramSize bytes of RAM and a diskSize-byte disk (both multiples of 512),
// grows the memory to fit and resets every device. Returns 0, -1 if memory cannot grow, -2 if
// the layout does not fit in 32 bits (layoutEnd).
export function init(ramSize: u32, diskSize: u32): i32 {
  if (layoutEnd(ramSize, diskSize) > <f64>MODULE_MEMORY_MAX) return -2;
  let shadow = align(RAM_BASE + ramSize + RAM_PAD, 64);
  let fetchOk = align(shadow + ramSize + RAM_PAD, 64);
  let ramPages = (ramSize + 4095) >> 12;
  let codeMark = align(fetchOk + (((ramSize + 63) >> 6) + 7) / 8, 64);
  let disk = align(codeMark + ramPages, 64);
  let sums = disk + diskSize;
  let peer = align(sums + (diskSize / SECTOR_SIZE) * 4, 64);
  let end = peer + JOURNAL_MAX * JOURNAL_ENTRY;
  let pages = <i32>((end + PAGE - 1) / PAGE);
  let have = memory.size();
  if (pages > have && memory.grow(pages - have) < 0) return -1;

  memory.fill(STATE_BASE, 0, STATE_SIZE);
  memory.fill(JIT_MAP, 0, RAM_BASE - JIT_MAP); // translated blocks, hit counts, the request queue
  memory.fill(INPUT_BASE, 0, INPUT_SIZE);
  recordsClear();
  // Grown memory is zero already; clearing it would only touch (and fault in) every page.
  let reused = <u32>have * PAGE;
  if (reused > <u32>RAM_BASE) memory.fill(RAM_BASE, 0, (reused < end ? reused : end) - RAM_BASE);
  store<u32>(S_RAM_SIZE, ramSize);
  store<u32>(S_SHADOW_BASE, shadow);
  store<u32>(S_FETCHOK_BASE, fetchOk);
  store<u32>(S_CODEMARK_BASE, codeMark);
  store<u32>(S_DISK_BASE, disk);
  store<u32>(S_DISK_SIZE, diskSize);
  store<u32>(S_FILES_AT, diskSize); // no file area unless the host lays one out
  store<u32>(S_DISK_SUM_BASE, sums);
  store<u32>(S_PEER_JOURNAL_BASE, peer);
  store<u32>(S_MEM_END, end);
  store<u32>(S_JOURNAL_CAP, JOURNAL_MAX);
  store<u32>(S_JOURNAL_AT, JOURNAL_BASE);
  store<u32>(S_ECC_MODE, ECC_PARITY); // zeroed RAM has even parity: check bytes of 0 are 0
  eccInit();
  ataReset();
  resetCpu(CPU_FLAT32);
  return 0;
}

// Puts the CPU in its initial state for a mode: 32-bit flat (segments base 0, limit 4 GiB,
// Linux's user selectors) or real mode (segments base 0, 16-bit).
export function resetCpu(mode: u32): void {
  store<u32>(S_CPU_MODE, mode);
  store<u32>(S_EFLAGS, 0x2);
  store<u32>(S_LSIZE, LAZY_NONE);
  store<u32>(S_STATUS, ST_RUNNING);
  store<u32>(S_CR0, 0); // real mode, no coprocessor
  store<u32>(S_CR2, 0);
  store<u32>(S_CR3, 0);
  // As after reset: the vector table at 0 (1 KiB), an empty GDT of 64 KiB.
  store<u32>(S_GDTR_BASE, 0);
  store<u32>(S_GDTR_LIMIT, 0xffff);
  store<u32>(S_IDTR_BASE, 0);
  store<u32>(S_IDTR_LIMIT, 0x3ff);
  let flat = mode == CPU_FLAT32;
  store<u32>(S_CODE32, flat ? 1 : 0);
  store<u32>(S_STACK32, flat ? 1 : 0);
  for (let s: u32 = 0; s < 6; s++) {
    let sel: u32 = flat ? (s == SEG_CS ? 0x73 : (s < 4 ? 0x7b : 0)) : 0;
    store<u32>(S_SEG_SEL + s * 4, sel);
    store<u32>(S_SEG_BASE + s * 4, 0);
    store<u32>(S_SEG_LIMIT + s * 4, flat ? 0xffffffff : 0xffff);
  }
  memory.fill(S_TLS, 0, TLS_ENTRIES * TLS_ENTRY);
  fpuReset(); // as fninit, the state Linux starts a process in (control word 0x37f)
  resetFds();
}

// Loads a segment register as the CPU would (real mode: base = selector * 16).
export function setSegment(seg: u32, sel: u32): void {
  loadSeg(seg, sel);
}

export const MODE_REAL = CPU_REAL;
export const MODE_FLAT32 = CPU_FLAT32;
