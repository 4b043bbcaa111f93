// One module: an instance of the core with its own memory. Everything it is lives in that memory
// (assembly/layout.ts), so this class is a thin typed view: registers, RAM, disk and journal
// are read and written in place, and snapshot or mirror are plain copies.
import * as L from "../../assembly/layout";
import { serveTranslations } from "../jit/service";

export interface CoreExports {
  memory: WebAssembly.Memory;
  init(ramSize: number, diskSize: number): number;
  resetCpu(mode: number): void;
  setSegment(seg: number, sel: number): void;
  run(maxCycles: number): number;
  getEflags(): number;
  setEflags(v: number): void;
  materializeFlags(): void;
  eccRebuild(start: number, len: number): void;
  fetchOkClear(): void;
  diskSumsRebuild(): void;
  stuckAdd(addr: number, bit: number, value: number): number;
  undoJournal(to: number): void;
  journalMismatch(n: number): number;
  jitInstall(eip: number, index: number, length: number, writes: number): number;
  jitFlush(): void;
}

export type EccMode = "none" | "parity" | "secded";
export const ECC_MODES: Record<EccMode, number> = {
  none: L.ECC_NONE,
  parity: L.ECC_PARITY,
  secded: L.ECC_SECDED,
};

export const REG_NAMES = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"] as const;
export type RegName = (typeof REG_NAMES)[number];

export interface ModuleOptions {
  ramSize: number;
  diskSize: number;
  /** Guest linear address of RAM's first byte (default 0); see L.S_RAM_ORIGIN. */
  ramOrigin?: number;
  ecc?: EccMode;
  /** Run hot code as translated blocks (default true); the interpreter alone otherwise. */
  jit?: boolean;
  /** Branches to an eip before it is translated (default L.JIT_THRESHOLD; tests use 1). */
  jitThreshold?: number;
}

/** One decoded journal entry. */
export interface JournalEntry {
  cycle: number; // low 32 bits of the cycle
  kind: number; // L.J_RAM, L.J_DISK, L.J_OUT
  size: number;
  address: number;
  value: number;
  old: number;
  oldCheck: number;
}

export class CpuModule {
  readonly exports: CoreExports;
  /** The function table translated blocks are called through (slot 0 stays empty). */
  readonly table: WebAssembly.Table;
  readonly ramSize: number;
  readonly diskSize: number;
  /** Guest linear address of RAM offset 0. RAM methods below take RAM offsets (physical). */
  readonly ramOrigin: number;
  private u8!: Uint8Array;
  private u32!: Uint32Array;
  private dv!: DataView;

  constructor(wasm: WebAssembly.Module, options: ModuleOptions) {
    this.table = new WebAssembly.Table({ initial: 1, element: "anyfunc" });
    const instance = new WebAssembly.Instance(wasm, { env: { table: this.table } });
    this.exports = instance.exports as unknown as CoreExports;
    this.ramSize = options.ramSize;
    this.diskSize = options.diskSize;
    this.ramOrigin = options.ramOrigin ?? 0;
    if (this.exports.init(options.ramSize, options.diskSize) !== 0) {
      throw new Error(`cannot allocate a module with ${options.ramSize} bytes of RAM`);
    }
    this.refreshViews();
    this.setU32(L.S_ECC_MODE, ECC_MODES[options.ecc ?? "parity"]);
    this.setU32(L.S_RAM_ORIGIN, this.ramOrigin);
    this.setU32(L.S_JIT_ON, options.jit === false ? 0 : 1);
    this.setU32(L.S_JIT_THRESHOLD, options.jitThreshold ?? L.JIT_THRESHOLD);
  }

  /** Views must be renewed whenever the memory grows (init does). */
  private refreshViews(): void {
    const buf = this.exports.memory.buffer;
    this.u8 = new Uint8Array(buf);
    this.u32 = new Uint32Array(buf);
    this.dv = new DataView(buf);
  }

  getU32(off: number): number {
    return this.u32[off >>> 2];
  }
  setU32(off: number, v: number): void {
    this.u32[off >>> 2] = v >>> 0;
  }

  /** The whole linear memory of the module (for mirror and compare). */
  get bytes(): Uint8Array {
    return this.u8;
  }
  get memEnd(): number {
    return this.getU32(L.S_MEM_END);
  }

