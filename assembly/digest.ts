// What a module in a thread of its own reports of an epoch instead of its state and journal
// (src/harness/epoch-hash.ts): one call at the epoch's end, so that the host crosses into wasm
// once and hashes nothing itself.
import { S_EPOCH_DIGEST } from "./layout";
import { materializeFlags } from "./flags";
import { journalHash, avalanche } from "./journal";
import { comparedStateHash } from "./generated/compared-state";

// The compared state (the flags materialized first, as a comparison sees them) and, with
// `journal`, the hash of the journal's first n entries, into 64 bits at S_EPOCH_DIGEST.
export function epochDigest(n: u32, journal: bool): void {
  materializeFlags();
  let x = comparedStateHash();
  if (journal) x = (rotl<u64>(x ^ journalHash(n), 23) ^ <u64>n) * 0x9E3779B185EBCA87;
  store<u64>(S_EPOCH_DIGEST, avalanche(x));
}
