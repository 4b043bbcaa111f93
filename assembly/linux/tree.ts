// Directories: a directory exists because a file of the file area lies under it, as /data does
// for /data/a.txt; "/" always exists. A directory is named by a key, (length of its path << 4)
// | the first directory entry whose name starts with that path and "/" (root: key 0), so that
// open, stat and getdents64 agree on it and on its inode number without state of its own.
import { FILE_MAX, FILE_ENTRY, FILE_NAME_MAX, FILE_FREE, PATH_SCRATCH } from "../layout";
import { diskLoad } from "../devices/disk";
import { filesAt, hasArea, F_KIND } from "./files";

const SLASH: u32 = 0x2f;

@inline function nameByte(i: u32, k: u32): u32 { return diskLoad(filesAt() + i * FILE_ENTRY + k, 1); }
@inline function used(i: u32): bool {
  return hasArea() && diskLoad(filesAt() + i * FILE_ENTRY + FILE_NAME_MAX + F_KIND * 4, 4) != FILE_FREE;
}
@inline export function keyLength(key: u32): u32 { return key >> 4; }
@inline function keyEntry(key: u32): u32 { return key & 15; }
export function dirIno(key: u32): u32 { return key == 0 ? 2 : 4096 + key; }

// Whether entry i lies under the directory of key (at any depth).
function under(i: u32, key: u32): bool {
  if (!used(i)) return false;
  let len = keyLength(key);
  let e = keyEntry(key);
  for (let k: u32 = 0; k < len; k++) if (nameByte(i, k) != nameByte(e, k)) return false;
  return nameByte(i, len) == SLASH && nameByte(i, len + 1) != 0;
}

// The key of the directory named by the path of n bytes in PATH_SCRATCH (normalised), or -1.
export function dirKey(n: u32): i32 {
  if (n == 1) return 0;
  for (let i: u32 = 0; i < <u32>FILE_MAX; i++) {
    if (!used(i)) continue;
    let same = true;
    for (let k: u32 = 0; k < n && same; k++) same = nameByte(i, k) == <u32>load<u8>(PATH_SCRATCH + k);
    if (same && nameByte(i, n) == SLASH) return <i32>((n << 4) | i);
  }
  return -1;
}

// The key of the directory holding the path of n bytes in PATH_SCRATCH, or -1 if there is none.
export function parentKey(n: u32): i32 {
  let p = n;
  while (p > 0 && load<u8>(PATH_SCRATCH + p - 1) != SLASH) p--;
  if (p <= 1) return 0;
  return dirKey(p - 1);
}

// Whether the entry listed at entry i of directory key is a directory (set by childName).
export let childIsDir = false;
// The key of that directory.
export let childKey: u32 = 0;

// The name directory key lists for entry i, copied to PATH_SCRATCH: its length, or -1 if the
// entry is not in it or an earlier entry gave the same name (a subdirectory is listed once).
export function childName(i: u32, key: u32): i32 {
  if (!under(i, key)) return -1;
  let from = keyLength(key) + 1;
  for (let j: u32 = 0; j < i; j++) {
    if (!under(j, key)) continue;
    let k = from;
    while (k < <u32>FILE_NAME_MAX && nameByte(j, k) == nameByte(i, k) && nameByte(i, k) != SLASH && nameByte(i, k) != 0) k++;
    let a = nameByte(i, k);
    let b = nameByte(j, k);
    if ((a == SLASH || a == 0) && (b == SLASH || b == 0)) return -1;
  }
  let n: u32 = 0;
  let k = from;
  for (; k < <u32>FILE_NAME_MAX; k++) {
    let c = nameByte(i, k);
    if (c == 0 || c == SLASH) break;
    store<u8>(PATH_SCRATCH + n++, <u8>c);
  }
  childIsDir = nameByte(i, k) == SLASH;
  childKey = (k << 4) | i;
  return <i32>n;
}