  // ---- registers ----
  reg(r: number): number {
    return this.u32[(L.S_REGS >>> 2) + r];
  }
  setReg(r: number, v: number): void {
    this.u32[(L.S_REGS >>> 2) + r] = v >>> 0;
  }
  get eip(): number {
    return this.getU32(L.S_EIP);
  }
  set eip(v: number) {
    this.setU32(L.S_EIP, v);
  }
  get eflags(): number {
    return this.exports.getEflags() >>> 0;
  }
  set eflags(v: number) {
    this.exports.setEflags(v);
  }
  segSel(s: number): number {
    return this.getU32(L.S_SEG_SEL + s * 4);
  }
  segBase(s: number): number {
    return this.getU32(L.S_SEG_BASE + s * 4);
  }
  setSegment(s: number, sel: number): void {
    this.exports.setSegment(s, sel);
  }

  get cycle(): number {
    return this.getU32(L.S_CYCLE) + this.getU32(L.S_CYCLE + 4) * 2 ** 32;
  }
  set cycle(v: number) {
    this.setU32(L.S_CYCLE, v % 2 ** 32);
    this.setU32(L.S_CYCLE + 4, Math.floor(v / 2 ** 32));
  }
  get status(): number {
    return this.getU32(L.S_STATUS);
  }
  set status(v: number) {
    this.setU32(L.S_STATUS, v);
  }
  get exitCode(): number {
    return this.getU32(L.S_EXIT_CODE);
  }

  // ---- memory ----
  /** A live view of guest RAM. */
  ram(): Uint8Array {
    return this.u8.subarray(L.RAM_BASE, L.RAM_BASE + this.ramSize);
  }
  /** A live view of the disk buffer. */
  disk(): Uint8Array {
    const base = this.getU32(L.S_DISK_BASE);
    return this.u8.subarray(base, base + this.diskSize);
  }
  /** Writes bytes into RAM from the host (loading), keeping the check bytes right. */
  loadRam(addr: number, data: Uint8Array): void {
    if (addr < 0 || addr + data.length > this.ramSize) {
      throw new RangeError(`RAM load at 0x${addr.toString(16)} of ${data.length} bytes is outside RAM`);
    }
    this.u8.set(data, L.RAM_BASE + addr);
    this.exports.eccRebuild(addr, data.length);
  }
  readRam(addr: number, len: number): Uint8Array {
    return this.u8.slice(L.RAM_BASE + addr, L.RAM_BASE + addr + len);
  }
  ramU32(addr: number): number {
    return this.dv.getUint32(L.RAM_BASE + addr, true);
  }
  /** Replaces the disk contents (zero-filled past the data) and recomputes sector checksums. */
  loadDisk(data: Uint8Array): void {
    const d = this.disk();
    d.fill(0);
    d.set(data.subarray(0, this.diskSize));
    this.exports.diskSumsRebuild();
  }

  // ---- journal ----
  get journalLength(): number {
    return this.getU32(L.S_JOURNAL_LEN);
  }
  clearJournal(): void {
    this.setU32(L.S_JOURNAL_LEN, 0);
  }
  /** The journal's words: entry i occupies words [i*6, i*6+6). */
  journalWords(): Uint32Array {
    return this.u32.subarray(L.JOURNAL_BASE >>> 2, (L.JOURNAL_BASE >>> 2) + this.journalLength * 6);
  }
  journalEntry(i: number): JournalEntry {
    const w = (L.JOURNAL_BASE >>> 2) + i * 6;
    const ks = this.u32[w + 1];
    return {
      cycle: this.u32[w],
      kind: ks >>> 8,
      size: ks & 0xff,
      address: this.u32[w + 2],
      value: this.u32[w + 3],
      old: this.u32[w + 4],
      oldCheck: this.u32[w + 5],
    };
  }

  // ---- console input ----
  /** Appends input bytes; returns how many fit in the ring. */
  pushInput(data: Uint8Array): number {
    const head = this.getU32(L.S_IN_HEAD);
    let tail = this.getU32(L.S_IN_TAIL);
    const room = L.INPUT_SIZE - ((tail - head) >>> 0);
    const n = Math.min(room, data.length);
    for (let i = 0; i < n; i++) {
      this.u8[L.INPUT_BASE + (tail & (L.INPUT_SIZE - 1))] = data[i];
      tail = (tail + 1) >>> 0;
    }
    this.setU32(L.S_IN_TAIL, tail);
    return n;
  }
  setInputEof(): void {
    this.setU32(L.S_IN_EOF, 1);
  }

  /** Runs up to maxCycles instructions in wasm; returns the status (L.ST_*, never
   *  ST_TRANSLATE: hot code the core asks to have translated is translated here, and the run
   *  goes on). */
  run(maxCycles: number): number {
    const limit = this.cycle + Math.max(0, Math.min(maxCycles, 0xffffffff));
    for (;;) {
      const st = this.exports.run(limit - this.cycle);
      if (this.u32[L.JIT_QUEUE >>> 2] !== 0) serveTranslations(this);
      if (st !== L.ST_TRANSLATE) return st;
    }
  }
}
