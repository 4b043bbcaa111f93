// Guest paths: the one normalisation open, stat and the file area's lookups share.
import { PATH_SCRATCH } from "../layout";

const SLASH: u32 = 0x2f;
const DOT: u32 = 0x2e;

// Whether the last path normalised ended in "/", "." or "..": it must name a directory.
export let mustBeDir = false;

// Normalises the absolute path of n bytes in PATH_SCRATCH in place: no empty or "." components,
// ".." removes the one before it (and stays at /). Returns its new length ("/" is 1).
export function normalizePath(n: u32): u32 {
  let out: u32 = 0;
  let i: u32 = 0;
  mustBeDir = false;
  while (i < n) {
    while (i < n && load<u8>(PATH_SCRATCH + i) == SLASH) i++;
    let start = i;
    while (i < n && load<u8>(PATH_SCRATCH + i) != SLASH) i++;
    let len = i - start;
    if (len == 0) { mustBeDir = true; break; }
    mustBeDir = true;
    if (len == 1 && load<u8>(PATH_SCRATCH + start) == DOT) continue;
    if (len == 2 && load<u8>(PATH_SCRATCH + start) == DOT && load<u8>(PATH_SCRATCH + start + 1) == DOT) {
      while (out > 0 && load<u8>(PATH_SCRATCH + out - 1) != SLASH) out--;
      if (out > 0) out--;
      continue;
    }
    mustBeDir = false;
    store<u8>(PATH_SCRATCH + out++, <u8>SLASH);
    for (let k: u32 = 0; k < len; k++) store<u8>(PATH_SCRATCH + out++, load<u8>(PATH_SCRATCH + start + k));
  }
  if (out == 0) store<u8>(PATH_SCRATCH + out++, <u8>SLASH);
  return out;
}
