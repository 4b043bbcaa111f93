// Def/use pruning of RAM bit flips (--prune defuse). The fault-free run is traced (the core
// reports every data read and write, instruction fetch and undone write with its cycle), and for
// each RAM byte the accesses are kept in order. A flip struck at cycle c (before that cycle's
// instruction) acts at the byte's first access at or after c:
//   - none, or a write: the flipped value is overwritten (or never looked at) before anything
//     reads it, so the run is the fault-free run: benign, without running it;
//   - a read at cycle r: every flip of that bit between the previous access and r does the same
//     thing (nothing looks at the byte meanwhile), so the experiment injects at r, which is
//     cheaper (a later saved state to start from, and no epochs run with a dormant difference).
// Instruction fetch verifies whole 64-byte lines against their check bytes, and a flip makes the
// next fetch of any line verify it again, so a fetch counts as a read of every byte of the lines
// it may touch. Counting too many reads only runs experiments that could have been skipped;
// a missed write likewise. Bytes a rollback restored are never pruned.
//
// Disk flips are followed per 512-byte sector. Every use of a sector's bytes by the core verifies
// the sector's checksum first, and a write keeps the old checksum's difference (the flip stays
// visible to the next check), so no access makes a disk flip harmless: any access at all (a
// verify, a read, a write, a write undone) counts as a read of the whole sector, and the flip is
// injected just before it. A flip whose sector the rest of the run never touches lies until the
// scrub before the disk's release (src/harness/lockstep.ts), the same for every such flip of a
// module: the caller runs one and reuses its ending.
import * as L from "../../assembly/layout";
import type { TraceSink } from "../core/module";
import { UserError } from "../errors";

const LINE = 64;
// A fetch reads at most 16 bytes; gathering them near a line's end verifies up to 16 more.
const FETCH_SPAN = 32;

/** Growable Uint32 list. */
class U32List {
  data = new Uint32Array(1 << 16);
  length = 0;
  push3(a: number, b: number, c: number): void {
    if (this.length + 3 > this.data.length) {
      const more = new Uint32Array(this.data.length * 2);
      more.set(this.data);
      this.data = more;
    }
    this.data[this.length++] = a;
    this.data[this.length++] = b;
    this.data[this.length++] = c;
  }
}

/** Per place (byte or line), its entries in trace order: start offsets and lengths into one array. */
interface Lists {
  start: Uint32Array;
  length: Uint32Array;
  entries: Uint32Array;
}

/** Position of the first entry of a place's list whose cycle (entry >>> 1) is at least `cycle`
 *  (the list's end if none). */
