// What a module host reports of an epoch instead of its journal: a 64-bit hash of what the
// machine compares under the chosen setting (--compare). Equal hashes let the harness checkpoint
// without moving journals between threads; only unequal ones make it fetch entries to find the
// first divergent write, exactly as a full comparison does.
//   writes: every journal entry's compared fields and the compared state (both hashed in the core)
//   state:  the compared state, and the contents of the RAM pages and disk sectors the epoch wrote
//   output: the output bytes of the epoch, the status and the exit code
import * as L from "../../assembly/layout";
import type { CpuModule } from "../core/module";

export const COMPARE_MODES = ["writes", "state", "output"] as const;
export type CompareMode = (typeof COMPARE_MODES)[number];

const WORDS = L.JOURNAL_ENTRY / 4;
const PAGE = 4096;

/** 64 bits (two 32-bit words) as a string of four UTF-16 code units: hashes are only compared
 *  for equality, and this costs a tenth of hexadecimal to make and to read back (0.5 us an
 *  epoch in each thread, more than hashing crc32's journal). */
export function digest(lo: number, hi: number): string {
  return String.fromCharCode(lo & 0xffff, lo >>> 16, hi & 0xffff, hi >>> 16);
}
/** A digest's two 32-bit words, or undefined if the string is not one. */
export function digestWords(d: string): [lo: number, hi: number] | undefined {
  if (d.length !== 4) return undefined;
  return [(d.charCodeAt(0) | (d.charCodeAt(1) << 16)) >>> 0, (d.charCodeAt(2) | (d.charCodeAt(3) << 16)) >>> 0];
}

/** Two 32-bit multiply-rotate lanes over 32-bit words; 64 bits in all, as a digest. */
class Hash64 {
  a = 0x9e3779b1;
  b = 0x85ebca77;
  word(w: number): void {
    this.a = Math.imul(((this.a ^ w) << 13) | ((this.a ^ w) >>> 19), 0x9e3779b1);
    this.b = Math.imul(((this.b + w) << 17) | ((this.b + w) >>> 15), 0xc2b2ae3d) ^ this.a;
  }
  digest(): string {
    return digest(this.a, this.b);
  }
}

export function epochHash(m: CpuModule, mode: CompareMode): string {
  const h = new Hash64();
  const n = m.journalLength;
  if (mode === "output") {
    const w = m.journalWords();
    for (let o = 0; o < n * WORDS; o += WORDS) {
      if (w[o + L.JE_KIND_SIZE / 4] >>> 8 !== L.J_OUT) continue;
      h.word(w[o + L.JE_ADDRESS / 4]); // the stream
      h.word(w[o + L.JE_VALUE / 4]);
    }
    h.word(m.status);
    h.word(m.exitCode);
    return h.digest();
  }
  // The compared state (its ranges, COMPARED, written into the core as straight loads:
  // src/harness/compared-state-source.ts) and the journal's entries, hashed in the core.
  m.exports.epochDigest(n, mode === "writes" ? 1 : 0);
  const lo = m.getU32(L.S_EPOCH_DIGEST);
  const hi = m.getU32(L.S_EPOCH_DIGEST + 4);
  if (mode === "writes") return digest(lo, hi);
  h.word(lo);
  h.word(hi);
  // Pages and sectors are hashed in the core (RAM is a whole number of pages).
  const range = (from: number, len: number) => {
    const r = BigInt.asUintN(64, m.exports.rangeHash(from, len));
    h.word(Number(r & 0xffffffffn));
    h.word(Number(r >> 32n));
  };
  const { pages, sectors } = writtenPlaces(m);
  for (const p of pages) {
    h.word(p);
    range(L.RAM_BASE + p * PAGE, PAGE);
  }
  const disk = m.getU32(L.S_DISK_BASE);
  for (const s of sectors) {
    h.word(s);
    range(disk + s * L.SECTOR_SIZE, L.SECTOR_SIZE);
  }
  return h.digest();
}

/** The RAM pages and disk sectors the journal's entries wrote, each once, in ascending order. */
export function writtenPlaces(m: CpuModule): { pages: number[]; sectors: number[] } {
  const w = m.journalWords();
  const pages = new Set<number>();
  const sectors = new Set<number>();
  for (let i = 0, o = 0; i < m.journalLength; i++, o += WORDS) {
    const kind = w[o + L.JE_KIND_SIZE / 4] >>> 8;
    const size = w[o + L.JE_KIND_SIZE / 4] & 0xff;
    const addr = w[o + L.JE_ADDRESS / 4];
    if (kind === L.J_RAM) {
      for (let p = Math.floor(addr / PAGE); p <= Math.floor((addr + size - 1) / PAGE); p++) pages.add(p);
    } else if (kind === L.J_DISK) {
      sectors.add(Math.floor(addr / L.SECTOR_SIZE));
    }
  }
  const up = (a: number, b: number) => a - b;
  return { pages: [...pages].sort(up), sectors: [...sectors].sort(up) };
}
