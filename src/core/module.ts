// One module: an instance of the core with its own memory. Everything it is lives in that memory
// (assembly/layout.ts), so this class is a thin typed view: registers, RAM, disk and journal
// are read and written in place, and snapshot or mirror are plain copies.
import * as L from "../../assembly/layout";
import { UserError } from "../errors";

/** The most memory one module may span (assembly/index.ts's layoutEnd must stay within it). */
export const MODULE_MEMORY_MAX = 2 ** 32 - L.PAGE;

// A module's memory is addressed with 32 bits: RAM, its check bytes and the disk must fit in it
// together. Refused up front, with the largest disk that would fit.
export function checkModuleFits(from: CoreExports | WebAssembly.Module, ramSize: number, diskSize: number): void {
  const core = from instanceof WebAssembly.Module
    ? new WebAssembly.Instance(from, { env: { table: new WebAssembly.Table({ initial: 1, element: "anyfunc" }), traceAccess: noTrace } }).exports as unknown as CoreExports
    : from;
  if (core.layoutEnd(ramSize, diskSize) <= MODULE_MEMORY_MAX) return;
  if (core.layoutEnd(ramSize, 0) > MODULE_MEMORY_MAX) {
    throw new UserError(`--ram: ${ramSize >>> 20} MiB of RAM does not fit in a module (4 GiB in all, with its check bytes): at most ${largestRam(core) >>> 20} MiB`);
  }
  let most = Math.floor((MODULE_MEMORY_MAX - core.layoutEnd(ramSize, 0)) / 512) * 512;
  while (most > 0 && core.layoutEnd(ramSize, most) > MODULE_MEMORY_MAX) most -= 512;
  throw new UserError(`--disk: a ${diskSize}-byte disk does not fit in a module beside ${ramSize >>> 20} MiB of RAM (4 GiB in all): at most ${most} bytes with this RAM`);
}

// The most RAM (a whole MiB) a module can have with no disk.
function largestRam(core: CoreExports): number {
  let lo = 0, hi = 4095; // MiB
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (core.layoutEnd(mid * 2 ** 20, 0) <= MODULE_MEMORY_MAX) lo = mid;
    else hi = mid - 1;
  }
  return lo * 2 ** 20;
}

export interface CoreExports {
  memory: WebAssembly.Memory;
  init(ramSize: number, diskSize: number): number;
  layoutEnd(ramSize: number, diskSize: number): number;
  resetCpu(mode: number): void;
  setSegment(seg: number, sel: number): void;
  run(maxCycles: number): number;
  getEflags(): number;
  setEflags(v: number): void;
  materializeFlags(): void;
  eccRebuild(start: number, len: number): void;
  touchRam(phys: number, len: number): void;
  fetchOkClear(): void;
  diskSumsRebuild(): void;
  badSectorFrom(from: number): number;
  sectorGood(sector: number): number;
  stuckAdd(addr: number, bit: number, value: number): number;
  undoJournal(to: number): void;
  journalMismatch(n: number): number;
  journalHash(n: number): bigint;
  epochDigest(n: number, journal: number): void;
  rangeHash(p: number, len: number): bigint;
  jitInstall(eip: number, index: number, arm: number, length: number, firstPage: number, lastPage: number): number;
  jitFlush(): void;
  jitRetryLater(eip: number): void;
  jitStep(next: number, room: number): number;
  fpuTagWord(): number;
  setTracing(on: number): void;
}

/** Receives a traced module's RAM accesses (assembly/trace.ts): L.TRACE_* kind, RAM offset, size, cycle. */
export type TraceSink = (kind: number, phys: number, size: number, cycle: number) => void;
const noTrace: TraceSink = () => {};
let traceSink: TraceSink | undefined;

/** Runs `body` with every module it creates tracing its RAM accesses into `sink` (the harness
 *  makes its modules itself; this reaches them without a trace option on every layer). */
export function tracingModules<T>(sink: TraceSink, body: () => T): T {
  const before = traceSink;
  traceSink = sink;
  try {
    return body();
  } finally {
    traceSink = before;
  }
}

export type EccMode = "none" | "parity" | "secded";
export const ECC_MODES: Record<EccMode, number> = {
  none: L.ECC_NONE,
  parity: L.ECC_PARITY,
  secded: L.ECC_SECDED,
};

export const REG_NAMES = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"] as const;
export type RegName = (typeof REG_NAMES)[number];

/**
 * Serves the core's requests for translated blocks between runs (src/jit/service.ts's
 * serveTranslations). The module does not import the translator: whoever builds one hands it in.
 */
export type Translator = (m: CpuModule) => void;

