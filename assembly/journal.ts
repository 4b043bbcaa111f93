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
// xxHash64's round and avalanche, with four lanes (two entries at a time) so that the multiplies
// of different words overlap: one lane alone was bound by their latency (3.5 ns an entry).
export function journalHash(n: u32): u64 {
  let a: u64 = 0x60EA27EEADC0B5D6, b: u64 = 0xC2B2AE3D27D4EB4F, c: u64 = 0, d: u64 = 0x61C8864E7A143579;
  let p: usize = journalAt();
  let i: u32 = 0;
  for (; i + 1 < n; i += 2) {
    a = hashRound(a, load<u64>(p));
    b = hashRound(b, load<u64>(p, 8));
    c = hashRound(c, load<u64>(p, JOURNAL_ENTRY));
    d = hashRound(d, load<u64>(p, JOURNAL_ENTRY + 8));
    p += 2 * JOURNAL_ENTRY;
  }
  if (i < n) {
    a = hashRound(a, load<u64>(p));
    b = hashRound(b, load<u64>(p, 8));
  }
  let h: u64 = rotl<u64>(a, 1) + rotl<u64>(b, 7) + rotl<u64>(c, 12) + rotl<u64>(d, 18) + <u64>n;
  h ^= h >> 33;
  h *= 0xC2B2AE3D27D4EB4F;
  h ^= h >> 29;
  h *= 0x165667B19E3779F9;
  h ^= h >> 32;
  return h;
}

@inline function hashRound(acc: u64, v: u64): u64 {
  return rotl<u64>(acc + v * 0xC2B2AE3D27D4EB4F, 31) * 0x9E3779B185EBCA87;
}

// The same hash over module memory [p, p + len) (len a multiple of 32): the pages and sectors an
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
