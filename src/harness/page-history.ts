// Saved copies of module memory for time travel, 4 KiB page by page. Each module instance has a
// base (its memory when first seen; pages equal to another instance's base page, or all zero,
// are shared, so three identical modules cost one copy) and the pages in which it differs from
// that base now. A saved state holds references to page copies: a page that did not change
// between two saved states is one copy held by both, so memory grows with what the program
// writes, not with the number of saved states.
//
// Which pages changed is known without comparing all of memory: every guest write is in a
// journal (the caller notes each epoch's journal before it is cleared), the state area and the
// fetch and code maps are compared whole (small, written without journal entries), and an
// instance that anything else touched (a fault, a repair, a resync copy, a correction) is marked
// and compared whole at the next save.
import * as L from "../../assembly/layout";
import type { CpuModule } from "../core/module";
import { sameBytes } from "../util/bytes";

const PAGE = 4096;
const ZERO = new Uint8Array(PAGE);

/** One instance's memory at a saved state: the pages that differ from its base, and its journal. */
export interface SavedMemory {
  readonly pages: ReadonlyMap<number, Uint8Array>;
  readonly journal: Uint8Array; // the journal's used bytes (offline modules keep theirs)
}

interface Track {
  base: Uint8Array[]; // per page index in the saved ranges
  latest: Map<number, Uint8Array>; // pages that differ from the base, as last saved or restored
  dirty: Uint8Array; // 1: the page may differ from `latest` (a byte a page: journals mark them fast)
  all: boolean; // compare every page at the next save
}

// The saved ranges: the state area (registers, devices, input ring) and everything from RAM to
// the end of the disk's checksums. The journal is saved apart; translated code is never saved
// (a restore flushes it: it changes speed, never results).
function ranges(m: CpuModule): Array<[number, number]> {
  return [[0, L.JOURNAL_BASE], [L.RAM_BASE, m.getU32(L.S_PEER_JOURNAL_BASE)]];
}

function pagesIn(m: CpuModule): number[] {
  const out: number[] = [];
  for (const [from, to] of ranges(m)) for (let p = from / PAGE; p * PAGE < to; p++) out.push(p);
  return out;
}

// Written without journal entries, so compared at every save.
function alwaysPages(m: CpuModule): number[] {
  const out: number[] = [];
  for (let p = 0; p * PAGE < L.JOURNAL_BASE; p++) out.push(p);
  const from = m.getU32(L.S_FETCHOK_BASE), to = m.getU32(L.S_DISK_BASE);
  for (let p = Math.floor(from / PAGE); p * PAGE < to; p++) out.push(p);
  return out;
}

function dirtyPages(dirty: Uint8Array): number[] {
  const out: number[] = [];
  for (let p = dirty.indexOf(1); p >= 0; p = dirty.indexOf(1, p + 1)) out.push(p);
  return out;
}

export class PageHistory {
  private readonly tracks = new Map<CpuModule, Track>();
  /** Bytes of page copies made by save() so far (a running count; bytesHeld() is exact). */
  copied = 0;

  /** Notes the pages `m`'s journal wrote (call before the journal is cleared or undone). */
  noteJournal(m: CpuModule): void {
    const t = this.tracks.get(m);
    if (!t || t.all) return;
    const dirty = t.dirty;
    const shadow = m.getU32(L.S_SHADOW_BASE) - L.RAM_BASE;
    const disk = m.getU32(L.S_DISK_BASE);
    const sums = m.getU32(L.S_DISK_SUM_BASE);
    const w = m.journalWords();
    const n = m.journalLength * (L.JOURNAL_ENTRY / 4);
    for (let o = 0; o < n; o += L.JOURNAL_ENTRY / 4) {
      const kind = w[o + L.JE_KIND_SIZE / 4] >>> 8;
      const last = (w[o + L.JE_KIND_SIZE / 4] & 0xff || 1) - 1;
      const addr = w[o + L.JE_ADDRESS / 4];
      if (kind === L.J_RAM) {
        const at = L.RAM_BASE + addr;
        dirty[at >>> 12] = dirty[(at + last) >>> 12] = 1;
        dirty[(at + shadow) >>> 12] = dirty[(at + shadow + last) >>> 12] = 1;
      } else if (kind === L.J_DISK) {
        dirty[(disk + addr) >>> 12] = dirty[(disk + addr + last) >>> 12] = 1;
        dirty[(sums + ((addr / L.SECTOR_SIZE) << 2)) >>> 12] = 1;
      }
    }
  }

