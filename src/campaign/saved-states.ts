// Saved states of the fault-free run, for fast experiments: the module's memory at cycle 0 once,
// then at a checkpoint every `every` cycles only the 4 KiB pages that differ from it. An
// experiment restores the latest state before its fault into module instances it reuses (no
// new instance, no program load, no cycles before the state), and a transient fault's
// experiment can stop at a later saved state once every module equals it again. Which pages
// may differ is known from the journals (every guest write is in one) and the fault itself, so
// neither a restore nor a comparison touches the rest of memory.
import * as L from "../../assembly/layout";
import type { CpuModule } from "../core/module";
import { COMPARED } from "../harness/compare";
import { HOST_RANGES } from "../harness/state-policy";
import type { CheckpointView, LockstepStart } from "../harness/lockstep";
import type { MachineEvent } from "../harness/events";
import { sameBytes } from "../util/bytes";

const PAGE = 4096;

interface Saved {
  cycle: number;
  pages: Map<number, Uint8Array>; // page index -> its bytes, where they differ from the base
  stdout: Uint8Array;
  stderr: Uint8Array;
  inputFed: number;
  events: MachineEvent[];
}

/** Bytes a fault changed behind the journal's back: a RAM address or a disk offset. */
export interface FaultBytes {
  ram?: number;
  disk?: number;
}

// What a restore copies: everything but the journals (empty at a checkpoint) and translated
// code (cleared after a restore; the instance re-installs its own blocks).
function copiedRanges(m: CpuModule): Array<[number, number]> {
  return [[0, L.JOURNAL_BASE], [L.RAM_BASE, m.getU32(L.S_PEER_JOURNAL_BASE)]];
}

// Always copied and compared whole (small, and written without journal entries): the state
// area with the input ring, and the fetch-verified and code-page maps.
function alwaysRanges(m: CpuModule): Array<[number, number]> {
  return [[0, L.JOURNAL_BASE], [m.getU32(L.S_FETCHOK_BASE), m.getU32(L.S_DISK_BASE)]];
}

// What convergence compares: the state the harness compares at checkpoints, the stuck cells,
// the input ring, RAM and its check bytes, the disk and its checksums.
function comparedRanges(m: CpuModule): Array<[number, number]> {
  const shadow = m.getU32(L.S_SHADOW_BASE);
  const disk = m.getU32(L.S_DISK_BASE);
  return [
    ...COMPARED.map(([from, to]) => [from, to] as [number, number]),
    [L.S_STUCK_COUNT, L.S_STUCK_TABLE + L.STUCK_MAX * L.STUCK_ENTRY],
    [L.INPUT_BASE, L.INPUT_BASE + L.INPUT_SIZE],
    [L.RAM_BASE, L.RAM_BASE + m.ramSize],
    [shadow, shadow + m.ramSize],
    [disk, disk + m.diskSize + (m.diskSize / L.SECTOR_SIZE) * 4],
  ];
}


const pagesOf = (from: number, to: number) => Array.from({ length: Math.ceil(to / PAGE) - Math.floor(from / PAGE) }, (_, i) => Math.floor(from / PAGE) + i);

/** Adds to `dirty` the pages of `m`'s journal (RAM with its check bytes, disk with its
 *  checksums) and of the bytes a fault changed. */
function addWrittenPages(m: CpuModule, dirty: Set<number>, extra?: FaultBytes): void {
  const shadow = m.getU32(L.S_SHADOW_BASE);
  const disk = m.getU32(L.S_DISK_BASE);
  const sums = m.getU32(L.S_DISK_SUM_BASE);
  const add = (at: number, size: number) => {
    for (let p = Math.floor(at / PAGE); p <= Math.floor((at + size - 1) / PAGE); p++) dirty.add(p);
  };
  const ram = (addr: number, size: number) => {
    add(L.RAM_BASE + addr, size);
    add(shadow + addr, size);
  };
  const sector = (offset: number, size: number) => {
    add(disk + offset, size);
    add(sums + Math.floor(offset / L.SECTOR_SIZE) * 4, 4);
  };
  const w = m.journalWords();
  // An epoch's writes mostly fall in a few pages, one after another (a run gone astray may fill
  // whole journals with writes to one cell): a RAM write inside [lo, hi), the addresses whose page
  // and check bytes' page the previous write added, adds nothing.
  let lo = 0, hi = 0;
  for (let o = 0; o < w.length; o += L.JOURNAL_ENTRY / 4) {
    const kindSize = w[o + 1];
    const addr = w[o + 2];
    if (kindSize >>> 8 === L.J_RAM) {
      const size = Math.max(1, kindSize & 0xff);
      if (addr >= lo && addr + size <= hi) continue;
      ram(addr, size);
      const page = addr - ((L.RAM_BASE + addr) % PAGE), shadowPage = addr - ((shadow + addr) % PAGE);
      lo = Math.max(page, shadowPage);
      hi = Math.min(page, shadowPage) + PAGE;
    } else if (kindSize >>> 8 === L.J_DISK) sector(addr, Math.max(1, kindSize & 0xff));
  }
  if (extra?.ram !== undefined) ram(extra.ram, 1);
  if (extra?.disk !== undefined) sector(extra.disk, 1);
}

