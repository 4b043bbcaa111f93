// What a module host reports of an epoch instead of its journal: a 64-bit hash of what the
// machine compares under the chosen setting (--compare). Equal hashes let the harness checkpoint
// without moving journals between threads; only unequal ones make it fetch entries to find the
// first divergent write, exactly as a full comparison does.
//   writes: every journal entry's compared fields (hashed in the core) and the compared state
//   state:  the compared state, and the contents of the RAM pages and disk sectors the epoch wrote
//   output: the output bytes of the epoch, the status and the exit code
import * as L from "../../assembly/layout";
import type { CpuModule } from "../core/module";
import { COMPARED } from "./compare";

export const COMPARE_MODES = ["writes", "state", "output"] as const;
export type CompareMode = (typeof COMPARE_MODES)[number];

const WORDS = L.JOURNAL_ENTRY / 4;
const PAGE = 4096;

// The two lanes' steps, one definition for Hash64 and the state loop below (which keeps the
// lanes in locals: storing them into the object at every word cost 1 us an epoch).
const laneA = (a: number, w: number) => Math.imul(((a ^ w) << 13) | ((a ^ w) >>> 19), 0x9e3779b1);
const laneB = (b: number, w: number, a: number) => Math.imul(((b + w) << 17) | ((b + w) >>> 15), 0xc2b2ae3d) ^ a;

/** Two 32-bit multiply-rotate lanes over 32-bit words; 64 bits in all, as hex. */
class Hash64 {
  a = 0x9e3779b1;
  b = 0x85ebca77;
  word(w: number): void {
    this.a = laneA(this.a, w);
    this.b = laneB(this.b, w, this.a);
  }
  hex(): string {
    const hex = (v: number) => (v >>> 0).toString(16).padStart(8, "0");
    return hex(this.a) + hex(this.b);
  }
}

// The compared state as words, range by range (a range's last bytes zero-padded): the byte
// offset and mask of each. The state's fields are word-aligned (layout.ts).
const STATE_WORDS = Int32Array.from(
  COMPARED.flatMap(([from, to, name]) => {
    if (from % 4) throw new Error(`compared state '${name}' at 0x${from.toString(16)} is not word-aligned`);
    const words: number[] = [];
    let i = from;
    for (; i + 4 <= to; i += 4) words.push(i, -1);
    if (i < to) words.push(i, (1 << ((to - i) * 8)) - 1);
    return words;
  }),
);

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
    return h.hex();
  }
  // The compared ranges where they lie (no copy: this runs at every epoch's end), word by word.
  m.exports.materializeFlags();
  let { a, b } = h;
  for (let k = 0; k < STATE_WORDS.length; k += 2) {
    const w = m.getU32(STATE_WORDS[k]) & STATE_WORDS[k + 1];
    a = laneA(a, w);
    b = laneB(b, w, a);
  }
  h.a = a;
  h.b = b;
  if (mode === "writes") {
    const j = BigInt.asUintN(64, m.exports.journalHash(n));
    h.word(Number(j & 0xffffffffn));
    h.word(Number(j >> 32n));
    h.word(n);
    return h.hex();
  }
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
  return h.hex();
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
