// stat and access: what the file area's files, the console and the disk are (assembly/linux/files.ts).
import { FD_NONE, FD_STDIN, FD_STDERR, FD_DISK, FD_DIR, FILE_OUTPUT, FILE_INPUT, S_LINUX_FLAGS, LINUX_TTY, S_START_TIME } from "../layout";
import { aborted } from "../cpu";
import { readMem, bufferOk } from "../memory";
import { ret, err, structRoom, clearScratch, sput32, sput16, flushScratch, EBADF, EFAULT, ENOENT, EROFS, ENAMETOOLONG, ENOTDIR } from "./abi";
import { fdKind, fdFile } from "./fds";
import { readPath, findFile, fileField, area, areaSize, F_SIZE, F_KIND } from "./files";
import { dirKey, dirIno } from "./tree";
import { mustBeDir } from "./path";

@inline function isConsole(kind: u32): bool { return kind >= <u32>FD_STDIN && kind <= <u32>FD_STDERR; }
@inline function tty(): bool { return (load<u32>(S_LINUX_FLAGS) & LINUX_TTY) != 0; }

const S_IFIFO: u32 = 0o10000;
const S_IFCHR: u32 = 0o20000;
const S_IFREG: u32 = 0o100000;
const S_IFDIR: u32 = 0o40000;

// What stat tells of a node: mode, size, inode number.
let nodeMode: u32 = 0;
let nodeSize: u32 = 0;
let nodeIno: u32 = 0;
function fdNode(fd: u32): bool {
  let kind = fdKind(fd);
  if (isConsole(kind)) {
    nodeMode = tty() ? S_IFCHR | 0o620 : S_IFIFO | 0o600;
    nodeSize = 0;
    nodeIno = 10 + fd;
    return true;
  }
  if (kind == FD_DIR) { dirNode(fdFile(fd)); return true; }
  if (!area(fd)) return false;
  nodeMode = S_IFREG | (kind == FD_DISK || fileField(fdFile(fd), F_KIND) == FILE_OUTPUT ? 0o644 : 0o444);
  nodeSize = areaSize;
  nodeIno = kind == FD_DISK ? 3 : 100 + fdFile(fd);
  return !aborted;
}
function fileNode(f: u32): bool {
  nodeMode = S_IFREG | (fileField(f, F_KIND) == FILE_OUTPUT ? 0o644 : 0o444);
  nodeSize = fileField(f, F_SIZE);
  nodeIno = 100 + f;
  return !aborted;
}
function dirNode(key: u32): void {
  nodeMode = S_IFDIR | 0o755;
  nodeSize = 4096;
  nodeIno = dirIno(key);
}

// struct stat64 (96 bytes).
function putStat64(p: u32): void {
  if (!structRoom(p, 96)) return;
  clearScratch(96);
  let t = load<u32>(S_START_TIME);
  sput32(0, 1); // st_dev
  sput32(12, nodeIno);
  sput32(16, nodeMode);
  sput32(20, 1); // nlink
  sput32(44, nodeSize);
  sput32(52, 4096); // blksize
  sput32(56, (nodeSize + 511) >> 9);
  sput32(64, t);
  sput32(72, t);
  sput32(80, t);
  sput32(88, nodeIno);
  flushScratch(p, 96);
  if (!aborted) ret(0);
}

// struct statx (256 bytes).
function putStatx(p: u32): void {
  if (!structRoom(p, 256)) return;
  clearScratch(256);
  let t = load<u32>(S_START_TIME);
  sput32(0, 0x7ff); // STATX_BASIC_STATS
  sput32(4, 4096);
  sput32(16, 1);
  sput16(28, nodeMode);
  sput32(32, nodeIno);
  sput32(40, nodeSize);
  sput32(48, (nodeSize + 511) >> 9);
  sput32(64, t); // atime
  sput32(96, t); // ctime
  sput32(112, t); // mtime
  sput32(136, 0); // dev major
  sput32(140, 1); // dev minor
  flushScratch(p, 256);
  if (!aborted) ret(0);
}

const AT_EMPTY_PATH: u32 = 0x1000;

// The node a path names (dirfd is AT_FDCWD or ignored: paths resolve from /), or an errno set.
function pathNode(p: u32): bool {
  let n = readPath(p);
  if (n == -2) { if (!aborted) err(EFAULT); return false; }
  if (n < 0) { err(ENAMETOOLONG); return false; }
  let f = findFile(<u32>n);
  if (f == -2) return false;
  if (f >= 0) {
    if (mustBeDir) { err(ENOTDIR); return false; }
    return fileNode(<u32>f);
  }
  let key = dirKey(<u32>n);
  if (key < 0) { err(ENOENT); return false; }
  dirNode(<u32>key);
  return true;
}

export function sysFstat64(fd: u32, p: u32): void {
  if (fdKind(fd) == FD_NONE) { err(EBADF); return; }
  if (fdNode(fd)) putStat64(p);
}
export function sysStat64(path: u32, p: u32): void {
  if (pathNode(path)) putStat64(p);
}
// fstatat64(dirfd, path, buf, flags) and statx(dirfd, path, flags, mask, buf).
export function sysStatAt(dirfd: u32, path: u32, flags: u32, p: u32, x: bool): void {
  if ((flags & AT_EMPTY_PATH) != 0 && bufferOk(path, 1) && readMem(path, 1) == 0) {
    if (fdKind(dirfd) == FD_NONE) { err(EBADF); return; }
    if (!fdNode(dirfd)) return;
  } else if (!pathNode(path)) return;
  if (x) putStatx(p); else putStat64(p);
}

// access/faccessat: a file of the file area or a directory exists; writing a --file is refused.
export function sysAccess(path: u32, mode: u32): void {
  let n = readPath(path);
  if (n == -2) { if (!aborted) err(EFAULT); return; }
  if (n < 0) { err(ENAMETOOLONG); return; }
  let f = findFile(<u32>n);
  if (f == -2) return;
  if (f >= 0 && mustBeDir) { err(ENOTDIR); return; }
  if (f < 0) { // a directory may be searched and listed
    if (dirKey(<u32>n) < 0) err(ENOENT); else ret(0);
    return;
  }
  let kind = fileField(<u32>f, F_KIND);
  if (aborted) return;
  if ((mode & 2) != 0 && kind == FILE_INPUT) { err(EROFS); return; }
  ret((mode & 1) != 0 ? -13 : 0); // X_OK: EACCES, nothing here is a program
}
