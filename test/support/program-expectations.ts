// What each guest program in programs/ must print, computed here in TypeScript from the same
// definitions (LCG constants, formats) but without running any x86 code: an independent model.
// Sizes are compile-time constants in the programs, so each model reads the size the program
// printed and computes the rest from it.
import { crc32 } from "node:zlib";

export interface Expected {
  exitCode: number;
  stdout: string;
  stderr?: string;
  /** The whole disk after the run, when the program writes to it. */
  disk?: (initial: Uint8Array) => Uint8Array;
}

export interface ProgramCase {
  label: string;
  stdin?: Uint8Array;
  /** The program's arguments after argv[0]. */
  args?: string[];
  expected(stdout: string): Expected;
}

const hex32 = (v: number) => "0x" + (v >>> 0).toString(16).padStart(8, "0");
/** The first decimal number in `text` after `prefix` (NaN if absent). */
const sizeAfter = (text: string, prefix: string) =>
  Number(new RegExp(prefix + "(\\d+)").exec(text)?.[1] ?? NaN);
/** One step of the 32-bit LCG x * a + c (mod 2^32). */
const lcg = (x: number, a: number, c: number) => (Math.imul(x, a) + c) >>> 0;

function fib(stdout: string): Expected {
  const n = sizeAfter(stdout, "fib\\(");
  let a = 0,
    b = 1;
  for (let i = 0; i < n; i++) [a, b] = [b, (a + b) >>> 0];
  return { exitCode: 0, stdout: `fib(${n}) = ${a}\n` };
}

function crc(stdout: string): Expected {
  const n = sizeAfter(stdout, "crc32 of ");
  const buf = new Uint8Array(n);
  for (let i = 0, x = 1; i < n; i++) buf[i] = (x = lcg(x, 1664525, 1013904223)) >>> 24;
  const c = hex32(crc32(buf));
  return { exitCode: 0, stdout: `crc32 of ${n} bytes: table ${c} bitwise ${c}\n` };
}

function qsort(stdout: string): Expected {
  const n = sizeAfter(stdout, "qsort ");
  const a = new Int32Array(n);
  for (let i = 0, x = 42; i < n; i++) a[i] = x = lcg(x, 1103515245, 12345);
  a.sort();
  let check = 0;
  for (const v of a) check = (Math.imul(check, 31) + v) >>> 0;
  return {
    exitCode: 0,
    stdout: `qsort ${n} ints: sorted, min ${a[0]} max ${a[n - 1]} checksum ${hex32(check)}\n`,
  };
}

function sieve(stdout: string): Expected {
  const n = sizeAfter(stdout, "primes below ");
  let count = 0;
  for (let i = 2; i < n; i++) {
    let prime = true;
    for (let d = 2; d * d <= i && prime; d++) prime = i % d !== 0;
    if (prime) count++;
  }
  return { exitCode: 0, stdout: `primes below ${n}: ${count}\n` };
}

function int64(stdout: string): Expected {
  const rounds = sizeAfter(stdout, "int64: ");
  const u64 = (v: bigint) => BigInt.asUintN(64, v);
  const i64 = (v: bigint) => BigInt.asIntN(64, v);
  let state = 0x0123456789abcdefn;
  const next = () => (state = u64(state * 6364136223846793005n + 1442695040888963407n));
  let hash = 0xcbf29ce484222325n;
  const mix = (v: bigint) => (hash = u64((hash ^ u64(v)) * 0x100000001b3n));
  for (let i = 0; i < rounds; i++) {
    const r1 = next(),
      r2 = next(),
      r3 = next();
    const ua = r1 >> (r3 & 31n);
    let ub = r2 >> ((r3 >> 8n) & 63n);
    if (ub === 0n) ub = 1n;
    const sa = i64(r3 & 0x10000n ? -ua : ua);
    let sb = i64(r3 & 0x20000n ? -ub : ub);
    if (sa === -(1n << 63n) && sb === -1n) sb = 1n;
    const s = (r3 >> 24n) & 63n;
    // BigInt / and % truncate toward zero like C; >> on a negative BigInt is arithmetic.
    [ua / ub, ua % ub, sa / sb, sa % sb, ua << s, ua >> s, sa >> s, ua * ub].forEach(mix);
    mix((r1 & 0xffffffffn) * (r2 & 0xffffffffn));
    mix(BigInt.asIntN(32, r1) * BigInt.asIntN(32, r2));
    const bit = (c: boolean, n: number) => (c ? 1n << BigInt(n) : 0n);
    mix(bit(ua < ub, 0) | bit(sa < sb, 1) | bit(sa === sb, 2) | bit(ua >= ub, 3));
  }
  return {
    exitCode: 0,
    stdout:
      `int64: ${rounds} rounds, hash 0x${hash.toString(16).padStart(16, "0")}\n` +
      `int64: ${2n ** 64n - 1n} ${2n ** 63n - 1n} ${-(2n ** 63n)}\n`,
  };
}

