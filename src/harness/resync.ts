// Resync (hot swap): brings a fresh module online by copying RAM, disk and state from a good
// module while the machine keeps running. At each checkpoint the next chunk is copied; the
// source's journal tells which RAM pages and disk sectors it wrote since they were copied; once
// every chunk is copied, a short pause copies those and the CPU and device state, and the new
// module joins the lockstep at that checkpoint.
import * as L from "../../assembly/layout";
import type { CpuModule } from "../core/module";
import { RESYNC_RANGES } from "./state-policy";

const PAGE = 4096;
const WORDS = L.JOURNAL_ENTRY / 4;

export interface PauseStats {
  pages: number; // dirty RAM pages copied in the pause
  sectors: number; // dirty disk sectors copied in the pause
  bytes: number; // everything copied in the pause, state included
}

export class Resync {
  private copied = 0; // bytes of the copy order (RAM, then disk) done
  private readonly dirtyPages = new Set<number>();
  private readonly dirtySectors = new Set<number>();
  readonly total: number;

  constructor(
    readonly target: CpuModule,
    readonly startedAt: number,
    private readonly chunk: number,
  ) {
    this.total = target.ramSize + target.diskSize;
  }

  /** An independent copy of the job's progress, copying into `target` (time travel). */
  clone(target = this.target): Resync {
    const c = new Resync(target, this.startedAt, this.chunk);
    c.copied = this.copied;
    for (const p of this.dirtyPages) c.dirtyPages.add(p);
    for (const s of this.dirtySectors) c.dirtySectors.add(s);
    return c;
  }

  get progress(): number {
    return this.copied / this.total;
  }

  /** Notes the source's writes of the epoch that just agreed (call before its journal is cleared). */
  noteWrites(source: CpuModule): void {
    const w = source.journalWords();
    const ramDone = Math.min(this.copied, source.ramSize);
    const diskDone = Math.max(0, this.copied - source.ramSize);
    for (let i = 0, o = 0; i < source.journalLength; i++, o += WORDS) {
      const kind = w[o + L.JE_KIND_SIZE / 4] >>> 8;
      const size = w[o + L.JE_KIND_SIZE / 4] & 0xff;
      const addr = w[o + L.JE_ADDRESS / 4];
      if (kind === L.J_RAM) {
        for (let p = Math.floor(addr / PAGE); p <= Math.floor((addr + size - 1) / PAGE); p++) {
          if (p * PAGE < ramDone) this.dirtyPages.add(p);
        }
      } else if (kind === L.J_DISK && addr < diskDone) {
        this.dirtySectors.add(Math.floor(addr / L.SECTOR_SIZE));
      }
    }
  }

  /** Copies the next chunk while the machine runs; true once everything was copied once. */
  copyChunk(source: CpuModule): boolean {
    const end = Math.min(this.total, this.copied + this.chunk);
    const ram = source.ramSize;
    if (this.copied < ram) copyRam(source, this.target, this.copied, Math.min(end, ram));
    if (end > ram) copyDisk(source, this.target, Math.max(this.copied, ram) - ram, end - ram);
    this.copied = end;
    return end >= this.total;
  }

  /** The pause: dirty pages and sectors, then the whole CPU and device state. */
  finish(source: CpuModule): PauseStats {
    let bytes = 0;
    for (const p of this.dirtyPages) bytes += copyRam(source, this.target, p * PAGE, Math.min((p + 1) * PAGE, source.ramSize));
    for (const s of this.dirtySectors) bytes += copyDisk(source, this.target, s * L.SECTOR_SIZE, (s + 1) * L.SECTOR_SIZE);
    source.exports.materializeFlags();
    for (const [from, to] of RESYNC_RANGES) {
      this.target.bytes.set(source.bytes.subarray(from, to), from);
      bytes += to - from;
    }
    this.target.clearJournal();
    this.target.exports.fetchOkClear();
    return { pages: this.dirtyPages.size, sectors: this.dirtySectors.size, bytes };
  }
}

// RAM bytes [from, to) and their check bytes.
function copyRam(src: CpuModule, dst: CpuModule, from: number, to: number): number {
  const shadow = src.getU32(L.S_SHADOW_BASE);
  dst.bytes.set(src.bytes.subarray(L.RAM_BASE + from, L.RAM_BASE + to), L.RAM_BASE + from);
  dst.bytes.set(src.bytes.subarray(shadow + from, shadow + to), shadow + from);
  return 2 * (to - from);
}

// Disk bytes [from, to) (sector aligned) and their sectors' checksums.
function copyDisk(src: CpuModule, dst: CpuModule, from: number, to: number): number {
  const disk = src.getU32(L.S_DISK_BASE);
  const sums = src.getU32(L.S_DISK_SUM_BASE);
  dst.bytes.set(src.bytes.subarray(disk + from, disk + to), disk + from);
  const s0 = sums + (Math.floor(from / L.SECTOR_SIZE) << 2);
  const s1 = sums + (Math.ceil(to / L.SECTOR_SIZE) << 2);
  dst.bytes.set(src.bytes.subarray(s0, s1), s0);
  return to - from + (s1 - s0);
}