  /** Something other than the guest changed `m` (a fault, a repair, a copy): compare it whole next time. */
  touch(m: CpuModule): void {
    const t = this.tracks.get(m);
    if (t) t.all = true;
  }

  /** `m`'s memory now. A changed page equal to the one `sibling` (another module's state saved
   *  at the same point) holds is shared with it: modules in lockstep hold the same bytes. */
  save(m: CpuModule, sibling?: SavedMemory): SavedMemory {
    const mem = m.bytes;
    let t = this.tracks.get(m);
    if (!t) {
      t = { base: this.baseFor(m), latest: new Map(), dirty: new Uint8Array(Math.ceil(m.bytes.length / PAGE)), all: false };
      this.tracks.set(m, t);
    } else {
      this.noteJournal(m); // the epoch in progress, and an offline module's last one
      const candidates = t.all ? pagesIn(m) : [...dirtyPages(t.dirty), ...alwaysPages(m)];
      for (const p of candidates) {
        const page = mem.subarray(p * PAGE, (p + 1) * PAGE);
        const was = t.latest.get(p) ?? t.base[p];
        if (!was || sameBytes(page, was)) continue;
        if (sameBytes(page, t.base[p])) {
          t.latest.delete(p);
          continue;
        }
        const twin = sibling?.pages.get(p);
        this.copied += twin && sameBytes(page, twin) ? 0 : PAGE;
        t.latest.set(p, twin && sameBytes(page, twin) ? twin : page.slice());
      }
    }
    t.dirty.fill(0);
    t.all = false;
    const used = m.journalLength * L.JOURNAL_ENTRY;
    return { pages: new Map(t.latest), journal: mem.slice(m.journalAt, m.journalAt + used) };
  }

  /** Puts `m`'s memory back as `s` saved it; translated code is flushed. */
  restore(m: CpuModule, s: SavedMemory): void {
    const t = this.tracks.get(m)!;
    const mem = m.bytes;
    this.noteJournal(m);
    const pages = t.all ? pagesIn(m) : new Set([...dirtyPages(t.dirty), ...t.latest.keys(), ...s.pages.keys(), ...alwaysPages(m)]);
    for (const p of pages) {
      const want = s.pages.get(p) ?? t.base[p];
      if (want) mem.set(want, p * PAGE);
    }
    mem.set(s.journal, m.journalAt);
    t.latest = new Map(s.pages);
    t.dirty.fill(0);
    t.all = false;
    m.exports.jitFlush();
    m.setU32(L.JIT_QUEUE, 0);
  }

  /** Bytes held in page copies (bases and saved pages, each distinct copy once). */
  bytesHeld(saved: Iterable<SavedMemory>): number {
    const seen = new Set<Uint8Array>();
    for (const t of this.tracks.values()) for (const p of t.base) if (p) seen.add(p);
    for (const s of saved) for (const p of s.pages.values()) seen.add(p);
    let n = 0;
    for (const p of seen) n += p.length;
    for (const s of saved) n += s.journal.length;
    return n;
  }

  // A new instance's pages, shared with another instance's base where equal, or with one zero page.
  private baseFor(m: CpuModule): Uint8Array[] {
    const mem = m.bytes;
    const others = [...this.tracks.values()];
    const base: Uint8Array[] = [];
    for (const p of pagesIn(m)) {
      const page = mem.subarray(p * PAGE, (p + 1) * PAGE);
      const same = others.find((o) => o.base[p] && sameBytes(o.base[p], page));
      base[p] = same ? same.base[p] : sameBytes(page, ZERO.subarray(0, page.length)) ? ZERO.subarray(0, page.length) : page.slice();
    }
    return base;
  }
}
