// The write journal: every guest write to RAM, to the disk and every output byte appends
// {cycle, kind|size, address, value, old, oldCheck}. The harness compares modules on it, commits
// output from it, and rolls back through it (old values, newest first).
import {
  JOURNAL_ENTRY, JOURNAL_SLACK, S_JOURNAL_LEN, S_JOURNAL_CAP, S_JOURNAL_AT, S_CYCLE, S_PEER_JOURNAL_BASE,
  JE_CYCLE, JE_KIND_SIZE, JE_ADDRESS, JE_VALUE, JE_OLD, JE_OLD_CHECK,
} from "./layout";
import { setStopRun } from "./cpu";

@inline export function journalAt(): usize { return load<u32>(S_JOURNAL_AT); }

@inline export function journal(kindSize: u32, addr: u32, value: u32, old: u32, oldCheck: u32): void {
  let n = load<u32>(S_JOURNAL_LEN);
  let p = journalAt() + n * JOURNAL_ENTRY;
  store<u32>(p, <u32>load<u64>(S_CYCLE), JE_CYCLE);
  store<u32>(p, kindSize, JE_KIND_SIZE);
  store<u32>(p, addr, JE_ADDRESS);
  store<u32>(p, value, JE_VALUE);
  store<u32>(p, old, JE_OLD);
  store<u32>(p, oldCheck, JE_OLD_CHECK);
  n++;
  store<u32>(S_JOURNAL_LEN, n);
  if (n >= load<u32>(S_JOURNAL_CAP) - JOURNAL_SLACK) setStopRun(true);
}

// Entries that can still be appended before the journal must be drained.
export function journalFree(): u32 {
  let used = load<u32>(S_JOURNAL_LEN) + JOURNAL_SLACK;
  let cap = load<u32>(S_JOURNAL_CAP);
  return used >= cap ? 0 : cap - used;
}

// The first of the first n entries where this journal and the copy of a partner's that the host
// put at S_PEER_JOURNAL_BASE differ in what the modules must agree on (cycle, kind|size, address,
// value: the first 16 bytes; old values are each module's own); -1 if none does. Comparing here
// costs a copy and two 8-byte compares per entry, a fraction of an entry-by-entry loop in JS.
export function journalMismatch(n: u32): i32 {
  let p: usize = journalAt();
  let q: usize = load<u32>(S_PEER_JOURNAL_BASE);
  for (let i: u32 = 0; i < n; i++) {
    if (load<u64>(p) != load<u64>(q) || load<u64>(p, 8) != load<u64>(q, 8)) return <i32>i;
    p += JOURNAL_ENTRY;
    q += JOURNAL_ENTRY;
  }
  return -1;
}

// A 64-bit hash of the first n entries' compared fields (the 16 bytes journalMismatch compares),
// so that modules in different threads can agree on an epoch without exchanging their journals.
// One multiply an entry: both of its words go into a chain before the chain is multiplied, and
// eight chains take the entries in turn so that the multiplies overlap. Each step is a bijection
// of the chain and of either word, so journals differing in one entry always hash differently.
// (xxHash64's round, two multiplies a word, took twice as long: 0.8 ns an entry, 9 us of fib's
// 50-60 us epochs, at every epoch in every module.)
export function journalHash(n: u32): u64 {
  let a: u64 = 0x60EA27EEADC0B5D6, b: u64 = 0xC2B2AE3D27D4EB4F, c: u64 = 0x165667B19E3779F9, d: u64 = 0x61C8864E7A143579;
  let e: u64 = 0x27D4EB2F165667C5, f: u64 = 0x9E3779B97F4A7C15, g: u64 = 0xD6E8FEB86659FD93, h: u64 = 0xFF51AFD7ED558CCD;
  let p: usize = journalAt();
  let i: u32 = 0;
  for (; i + 7 < n; i += 8) {
    a = entryRound(a, load<u64>(p), load<u64>(p, 8));
    b = entryRound(b, load<u64>(p, JOURNAL_ENTRY), load<u64>(p, JOURNAL_ENTRY + 8));
    c = entryRound(c, load<u64>(p, 2 * JOURNAL_ENTRY), load<u64>(p, 2 * JOURNAL_ENTRY + 8));
    d = entryRound(d, load<u64>(p, 3 * JOURNAL_ENTRY), load<u64>(p, 3 * JOURNAL_ENTRY + 8));
    e = entryRound(e, load<u64>(p, 4 * JOURNAL_ENTRY), load<u64>(p, 4 * JOURNAL_ENTRY + 8));
    f = entryRound(f, load<u64>(p, 5 * JOURNAL_ENTRY), load<u64>(p, 5 * JOURNAL_ENTRY + 8));
    g = entryRound(g, load<u64>(p, 6 * JOURNAL_ENTRY), load<u64>(p, 6 * JOURNAL_ENTRY + 8));
    h = entryRound(h, load<u64>(p, 7 * JOURNAL_ENTRY), load<u64>(p, 7 * JOURNAL_ENTRY + 8));
    p += 8 * JOURNAL_ENTRY;
  }
  for (; i < n; i++) {
    a = entryRound(a, load<u64>(p), load<u64>(p, 8));
    p += JOURNAL_ENTRY;
  }
  let x: u64 = rotl<u64>(a, 1) + rotl<u64>(b, 7) + rotl<u64>(c, 12) + rotl<u64>(d, 18) +
    rotl<u64>(e, 23) + rotl<u64>(f, 29) + rotl<u64>(g, 37) + rotl<u64>(h, 43) + <u64>n;
  return avalanche(x);
}

// xxHash64's avalanche: every bit of the result depends on every bit of x.
@inline export function avalanche(x: u64): u64 {
  x ^= x >> 33;
  x *= 0xC2B2AE3D27D4EB4F;
  x ^= x >> 29;
  x *= 0x165667B19E3779F9;
  x ^= x >> 32;
  return x;
}

// An entry's two words, w0 (cycle, kind|size) and w1 (address, value).
@inline function entryRound(acc: u64, w0: u64, w1: u64): u64 {
  return (rotl<u64>(acc ^ w0, 23) ^ w1) * 0x9E3779B185EBCA87;
}

// xxHash64's round, for rangeHash.
@inline function hashRound(acc: u64, v: u64): u64 {
  return rotl<u64>(acc + v * 0xC2B2AE3D27D4EB4F, 31) * 0x9E3779B185EBCA87;
}

// A hash of module memory [p, p + len) (len a multiple of 32): the pages and sectors an
// epoch wrote, for --compare state, hashed here rather than word by word in the host.
export function rangeHash(p: usize, len: u32): u64 {
  let a: u64 = 0x60EA27EEADC0B5D6, b: u64 = 0xC2B2AE3D27D4EB4F, c: u64 = 0, d: u64 = 0x61C8864E7A143579;
  let end = p + <usize>len;
  for (; p < end; p += 32) {
    a = hashRound(a, load<u64>(p));
    b = hashRound(b, load<u64>(p, 8));
    c = hashRound(c, load<u64>(p, 16));
    d = hashRound(d, load<u64>(p, 24));
  }
  let h: u64 = rotl<u64>(a, 1) + rotl<u64>(b, 7) + rotl<u64>(c, 12) + rotl<u64>(d, 18) + <u64>len;
  h ^= h >> 33;
  h *= 0xC2B2AE3D27D4EB4F;
  h ^= h >> 29;
  return h;
}
