// Resync (hot swap): brings a fresh module online by copying RAM, disk and state from a good
// module while the machine keeps running. At each checkpoint the next chunk is copied; the
// source's journal tells which RAM pages and disk sectors it wrote since they were copied; once
// every chunk is copied, a short pause copies those and the CPU and device state, and the new
// module joins the lockstep at that checkpoint.
import * as L from "../../assembly/layout";
import { CpuModule } from "../core/module";
import { RESYNC_RANGES } from "./state-policy";

const PAGE = 4096;

export interface PauseStats {
  pages: number; // dirty RAM pages copied in the pause
  sectors: number; // dirty disk sectors copied in the pause
  bytes: number; // everything copied in the pause, state included
}

/** One end of a copy: a module in this thread, or its host (whose module may be in another). */
export interface CopyEnd {
  /** Module memory [from, to) of each range (flags materialized first). */
  read(ranges: Array<[number, number]>): Uint8Array[];
  write(ranges: Array<[number, number]>, data: Uint8Array[]): void;
  layout(): ModuleLayout;
}

export interface ModuleLayout {
  ramSize: number;
  diskSize: number;
  shadow: number; // RAM check bytes
  disk: number;
  sums: number; // sector checksums
}

export function moduleLayout(m: CpuModule): ModuleLayout {
  return { ramSize: m.ramSize, diskSize: m.diskSize, shadow: m.getU32(L.S_SHADOW_BASE), disk: m.getU32(L.S_DISK_BASE), sums: m.getU32(L.S_DISK_SUM_BASE) };
}
export function readRanges(m: CpuModule, ranges: Array<[number, number]>): Uint8Array[] {
  m.exports.materializeFlags();
  return ranges.map(([from, to]) => m.bytes.subarray(from, to));
}
export function writeRanges(m: CpuModule, ranges: Array<[number, number]>, data: Uint8Array[]): void {
  ranges.forEach(([from], i) => m.bytes.set(data[i], from));
}
const endOf = (x: CpuModule | CopyEnd): CopyEnd => x instanceof CpuModule
  ? { read: (r) => readRanges(x, r), write: (r, d) => writeRanges(x, r, d), layout: () => moduleLayout(x) }
  : x;

export class Resync {
  private copied = 0; // bytes of the copy order (RAM, then disk) done
  private readonly dirtyPages = new Set<number>();
  private readonly dirtySectors = new Set<number>();
  private readonly target: CopyEnd;
  private readonly at: ModuleLayout;
  readonly total: number;

  constructor(
    target: CpuModule | CopyEnd,
    readonly startedAt: number,
    private readonly chunk: number,
  ) {
    this.target = endOf(target);
    this.at = this.target.layout();
    this.total = this.at.ramSize + this.at.diskSize;
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

  /** Notes the pages and sectors the source wrote in the epoch that just agreed (writtenPlaces,
   *  before its journal is cleared): those already copied must be copied again in the pause. */
  noteWrites(written: { pages: number[]; sectors: number[] }): void {
    const ramDone = Math.min(this.copied, this.at.ramSize);
    const diskDone = Math.max(0, this.copied - this.at.ramSize);
    for (const p of written.pages) if (p * PAGE < ramDone) this.dirtyPages.add(p);
    for (const s of written.sectors) if (s * L.SECTOR_SIZE < diskDone) this.dirtySectors.add(s);
  }

  /** Copies the next chunk while the machine runs; true once everything was copied once. */
  copyChunk(source: CpuModule | CopyEnd): boolean {
    const end = Math.min(this.total, this.copied + this.chunk);
    const ram = this.at.ramSize;
    const ranges: Array<[number, number]> = [];
    if (this.copied < ram) ramRanges(this.at, this.copied, Math.min(end, ram), ranges);
    if (end > ram) diskRanges(this.at, Math.max(this.copied, ram) - ram, end - ram, ranges);
    copy(endOf(source), this.target, ranges);
    this.copied = end;
    return end >= this.total;
  }

  /** The pause: dirty pages and sectors, then the whole CPU and device state. */
  finish(source: CpuModule | CopyEnd): PauseStats {
    const ranges: Array<[number, number]> = [];
    for (const p of this.dirtyPages) ramRanges(this.at, p * PAGE, Math.min((p + 1) * PAGE, this.at.ramSize), ranges);
    for (const s of this.dirtySectors) diskRanges(this.at, s * L.SECTOR_SIZE, (s + 1) * L.SECTOR_SIZE, ranges);
    ranges.push(...RESYNC_RANGES.map(([from, to]) => [from, to] as [number, number]));
    const bytes = copy(endOf(source), this.target, ranges);
    return { pages: this.dirtyPages.size, sectors: this.dirtySectors.size, bytes };
  }
}

function copy(from: CopyEnd, to: CopyEnd, ranges: Array<[number, number]>): number {
  if (ranges.length) to.write(ranges, from.read(ranges));
  return ranges.reduce((n, [a, b]) => n + b - a, 0);
}

// RAM bytes [from, to) and their check bytes.
function ramRanges(at: ModuleLayout, from: number, to: number, out: Array<[number, number]>): void {
  out.push([L.RAM_BASE + from, L.RAM_BASE + to], [at.shadow + from, at.shadow + to]);
}

// Disk bytes [from, to) (sector aligned) and their sectors' checksums.
function diskRanges(at: ModuleLayout, from: number, to: number, out: Array<[number, number]>): void {
  out.push([at.disk + from, at.disk + to]);
  out.push([at.sums + (Math.floor(from / L.SECTOR_SIZE) << 2), at.sums + (Math.ceil(to / L.SECTOR_SIZE) << 2)]);
}
