// The CPU-bound guest programs the benchmark runs, and their size macros per scale.
// "full" sizes make qemu-i386's run time a few times its own startup (about 30-50 ms here),
// since qemu is two orders of magnitude faster than the core: at sizes where the core takes
// 1-3 s, qemu's time would drown in its startup noise.

export type BenchScale = "full" | "quick" | "tiny";

export interface BenchProgram {
  name: string; // programs/NAME.c
  macro: string; // its size macro (programs/README.md)
  sizes: Record<BenchScale, number>;
}

export const BENCH_PROGRAMS: readonly BenchProgram[] = [
  { name: "fib", macro: "FIB_N", sizes: { full: 36, quick: 25, tiny: 12 } },
  { name: "crc32", macro: "CRC_LEN", sizes: { full: 4 << 20, quick: 65536, tiny: 512 } },
  { name: "qsort", macro: "QSORT_N", sizes: { full: 1_000_000, quick: 10_000, tiny: 200 } },
  // 12 M bytes of bss: about the most the default 16 MiB of RAM holds.
  { name: "sieve", macro: "SIEVE_N", sizes: { full: 12_000_000, quick: 200_000, tiny: 2000 } },
  { name: "int64", macro: "INT64_N", sizes: { full: 500_000, quick: 4000, tiny: 50 } },
  // overlaps() copies 100 bytes within its buffer: at least 70 keeps that inside.
  { name: "strings", macro: "STRINGS_MAXLEN", sizes: { full: 2000, quick: 260, tiny: 80 } },
  // CPU-bound shapes the six above lack: a switch dispatching through a jump table, deep
  // recursion, indirect calls, libgcc's 64-bit division in a loop, byte-by-byte string work.
  { name: "bytecode", macro: "BYTECODE_N", sizes: { full: 12_000, quick: 800, tiny: 60 } },
  { name: "recurse", macro: "RECURSE_N", sizes: { full: 500, quick: 8, tiny: 1 } },
  { name: "fnptr", macro: "FNPTR_N", sizes: { full: 100_000, quick: 3072, tiny: 600 } },
  { name: "div64", macro: "DIV64_N", sizes: { full: 80_000, quick: 1500, tiny: 20 } },
  { name: "wordfreq", macro: "WORDFREQ_N", sizes: { full: 600_000, quick: 8000, tiny: 200 } },
];

/** The trivial program whose run time is each runner's startup, subtracted from the others. */
export const STARTUP_PROGRAM = "hello";

/** The sizes the committed programs/bin binaries were built with (the macros' defaults). */
export const COMMITTED_SCALE: BenchScale = "quick";

export function sizeLabel(p: BenchProgram, scale: BenchScale): string {
  return `${p.macro}=${p.sizes[scale]}`;
}