export class SavedStates {
  private base: Uint8Array | undefined;
  private readonly states: Saved[] = [];
  private readonly byCycle = new Map<number, Saved>();
  private readonly goldenDirty = new Set<number>(); // pages the fault-free run wrote so far
  private readonly pool: CpuModule[] = [];
  // Per reused instance: the pages in which it may differ from the base ("all" when new).
  private readonly dirty = new Map<CpuModule, Set<number> | "all">();
  // Per reused instance: its host configuration and hardware as made (HOST_RANGES). A restore
  // copies the fault-free run's state area, whose configuration may differ (a traced fault-free
  // run is interpreted) and whose stuck cells must not outlive the experiment that made them.
  private readonly made = new Map<CpuModule, Uint8Array[]>();

  constructor(
    private readonly makeModule: () => CpuModule, // as the machine makes them (Lockstep's makeModule)
    private readonly every: number,
  ) {}

  /** The fault-free run's onCheckpoint: keeps cycle 0 whole and a diff every `every` cycles. */
  readonly record = (v: CheckpointView): void => {
    const m = v.modules[0];
    if (!m) return;
    if (this.base) addWrittenPages(m, this.goldenDirty);
    const last = this.states[this.states.length - 1];
    if (last && v.cycle < last.cycle + this.every) return;
    m.exports.materializeFlags(); // as a checkpoint saves them, so that states compare equal
    const mem = m.bytes;
    const pages = new Map<number, Uint8Array>();
    if (!this.base) {
      this.base = mem.slice(0, m.memEnd);
    } else {
      const candidates = new Set(this.goldenDirty);
      for (const [from, to] of alwaysRanges(m)) for (const p of pagesOf(from, to)) candidates.add(p);
      const [[stateFrom, stateTo], [ramFrom, ramTo]] = copiedRanges(m);
      for (const p of candidates) {
        const from = Math.max(p * PAGE, p * PAGE < stateTo ? stateFrom : ramFrom);
        const to = Math.min((p + 1) * PAGE, p * PAGE < stateTo ? stateTo : ramTo);
        if (from >= to) continue;
        const a = mem.subarray(from, to);
        if (!sameBytes(a, this.base.subarray(from, to))) pages.set(p, a.slice());
      }
    }
    const s: Saved = { cycle: v.cycle, pages, stdout: v.stdout(), stderr: v.stderr(), inputFed: v.inputFed, events: [...v.events] };
    this.states.push(s);
    this.byCycle.set(s.cycle, s);
  };

  get count(): number {
    return this.states.length;
  }

  /** The latest saved state at or before `cycle`, restored into `n` reused module instances. */
  startFor(cycle: number, n: number): LockstepStart {
    let s = this.states[0];
    for (const t of this.states) if (t.cycle <= cycle) s = t;
    const modules = Array.from({ length: n }, (_, i) => this.pooled(i));
    for (const m of modules) this.restore(m, s);
    // Spares come from the pool too: a new instance costs more than a short experiment. A resync
    // overwrites what a spare holds before it runs, so only its hardware and configuration are
    // made new; what the resync writes is not in any journal, so its pages are not tracked.
    let spares = n;
    const spare = () => {
      const m = this.pooled(spares++);
      this.resetHardware(m);
      this.dirty.set(m, "all");
      return m;
    };
    return { cycle: s.cycle, modules, stdout: s.stdout, stderr: s.stderr, inputFed: s.inputFed, events: s.events, spare };
  }

  private pooled(i: number): CpuModule {
    while (this.pool.length <= i) {
      const m = this.makeModule();
      this.pool.push(m);
      this.dirty.set(m, "all");
      this.made.set(m, HOST_RANGES.map(([from, to]) => m.bytes.slice(from, to)));
    }
    return this.pool[i];
  }