function disk(stdout: string): Expected {
  const records = sizeAfter(stdout, "disk: ");
  const blockSize = sizeAfter(stdout, "bytes and a ");
  const recordOffset = (i: number) => 4096 + i * 12288 + 1 + ((i * 97) % 511);
  const writes: [number, Uint8Array][] = [];
  for (let i = 0; i < records; i++) {
    const rec = new Uint8Array(256);
    const dv = new DataView(rec.buffer);
    rec.set(new TextEncoder().encode("LS86"));
    let sum = 0;
    for (let j = 0, x = (Math.imul(i, 2654435761) + 1) >>> 0; j < 240; j++) {
      rec[16 + j] = (x = lcg(x, 1664525, 1013904223)) >>> 24;
      sum += rec[16 + j];
    }
    dv.setUint32(4, i, true);
    dv.setUint32(8, recordOffset(i), true);
    dv.setUint32(12, sum, true);
    writes.push([recordOffset(i), rec]);
  }
  const block = new Uint8Array(blockSize);
  for (let j = 0, x = 0xd15c; j < blockSize; j++) block[j] = (x = lcg(x, 1103515245, 12345)) >>> 16;
  writes.push([recordOffset(records) + 100, block]);

  let checksum = 2166136261;
  for (const [, bytes] of writes) for (const b of bytes) checksum = Math.imul(checksum ^ b, 16777619) >>> 0;
  return {
    exitCode: 0,
    stdout:
      `disk: ${records} records of 256 bytes and a ${blockSize}-byte block written and read ` +
      `back, checksum ${hex32(checksum)}\n`,
    disk(initial) {
      const out = initial.slice();
      for (const [offset, bytes] of writes) out.set(bytes, offset);
      return out;
    },
  };
}

/** wc-style counts, then every line reversed byte by byte. */
function stdinModel(input: Uint8Array): string {
  const isSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);
  let lines = 0,
    words = 0;
  input.forEach((c, i) => {
    if (c === 0x0a) lines++;
    if (!isSpace(c) && (i === 0 || isSpace(input[i - 1]))) words++;
  });
  const parts: number[][] = [[]];
  for (const c of input) c === 0x0a ? parts.push([]) : parts[parts.length - 1].push(c);
  const reversed = parts.map((p) => p.reverse()).map((p) => Buffer.from(p).toString("latin1"));
  return `lines ${lines} words ${words} bytes ${input.length}\n` + reversed.join("\n");
}

// args prints argc, each argv string with its length in bytes, and the number of environment
// strings (none: neither runner passes an environment), and exits with argc. argv[0] is
// whatever path the runner was given, so it is read from the output; the rest is the case's.
function argsCase(label: string, args: string[]): ProgramCase {
  return {
    label,
    args,
    expected(stdout) {
      const argv = [/^argv\[0\] '(.*\.elf)'/m.exec(stdout)?.[1] ?? "(argv[0] missing)", ...args];
      const bytes = (s: string) => new TextEncoder().encode(s).length;
      const lines = argv.map((a, i) => `argv[${i}] '${Buffer.from(a).toString("latin1")}' (${bytes(a)} bytes)\n`);
      return { exitCode: argv.length, stdout: `argc ${argv.length}\n${lines.join("")}envc 0\n` };
    },
  };
}

function stdinCase(label: string, input: Uint8Array): ProgramCase {
  return { label, stdin: input, expected: () => ({ exitCode: 0, stdout: stdinModel(input) }) };
}

/** About 100 KiB of text: longer than the program's first 4 KiB heap, so brk must grow. */
function longText(): Uint8Array {
  const words = ["lockstep", "x86", "\tmodule", "journal", "", "epoch\r", "divergence"];
  const lines: string[] = [];
  for (let i = 0, x = 7; i < 2500; i++) {
    const n = (x = lcg(x, 1103515245, 12345)) >>> 28;
    lines.push(Array.from({ length: n }, (_, k) => words[(i + k * 3) % words.length]).join(" "));
  }
  return new TextEncoder().encode(lines.join("\n") + "\n");
}

const text = (s: string) => new TextEncoder().encode(s);
const fixed = (stdout: string, exitCode = 0, stderr = ""): ProgramCase["expected"] => () => ({
  exitCode,
  stdout,
  stderr,
});

export const PROGRAM_CASES: Record<string, ProgramCase[]> = {
  hello: [{ label: "prints hello", expected: fixed("Hello, world!\n") }],
  fib: [{ label: "recursive fib(n)", expected: fib }],
  crc32: [{ label: "crc32 equals zlib's", expected: crc }],
  qsort: [{ label: "sorts like Int32Array.sort", expected: qsort }],
  sieve: [{ label: "counts primes like trial division", expected: sieve }],
  int64: [{ label: "64-bit results hash like BigInt's", expected: int64 }],
  disk: [{ label: "writes the expected records to the disk", expected: disk }],
  strings: [
    {
      label: "passes its string instruction self-checks",
      expected: (stdout) => ({
        exitCode: 0,
        stdout:
          "rep movsb: ok\nrep movsd, rep stosd, rep stosb: ok\noverlapping rep movsb, memmove: ok\n" +
          "repe cmpsb, memcmp: ok\nrepne scasb, strlen: ok\nstruct copies, memset, memcpy: ok\n" +
          `strings: ${sizeAfter(stdout, "strings: ")} checks passed\n`,
      }),
    },
  ],
  exitcode: [
    {
      label: "exits with status 42",
      expected: fixed("exitcode: exiting with status 42\n", 42, "exitcode: this line goes to stderr\n"),
    },
  ],
  args: [
    argsCase("no arguments", []),
    argsCase("words, spaces, an empty string, option-like and UTF-8 arguments", ["one", "two words", "", "--mode", "-x", "héllo wörld"]),
  ],
  stdin: [
    stdinCase("empty input", text("")),
    stdinCase("lines, the last one unterminated", text("hello world\nfoo  bar baz\n\nlast")),
    stdinCase("every byte value", Uint8Array.from({ length: 512 }, (_, i) => (i * 7) & 0xff)),
    stdinCase("100 KiB of text", longText()),
  ],
};
