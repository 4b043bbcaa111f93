// What each program of this folder is given, under qemu-i386 and on the lockstep machine alike.
import type { LinuxRun } from "../linux-guest";

const enc = new TextEncoder();
const numbers = enc.encode(Array.from({ length: 200 }, (_, i) => `${(i * 7919) % 1000 - 300}\n`).join(""));

// Bytes of a seeded xorshift: files whose content is neither text nor zeros.
function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; out[i] = s & 0xff; }
  return out;
}

/** What each program is given (the same under both). */
export const RUNS: Record<string, LinuxRun> = {
  args: { args: ["one", "two words", "-x", ""], env: ["HOME=/home/guest", "EMPTY=", "EQUATION=a=b", "LANG=C.UTF-8"] },
  files: { files: { "input.txt": numbers } },
  sendfile: { files: { "input.txt": numbers } },
  mmap: { files: { "data.bin": bytes(10_000, 7), "big.bin": bytes(300_000, 11) } },
  stdin: { stdin: enc.encode("the quick brown fox\njumps over\n\n  the lazy dog, twice over the longest line here\nend") },
};