  // Copies back only what may differ: the pages the instance's last state and its writes since
  // touched, and the always-copied ranges.
  private restore(m: CpuModule, s: Saved): void {
    const base = this.base!;
    const mem = m.bytes;
    const dirty = this.dirty.get(m)!;
    if (dirty === "all") {
      for (const [from, to] of copiedRanges(m)) mem.set(base.subarray(from, to), from);
    } else {
      for (const [from, to] of alwaysRanges(m)) mem.set(base.subarray(from, to), from);
      const [, [ramFrom, ramTo]] = copiedRanges(m);
      for (const p of dirty) {
        const from = Math.max(p * PAGE, ramFrom);
        const to = Math.min((p + 1) * PAGE, ramTo);
        if (from < to) mem.set(base.subarray(from, to), from);
      }
    }
    for (const [p, bytes] of s.pages) mem.set(bytes, p * PAGE);
    this.dirty.set(m, new Set(s.pages.keys()));
    this.resetHardware(m);
  }

  // The instance's configuration and hardware as made, an empty journal (the fault-free run was
  // seen before its journal was cleared), and no verified fetch lines or translated code (they
  // are another instance's or another experiment's).
  private resetHardware(m: CpuModule): void {
    this.made.get(m)!.forEach((bytes, i) => m.bytes.set(bytes, HOST_RANGES[i][0]));
    m.setU32(L.S_JOURNAL_LEN, 0);
    m.exports.fetchOkClear();
  }

  /** Notes the pages `m` wrote since its last checkpoint (its journal) and those a fault changed.
   *  Instances not reused (a fresh module slid in during the run) are not tracked. */
  noteWrites(m: CpuModule, extra?: FaultBytes): void {
    const dirty = this.dirty.get(m);
    if (dirty && dirty !== "all") addWrittenPages(m, dirty, extra);
  }

  /** Whether `disk`, a live view of a reused instance's disk (its writes noted), equals `golden`,
   *  the fault-free run's final disk. Only pages that either may have changed since the base are
   *  compared; undefined if `disk` is not such a view. */
  sameFinalDisk(disk: Uint8Array, golden: Uint8Array): boolean | undefined {
    const m = this.pool.find((x) => x.bytes.buffer === disk.buffer);
    const dirty = m && this.dirty.get(m);
    if (!dirty || dirty === "all" || disk.length !== golden.length) return undefined;
    const at = disk.byteOffset;
    for (const p of new Set([...dirty, ...this.goldenDiskPages(at, golden)])) {
      const from = Math.max(p * PAGE, at) - at;
      const to = Math.min((p + 1) * PAGE, at + disk.length) - at;
      if (from < to && !sameBytes(disk.subarray(from, to), golden.subarray(from, to))) return false;
    }
    return true;
  }

  // The pages (of module memory, the disk starting at `at`) where the fault-free run's final disk
  // differs from the base: compared in full once.
  private goldenDisk?: { of: Uint8Array; at: number; pages: number[] };
  private goldenDiskPages(at: number, golden: Uint8Array): number[] {
    if (this.goldenDisk?.of !== golden || this.goldenDisk.at !== at) {
      const pages: number[] = [];
      for (let p = Math.floor(at / PAGE); p * PAGE < at + golden.length; p++) {
        const from = Math.max(p * PAGE, at), to = Math.min((p + 1) * PAGE, at + golden.length);
        if (!sameBytes(golden.subarray(from - at, to - at), this.base!.subarray(from, to))) pages.push(p);
      }
      this.goldenDisk = { of: golden, at, pages };
    }
    return this.goldenDisk.pages;
  }

  /** Whether the saved state of exactly `cycle` exists. */
  has(cycle: number): boolean {
    return this.byCycle.has(cycle);
  }

  /** Every compared byte of `m` (a reused instance, its writes noted) equals the saved state at
   *  `cycle`. Pages neither may have changed are the base's in both and are skipped. */
  equals(m: CpuModule, cycle: number): boolean {
    const s = this.byCycle.get(cycle);
    const dirty = this.dirty.get(m);
    if (!s || !dirty || dirty === "all") return false;
    m.exports.materializeFlags();
    const mem = m.bytes;
    const base = this.base!;
    const pages = new Set([...dirty, ...s.pages.keys()]);
    for (const [from, to] of comparedRanges(m)) {
      const small = to - from <= L.INPUT_SIZE;
      for (let at = from; at < to;) {
        const p = Math.floor(at / PAGE);
        const end = Math.min(to, (p + 1) * PAGE);
        if (small || pages.has(p)) {
          const page = s.pages.get(p);
          const want = page ? page.subarray(at - p * PAGE, end - p * PAGE) : base.subarray(at, end);
          if (!sameBytes(mem.subarray(at, end), want)) return false;
        }
        at = end;
      }
    }
    return true;
  }
}
