// The file area of the disk buffer (layout.ts, S_FILES_AT): looking a path up in its directory,
// creating a file there, and moving bytes between guest RAM and the disk buffer. Every read
// verifies the sector checksums first, as the disk's pread64 does, so a flipped bit is repaired
// from a partner (a machine check, then the call runs again).
import {
  S_FILES_AT, S_FILES_WRITABLE, FILE_MAX, FILE_ENTRY, FILE_NAME_MAX, FILE_FREE, S_SYS_PROGRESS,
  S_DISK_SIZE, PATH_SCRATCH, FD_DISK,
} from "../layout";
import { aborted } from "../cpu";
import { readMem, writeMem } from "../memory";
import { journalFree } from "../journal";
import { diskVerify, diskLoad, diskStore, userDiskSize } from "../devices/disk";
import { fdKind, fdFile } from "./fds";
import { normalizePath } from "./path";

@inline export function filesAt(): u32 { return load<u32>(S_FILES_AT); }
@inline export function filesWritable(): bool { return load<u32>(S_FILES_WRITABLE) != 0; }
@inline function entry(i: u32): u32 { return filesAt() + i * FILE_ENTRY; }
@inline export function hasArea(): bool { return filesAt() + FILE_MAX * FILE_ENTRY <= load<u32>(S_DISK_SIZE); }

// An entry's fields (verified reads: a corrupt directory sector is a machine check).
export function fileField(i: u32, field: u32): u32 {
  let off = entry(i) + FILE_NAME_MAX + field * 4;
  if (!diskVerify(off, 4)) return 0;
  return diskLoad(off, 4);
}
export const F_START: u32 = 0;
export const F_SIZE: u32 = 1;
export const F_CAPACITY: u32 = 2;
export const F_KIND: u32 = 3;

export function setFileSize(i: u32, size: u32): void {
  diskStore(entry(i) + FILE_NAME_MAX + F_SIZE * 4, size, 4);
}

// The guest path at `p`, made absolute (cwd is /) and normalised (tree.ts) into the scratch
// below; its length ("/" is 1), or -1 if it does not fit a name, -2 if the pointer is bad (the
// caller says EFAULT).
export function readPath(p: u32): i32 {
  let n: u32 = 0;
  let first = readMem(p, 1);
  if (aborted) return -2;
  if (first != 0x2f) store<u8>(PATH_SCRATCH + n++, 0x2f);
  for (let i: u32 = 0; ; i++) {
    let c = readMem(p + i, 1);
    if (aborted) return -2;
    if (c == 0) break;
    if (n >= <u32>FILE_NAME_MAX - 1) return -1;
    store<u8>(PATH_SCRATCH + n++, <u8>c);
  }
  return <i32>normalizePath(n);
}

// The directory entry whose name is the path just read (length n), or -1; -2: a machine check.
export function findFile(n: u32): i32 {
  if (!hasArea()) return -1;
  if (!diskVerify(filesAt(), FILE_MAX * FILE_ENTRY)) return -2;
  for (let i: u32 = 0; i < <u32>FILE_MAX; i++) {
    let e = entry(i);
    if (diskLoad(e + FILE_NAME_MAX + F_KIND * 4, 4) == FILE_FREE) continue;
    let same = true;
    for (let k: u32 = 0; k < n && same; k++) same = diskLoad(e + k, 1) == <u32>load<u8>(PATH_SCRATCH + k);
    if (same && diskLoad(e + n, 1) == 0) return <i32>i;
  }
  return -1;
}

// Verifies the directory's sectors (false: a machine check was raised); true if there is none.
export function directoryVerified(): bool {
  return !hasArea() || diskVerify(filesAt(), FILE_MAX * FILE_ENTRY);
}

// Creates the path just read (length n) as an empty file of `kind`: -1 if there is no room.
export function createFile(n: u32, kind: u32): i32 {
  if (!hasArea() || !filesWritable()) return -1;
  for (let i: u32 = 0; i < <u32>FILE_MAX; i++) {
    let e = entry(i);
    if (diskLoad(e + FILE_NAME_MAX + F_KIND * 4, 4) != FILE_FREE) continue;
    if (diskLoad(e + FILE_NAME_MAX + F_CAPACITY * 4, 4) == 0) continue;
    if (journalFree() < n + 8) return -3; // the caller suspends and runs again
    for (let k: u32 = 0; k < n; k++) diskStore(e + k, <u32>load<u8>(PATH_SCRATCH + k), 1);
    diskStore(e + n, 0, 1);
    diskStore(e + FILE_NAME_MAX + F_SIZE * 4, 0, 4);
    diskStore(e + FILE_NAME_MAX + F_KIND * 4, kind, 4);
    return aborted ? -2 : <i32>i;
  }
  return -1;
}

// Moves bytes [done, n) between guest `buf` and the disk at `off` (units of 4 where aligned),
// while the journal has room. Returns the new `done`; the caller suspends if it is short of n.
export function transfer(buf: u32, off: u32, n: u32, done: u32, write: bool): u32 {
  if (!diskVerify(off + done, n - done)) return done;
  let free = journalFree();
  while (done < n && free > 0) {
    let d = off + done;
    let unit: u32 = ((d & 3) == 0 && n - done >= 4) ? 4 : 1;
    if (write) diskStore(d, readMem(buf + done, unit), unit);
    else writeMem(buf + done, diskLoad(d, unit), unit);
    if (aborted) return done;
    done += unit;
    free--;
  }
  return done;
}

// Where an fd's bytes lie in the disk buffer: start, size and room to grow.
export let areaStart: u32 = 0;
export let areaSize: u32 = 0;
export let areaCapacity: u32 = 0;
export function area(fd: u32): bool {
  if (fdKind(fd) == FD_DISK) {
    areaStart = 0;
    areaSize = userDiskSize();
    areaCapacity = areaSize;
    return true;
  }
  let f = fdFile(fd);
  areaStart = filesAt() + fileField(f, F_START); // starts are relative to the file area
  areaSize = fileField(f, F_SIZE);
  areaCapacity = fileField(f, F_CAPACITY);
  return !aborted;
}

// Zero progress for the next call.
@inline export function finished(): void { store<u32>(S_SYS_PROGRESS, 0); }
