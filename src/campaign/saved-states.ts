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
  // An epoch's writes mostly fall in a few pages, one after another: a RAM write whose pages (of
  // the cell and of its check bytes) are the previous one's adds nothing.
  let last = -1, lastEnd = -1, lastShadow = -1, lastShadowEnd = -1;
  for (let o = 0; o < w.length; o += L.JOURNAL_ENTRY / 4) {
    const kind = w[o + 1] >>> 8;
    const size = Math.max(1, w[o + 1] & 0xff);
    const addr = w[o + 2];
    if (kind === L.J_RAM) {
      const first = Math.floor((L.RAM_BASE + addr) / PAGE), end = Math.floor((L.RAM_BASE + addr + size - 1) / PAGE);
      const firstShadow = Math.floor((shadow + addr) / PAGE), endShadow = Math.floor((shadow + addr + size - 1) / PAGE);
      if (first === last && end === lastEnd && firstShadow === lastShadow && endShadow === lastShadowEnd) continue;
      [last, lastEnd, lastShadow, lastShadowEnd] = [first, end, firstShadow, endShadow];
      ram(addr, size);
    } else if (kind === L.J_DISK) sector(addr, size);
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
    while (this.pool.length < n) {
      const m = this.makeModule();
      this.pool.push(m);
      this.dirty.set(m, "all");
      this.made.set(m, HOST_RANGES.map(([from, to]) => m.bytes.slice(from, to)));
    }
    const modules = this.pool.slice(0, n);
    for (const m of modules) this.restore(m, s);
    return { cycle: s.cycle, modules, stdout: s.stdout, stderr: s.stderr, inputFed: s.inputFed, events: s.events };
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
    this.made.get(m)!.forEach((bytes, i) => mem.set(bytes, HOST_RANGES[i][0]));
    this.dirty.set(m, new Set(s.pages.keys()));
    m.setU32(L.S_JOURNAL_LEN, 0); // the fault-free run was seen before its journal was cleared
    m.exports.fetchOkClear(); // forget verified fetch lines and translated code: another instance's
  }

  /** Notes the pages `m` wrote since its last checkpoint (its journal) and those a fault changed.
   *  Instances not reused (a fresh module slid in during the run) are not tracked. */
  noteWrites(m: CpuModule, extra?: FaultBytes): void {
    const dirty = this.dirty.get(m);
    if (dirty && dirty !== "all") addWrittenPages(m, dirty, extra);
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