function firstAtOrAfter(l: Lists, place: number, cycle: number): number {
  let lo = l.start[place];
  let hi = lo + l.length[place];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (l.entries[mid] >>> 1 < cycle) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
const end = (l: Lists, place: number) => l.start[place] + l.length[place];

// Each entry is cycle << 1 | written (unsigned 32 bits), so cycles must stay below 2^31.
const MAX_CYCLE = 2 ** 31 - 1;

function buildLists(places: number, raw: U32List, spread: (first: number, count: number, kind: number) => [number, number] | undefined): Lists {
  const counts = new Uint32Array(places + 1);
  const d = raw.data;
  for (let i = 0; i < raw.length; i += 3) {
    const span = spread(d[i + 1], d[i + 2] >>> 2, d[i + 2] & 3);
    if (span) for (let p = span[0]; p < span[1]; p++) counts[p]++;
  }
  const start = new Uint32Array(places + 1);
  for (let p = 0; p < places; p++) start[p + 1] = start[p] + counts[p];
  const length = new Uint32Array(places);
  const entries = new Uint32Array(start[places]);
  for (let i = 0; i < raw.length; i += 3) {
    const kind = d[i + 2] & 3;
    const span = spread(d[i + 1], d[i + 2] >>> 2, kind);
    if (!span) continue;
    const entry = ((d[i] << 1) | (kind === L.TRACE_WRITE ? 1 : 0)) >>> 0;
    for (let p = span[0]; p < span[1]; p++) {
      const n = length[p];
      if (n && entries[start[p] + n - 1] === entry) continue; // the same access again
      entries[start[p] + n] = entry;
      length[p] = n + 1;
    }
  }
  return { start, length, entries };
}

const SECTOR = 512;

/** What a RAM flip at a cycle does, by the fault-free run's accesses to its byte. */
export type FlipFate =
  | { fate: "dead" } // overwritten or never accessed before any read: benign without running
  | { fate: "read"; at: number } // first read at cycle `at`: inject there
  | { fate: "unknown" }; // a byte a rollback restored: run the fault as drawn

/** What a disk flip at a cycle does, by the fault-free run's accesses to its sector. */
export type DiskFate =
  | { fate: "read"; at: number } // the sector's first access at or after the flip: inject there
  | { fate: "end" } // untouched until the run ends: the scrub before the disk's release finds it
  | { fate: "unknown" }; // past the disk the faults strike (the file area, not traced): run it as drawn

export class DefUse {
  private constructor(
    private readonly bytes: Lists,
    private readonly lines: Lists,
    private readonly restored: Uint8Array,
    private readonly sectors: Lists,
  ) {}

  /** Collects a trace: hand `sink` to the traced run, then call `finish`. `diskSize`: the disk
   *  the faults strike (the file area after it is not sampled). */
  static collector(ramSize: number, diskSize: number): { sink: TraceSink; finish: () => DefUse } {
    const data = new U32List();
    const fetches = new U32List();
    const disk = new U32List();
    const restored = new Uint8Array(ramSize);
    const sectorCount = Math.ceil(diskSize / SECTOR);
    // The cycle each sector was last recorded at: a copy touches a sector many times an instruction.
    const lastSeen = new Float64Array(sectorCount).fill(-1);
    let tooLong = false;
    const sink: TraceSink = (kind, phys, size, cycle) => {
      if (cycle > MAX_CYCLE) tooLong = true;
      else if (kind === L.TRACE_DISK) {
        const last = Math.min(sectorCount, Math.floor((phys + Math.max(1, size) - 1) / SECTOR) + 1);
        for (let s = Math.floor(phys / SECTOR); s < last; s++) {
          if (lastSeen[s] === cycle) continue;
          lastSeen[s] = cycle;
          disk.push3(cycle, s, (1 << 2) | L.TRACE_READ);
        }
      } else if (kind === L.TRACE_FETCH) fetches.push3(cycle, phys, (size << 2) | kind);
      else if (kind === L.TRACE_UNDO) restored.fill(1, phys, Math.min(ramSize, phys + size));
      else data.push3(cycle, phys, (size << 2) | kind);
    };
    const finish = () => {
      if (tooLong) throw new UserError(`--prune defuse: the fault-free run is longer than ${MAX_CYCLE} cycles, more than the trace holds`);
      const lineCount = Math.ceil(ramSize / LINE);
      const bytes = buildLists(ramSize, data, (phys, size) => (phys < ramSize ? [phys, Math.min(ramSize, phys + size)] : undefined));
      const lines = buildLists(lineCount, fetches, (phys) => {
        if (phys >= ramSize) return undefined; // a fetch outside RAM faults
        return [Math.floor(phys / LINE), Math.min(lineCount, Math.floor((phys + FETCH_SPAN - 1) / LINE) + 1)];
      });
      const sectors = buildLists(sectorCount, disk, (s) => [s, s + 1]);
      return new DefUse(bytes, lines, restored, sectors);
    };
    return { sink, finish };
  }

  /**
   * The fate of a flip of RAM byte `phys` struck at `cycle`; with `stuck`, of the bit stuck from
   * then on. A stuck bit outlives writes: it is dead only if nothing reads the byte again, and
   * acts from the byte's first access (a write it spoils, or a read), where it is injected.
   */
  fate(cycle: number, phys: number, stuck = false): FlipFate {
    if (this.restored[phys]) return { fate: "unknown" };
    const line = Math.floor(phys / LINE);
    const f = firstAtOrAfter(this.lines, line, cycle);
    const fetch = f < end(this.lines, line) ? this.lines.entries[f] >>> 1 : Infinity;
    let i = firstAtOrAfter(this.bytes, phys, cycle);
    const last = end(this.bytes, phys);
    const first = i < last ? this.bytes.entries[i] >>> 1 : Infinity;
    // A fetch starts its cycle, before the instruction's data accesses.
    if (fetch < Infinity && fetch <= first) return { fate: "read", at: fetch };
    if (!stuck) return i === last || this.bytes.entries[i] & 1 ? { fate: "dead" } : { fate: "read", at: first };
    while (i < last && this.bytes.entries[i] & 1 && this.bytes.entries[i] >>> 1 < fetch) i++;
    return i < last || fetch < Infinity ? { fate: "read", at: first } : { fate: "dead" };
  }

  /** The fate of a flip of disk byte `offset` struck at `cycle`. */
  diskFate(cycle: number, offset: number): DiskFate {
    const sector = Math.floor(offset / SECTOR);
    if (sector >= this.sectors.length.length) return { fate: "unknown" };
    const i = firstAtOrAfter(this.sectors, sector, cycle);
    return i < end(this.sectors, sector) ? { fate: "read", at: this.sectors.entries[i] >>> 1 } : { fate: "end" };
  }
}
