// Output leaves a module only through its journal: J_OUT entries carry one byte each for a
// stream (1 stdout, 2 stderr). The harness extracts them once the modules agreed.
import * as L from "../../assembly/layout";

export type OutputSink = (stream: 1 | 2, bytes: Uint8Array) => void;

/** Calls sink with the output bytes of journal words [from, to) entries, in order, per run of one stream. */
export function extractOutput(words: Uint32Array, from: number, to: number, sink: OutputSink): void {
  let stream = 0;
  let run: number[] = [];
  const flush = () => {
    if (run.length) sink(stream as 1 | 2, Uint8Array.from(run));
    run = [];
  };
  for (let i = from; i < to; i++) {
    const w = i * 6;
    if (words[w + 1] >>> 8 !== L.J_OUT) continue;
    const s = words[w + 2];
    if (s !== stream) {
      flush();
      stream = s;
    }
    run.push(words[w + 3] & 0xff);
  }
  flush();
}

/** Collects output into byte arrays. */
export class OutputBuffer {
  private chunks: Record<1 | 2, Uint8Array[]> = { 1: [], 2: [] };
  readonly sink: OutputSink = (stream, bytes) => {
    this.chunks[stream].push(bytes);
  };
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
}
