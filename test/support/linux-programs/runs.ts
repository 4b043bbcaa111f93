// What each program of this folder is given, under qemu-i386 and on the lockstep machine alike.
import type { LinuxRun } from "../linux-guest";

const enc = new TextEncoder();
const numbers = enc.encode(Array.from({ length: 200 }, (_, i) => `${(i * 7919) % 1000 - 300}\n`).join(""));

/** What each program is given (the same under both). */
export const RUNS: Record<string, LinuxRun> = {
  args: { args: ["one", "two words", "-x", ""] },
  files: { files: { "input.txt": numbers } },
  stdin: { stdin: enc.encode("the quick brown fox\njumps over\n\n  the lazy dog, twice over the longest line here\nend") },
};

