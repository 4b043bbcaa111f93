// The core's hash of the compared state (assembly/generated/compared-state.ts), written from
// COMPARED by scripts/generate-core-facts.mjs: the same ranges compare.ts compares, as straight
// loads (no table to walk), so that a module hashes its state in one call at each epoch's end.
import { COMPARED } from "./compare";

const hex = (v: number) => `0x${v.toString(16)}`;

export function comparedStateSource(): string {
  const lines = [
    "// Generated from COMPARED (src/harness/compare.ts) by scripts/generate-core-facts.mjs (npm run build:core). Do not edit.",
    "",
    "// A bijection of the chain and of the word: states differing in one word hash differently.",
    "@inline function stateRound(acc: u64, w: u64): u64 {",
    "  return (rotl<u64>(acc, 23) ^ w) * 0x9E3779B185EBCA87;",
    "}",
    "",
    "// The compared state (flags materialized by the caller), range by range in address order, eight",
    "// bytes at a time; a range's last bytes zero-padded.",
    "export function comparedStateHash(): u64 {",
    "  let h: u64 = 0x27D4EB2F165667C5;",
  ];
  for (const [from, to, name] of COMPARED) {
    if (from % 4) throw new Error(`compared state '${name}' at ${hex(from)} is not word-aligned`);
    lines.push(`  // ${name}: ${hex(from)}..${hex(to)}`);
    let at = from;
    for (; at + 8 <= to; at += 8) lines.push(`  h = stateRound(h, load<u64>(${hex(at)}));`);
    if (at + 4 <= to) {
      lines.push(`  h = stateRound(h, <u64>load<u32>(${hex(at)}));`);
      at += 4;
    }
    if (at < to) lines.push(`  h = stateRound(h, <u64>(load<u32>(${hex(at)}) & ${hex(2 ** ((to - at) * 8) - 1)}));`);
  }
  lines.push("  return h;", "}", "");
  return lines.join("\n");
}
