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

// bytecode: trial division and Collatz chains as its bytecode program computes them (32-bit).
function bytecode(stdout: string): Expected {
  const n = sizeAfter(stdout, "primes below ");
  let primes = 0;
  let steps = 0;
  for (let i = 2; i < n; i++) {
    let prime = 1;
    for (let d = 2; Math.imul(d, d) <= i; d++) if (i % d === 0) { prime = 0; break; }
    primes += prime;
    for (let x = i; x !== 1; steps++) x = x & 1 ? (Math.imul(x, 3) + 1) | 0 : x >>> 1;
  }
  return { exitCode: 0, stdout: `primes below ${n}: ${primes}, collatz steps ${steps}\n` };
}

// recurse: the tree's weighted sum (node i on level floor(log2 i) + 1), folded once per round.
function recurse(stdout: string): Expected {
  const rounds = sizeAfter(stdout, "recurse rounds ");
  let sum = 0;
  for (let i = 1; i < 4096; i++) sum = (sum + i * Math.floor(Math.log2(i) + 1)) >>> 0;
  let check = 0;
  for (let r = 0; r < rounds; r++) check = (Math.imul(check, 31) + sum) >>> 0;
  return { exitCode: 0, stdout: `recurse rounds ${rounds}: tree sum ${sum}, check ${hex32(check)}\n` };
}

// fnptr: the mixers chosen by each word, then each 512-word part sorted (stably) by its order.
function fnptr(stdout: string): Expected {
  const n = sizeAfter(stdout, "fnptr words ");
  const words: number[] = [];
  for (let i = 0, s = 12345; i < n; i++) {
    s = lcg(s, 1103515245, 12345);
    words.push((s ^ (s >>> 16)) >>> 0);
  }
  const mixers = [
    (h: number, v: number) => (h + v) >>> 0,
    (h: number, v: number) => (h ^ Math.imul(v, 2654435761)) >>> 0,
    (h: number, v: number) => (((h << 5) | (h >>> 27)) ^ v) >>> 0,
    (h: number, v: number) => (Math.imul(h, 31) + v) >>> 0,
    (h: number, v: number) => (h - (v >>> 3)) >>> 0,
    (h: number, v: number) => Math.imul(h ^ (v & 0xff), 16777619) >>> 0,
  ];
  const pick = [0, 1, 2, 3, 4, 5, 1, 2];
  let h = 0;
  for (let round = 0; round < 8; round++)
    for (const w of words) {
      const v = (w + round) >>> 0;
      h = mixers[pick[v & 7]](h, v);
    }
  let sorted = 0;
  for (let at = 0; at + 512 <= n; at += 512) {
    const part = words.slice(at, at + 512);
    if ((at / 512) & 1) part.sort((a, b) => (a & 0xffff) - (b & 0xffff));
    else part.sort((a, b) => a - b);
    sorted = (Math.imul(sorted, 33) + part[0] + part[511]) >>> 0;
  }
  return { exitCode: 0, stdout: `fnptr words ${n}: mix ${hex32(h)}, sorted ${hex32(sorted)}\n` };
}

// div64: the same 64-bit numbers, divided with BigInt (/ and % truncate toward zero, like C).
function div64(stdout: string): Expected {
  const n = sizeAfter(stdout, "div64 numbers ");
  const u64 = (v: bigint) => BigInt.asUintN(64, v);
  let state = 0x9e3779b97f4a7c15n;
  const next = () => {
    state = u64(state ^ (state << 13n));
    state ^= state >> 7n;
    state = u64(state ^ (state << 17n));
    return state;
  };
  let digits = 0n;
  let gcds = 0n;
  let signed = 0n;
  for (let i = 0; i < n; i++) {
    for (const c of next().toString()) digits += BigInt(c);
    let a = next() >> BigInt(i % 24);
    let b = next() >> BigInt(8 + (i % 32));
    while (b) [a, b] = [b, a % b];
    gcds = u64(gcds + a);
    const p = BigInt.asIntN(64, next());
    let q = BigInt.asIntN(64, next() >> BigInt(i % 40)) | 1n;
    if (i & 1) q = -q;
    signed = BigInt.asIntN(64, signed + ((p / q) ^ (p % q)));
  }
  const hex64 = (v: bigint) => "0x" + u64(v).toString(16).padStart(16, "0");
  return {
    exitCode: 0,
    stdout: `div64 numbers ${n}: digits ${BigInt.asUintN(32, digits)}, gcds ${hex64(gcds)}, signed ${hex64(signed)}\n`,
  };
}

// wordfreq: the same text, its words counted in the same open-addressing table (the most
// frequent word is the first slot with the highest count), searched and hashed upper-cased.
function wordfreq(stdout: string): Expected {
  const n = sizeAfter(stdout, "wordfreq words ");
  const syllables = ["ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "an", "el", "or", "us", "ix", "ju", "be", "dra"];
  let text = "";
  for (let w = 0, s = 2024; w < n; w++) {
    s = lcg(s, 1664525, 1013904223);
    const parts = 1 + (s >>> 31);
    for (let p = 0; p < parts; p++) text += syllables[(s >>> (4 * p + 8)) & 15];
    text += w % 11 === 10 ? "\n" : " ";
  }
  const slots: Array<{ word: string; count: number } | undefined> = new Array(4096);
  for (const word of text.split(/[ \n]/).filter((x) => x)) {
    let h = 2166136261;
    for (const c of word) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    let at = h & 4095;
    while (slots[at] && slots[at]!.word !== word) at = (at + 1) & 4095;
    slots[at] ??= { word, count: 0 };
    slots[at]!.count++;
  }
  let most = slots.find((x) => x)!;
  for (const x of slots) if (x && x.count > most.count) most = x;
  const upper = text.toUpperCase();
  const count = (needle: string) => {
    let k = 0;
    for (let i = upper.indexOf(needle); i >= 0; i = upper.indexOf(needle, i + 1)) k++;
    return k;
  };
  let sum = 0;
  for (const c of upper) sum = (Math.imul(sum, 31) + c.charCodeAt(0)) >>> 0;
  const distinct = slots.filter((x) => x).length;
  const found = count("KALO") + count("DRA") + count("USIX");
  return {
    exitCode: 0,
    stdout: `wordfreq words ${n}: distinct ${distinct}, most ${most.word.toUpperCase()} ${most.count}, found ${found}, text ${hex32(sum)}\n`,
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
export function longText(): Uint8Array {
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
  bytecode: [{ label: "counts primes and Collatz steps like the model", expected: bytecode }],
  recurse: [{ label: "sums the tree like the closed form", expected: recurse }],
  fnptr: [{ label: "mixes and sorts like the model", expected: fnptr }],
  div64: [{ label: "divides like BigInt", expected: div64 }],
  wordfreq: [{ label: "counts words like the model", expected: wordfreq }],
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