export interface ModuleOptions {
  ramSize: number;
  diskSize: number;
  /** Guest linear address of RAM's first byte (default 0); see L.S_RAM_ORIGIN. */
  ramOrigin?: number;
  ecc?: EccMode;
  /** Run hot code as translated blocks (default true, given a translator); the interpreter alone otherwise. */
  jit?: boolean;
  /** What translates hot code; without one every instruction is interpreted. */
  translator?: Translator;
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
  private readonly translator?: Translator;
  /** Guest linear address of RAM offset 0. RAM methods below take RAM offsets (physical). */
  readonly ramOrigin: number;
  private u8!: Uint8Array;
  private u32!: Uint32Array;
  private dv!: DataView;

  constructor(wasm: WebAssembly.Module, options: ModuleOptions) {
    this.table = new WebAssembly.Table({ initial: 1, element: "anyfunc" });
    const sink = traceSink;
    const instance = new WebAssembly.Instance(wasm, { env: { table: this.table, traceAccess: sink ?? noTrace } });
    this.exports = instance.exports as unknown as CoreExports;
    this.ramSize = options.ramSize;
    this.diskSize = options.diskSize;
    checkModuleFits(this.exports, options.ramSize, options.diskSize);
    this.ramOrigin = options.ramOrigin ?? 0;
    if (this.exports.init(options.ramSize, options.diskSize) !== 0) {
      throw new UserError(`cannot allocate a module with ${options.ramSize >>> 20} MiB of RAM and a ${options.diskSize}-byte disk: the host is out of memory`);
    }
    this.refreshViews();
    this.setU32(L.S_ECC_MODE, ECC_MODES[options.ecc ?? "parity"]);
    this.translator = options.translator;
    this.setU32(L.S_RAM_ORIGIN, this.ramOrigin);
    this.setU32(L.S_JIT_ON, options.jit === false || !this.translator ? 0 : 1);
    this.setU32(L.S_JIT_THRESHOLD, options.jitThreshold ?? L.JIT_THRESHOLD);
    if (sink) this.exports.setTracing(1);
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
  /** Has the host hand out RAM [addr, addr + len) and its check bytes now, unchanged: memory the
   *  guest is about to use (assembly/memory.ts touchRam says why). */
  prepareRam(addr: number, len: number): void {
    this.exports.touchRam(addr, len);
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
  /** Where the journal's first entry is in the module's memory (L.S_JOURNAL_AT). */
  get journalAt(): number {
    return this.getU32(L.S_JOURNAL_AT);
  }
  /** Makes the `length` entries at `at` the journal (an 8-aligned place in this memory). */
  setJournal(at: number, length: number): void {
    this.setU32(L.S_JOURNAL_AT, at);
    this.setU32(L.S_JOURNAL_LEN, length);
  }
  /** Grows the memory by at least `bytes` past everything the module uses and past what it had
   *  grown before; returns where the new room starts. Views are renewed. */
  growRoom(bytes: number): number {
    const mem = this.exports.memory;
    const from = Math.max(this.memEnd, mem.buffer.byteLength);
    const pages = Math.ceil((from + bytes) / L.PAGE) - mem.buffer.byteLength / L.PAGE;
    if (from + bytes > MODULE_MEMORY_MAX) throw new UserError(`cannot grow a module's memory past 4 GiB (${from + bytes} bytes asked for)`);
    if (pages > 0) mem.grow(pages);
    this.refreshViews();
    return from;
  }
  /** The journal's words: entry i occupies words [i*6, i*6+6). */
  journalWords(): Uint32Array {
    const at = this.journalAt >>> 2;
    return this.u32.subarray(at, at + this.journalLength * (L.JOURNAL_ENTRY / 4));
  }
  journalEntry(i: number): JournalEntry {
    const at = this.journalAt + i * L.JOURNAL_ENTRY;
    const word = (field: number) => this.u32[(at + field) >>> 2];
    const ks = word(L.JE_KIND_SIZE);
    return {
      cycle: word(L.JE_CYCLE),
      kind: ks >>> 8,
      size: ks & 0xff,
      address: word(L.JE_ADDRESS),
      value: word(L.JE_VALUE),
      old: word(L.JE_OLD),
      oldCheck: word(L.JE_OLD_CHECK),
    };
  }

  /** Whether disk sector `sector` matches its checksum (the core's own check). */
  sectorGood(sector: number): boolean {
    return this.exports.sectorGood(sector) !== 0;
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
      if (this.u32[L.JIT_QUEUE >>> 2] !== 0) this.translator?.(this);
      if (st !== L.ST_TRANSLATE) return st;
    }
  }
}
