// Output leaves a module only through its journal: J_OUT entries carry one byte each for a
// stream (1 stdout, 2 stderr). The harness extracts them once the modules agreed.
import * as L from "../../assembly/layout";

export type OutputSink = (stream: 1 | 2, bytes: Uint8Array) => void;

/** Calls sink with the output bytes of journal words [from, to) entries, in order, per run of one stream. */
export function extractOutput(words: Uint32Array, from: number, to: number, sink: OutputSink): void {
  // One buffer for all the bytes, handed out in pieces: a run that prints in a loop fills whole
  // journals with output entries, and a byte at a time through an array cost more than the run.
  const bytes = new Uint8Array(Math.max(0, to - from));
  const step = L.JOURNAL_ENTRY / 4;
  let n = 0;
  let start = 0;
  let stream = 0;
  for (let w = from * step, end = to * step; w < end; w += step) {
    if (words[w + L.JE_KIND_SIZE / 4] >>> 8 !== L.J_OUT) continue;
    const s = words[w + L.JE_ADDRESS / 4]; // an output entry's address is its stream
    if (s !== stream) {
      if (n > start) sink(stream as 1 | 2, bytes.subarray(start, n));
      start = n;
      stream = s;
    }
    bytes[n++] = words[w + L.JE_VALUE / 4];
  }
  if (n > start) sink(stream as 1 | 2, bytes.subarray(start, n));
}

/** The most output bytes per stream a run keeps in its result unless told otherwise (README, "Limits"). */
export const DEFAULT_KEEP_OUTPUT = 64 << 20;

/** All of a stream's output, summed up: its length and a 64-bit hash, however much of it was kept. */
export interface StreamSummary {
  length: number;
  hash: string;
  truncated: boolean; // fewer bytes were kept than written
}

/**
 * Collects output: the first `keep` bytes of each stream, and a length and hash of all of it, so
 * that runs are compared in full while memory stays bounded whatever the guest writes.
 */
export class OutputBuffer {
  private chunks: Record<1 | 2, Uint8Array[]> = { 1: [], 2: [] };
  private kept = { 1: 0, 2: 0 };
  private length = { 1: 0, 2: 0 };
  // Two 32-bit FNV-1a hashes with different offsets and primes make one 64-bit hash.
  private h = { 1: [0x811c9dc5, 0x050c5d1f], 2: [0x811c9dc5, 0x050c5d1f] };
  constructor(private readonly keep = DEFAULT_KEEP_OUTPUT) {}
  readonly sink: OutputSink = (stream, bytes) => {
    const room = this.keep - this.kept[stream];
    if (room > 0) {
      const part = bytes.length <= room ? bytes : bytes.slice(0, room);
      this.chunks[stream].push(part);
      this.kept[stream] += part.length;
    }
    this.length[stream] += bytes.length;
    let [a, b] = this.h[stream];
    for (let i = 0; i < bytes.length; i++) {
      a = Math.imul(a ^ bytes[i], 0x01000193);
      b = Math.imul(b ^ bytes[i], 0x01000111);
    }
    this.h[stream] = [a, b];
  };
  /** An independent copy (time travel saves the machine's output with its state). */
  clone(): OutputBuffer {
    const c = new OutputBuffer(this.keep);
    c.chunks = { 1: this.chunks[1].slice(), 2: this.chunks[2].slice() };
    c.kept = { ...this.kept };
    c.length = { ...this.length };
    c.h = { 1: [...this.h[1]], 2: [...this.h[2]] };
    return c;
  }
  bytes(stream: 1 | 2): Uint8Array {
    const parts = this.chunks[stream];
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
  summary(stream: 1 | 2): StreamSummary {
    const hex = (v: number) => (v >>> 0).toString(16).padStart(8, "0");
    return { length: this.length[stream], hash: hex(this.h[stream][0]) + hex(this.h[stream][1]), truncated: this.kept[stream] < this.length[stream] };
  }
}
