// File descriptor calls: read and write (and their vector and positioned forms) on the console,
// the disk (fd 3) and files of the file area; open, close, dup, fcntl, lseek, ioctl (stat and
// access: stat.ts).
// Transfers are restartable: progress is kept in S_SYS_PROGRESS while the journal is drained.
import {
  S_SYS_PROGRESS, FD_NONE, FD_STDIN, FD_STDERR, FD_FILE, FD_MAX, FILE_INPUT, FILE_OUTPUT,
  S_LINUX_FLAGS, LINUX_TTY, S_STATUS, ST_JOURNAL_FULL, FD_DIR,
} from "../layout";
import { aborted } from "../cpu";
import { readMem, writeMem, bufferOk } from "../memory";
import { inputAvailable, inputEof, inputPop, needInput, outputByte } from "../devices/console";
import {
  ret, err, suspend, budget, structRoom, clearScratch, sput32, flushScratch,
  EBADF, EFAULT, EINVAL, ENOENT, EROFS, ENOTTY, ESPIPE, EMFILE, ENOSPC, ENAMETOOLONG, EEXIST,
} from "./abi";
import {
  fdKind, fdFlags, fdFile, fdOffset, setFdOffset, setFdFlags, setFd, closeFd, copyFd, freeFd,
  FDF_CLOEXEC, FDF_READ, FDF_WRITE, FDF_APPEND,
} from "./fds";
import {
  area, areaStart, areaSize, areaCapacity, readPath, findFile, createFile, transfer, finished,
  fileField, setFileSize, F_KIND,
} from "./files";
import { dirKey, parentKey } from "./tree";
import { mustBeDir } from "./path";

@inline function isConsole(kind: u32): bool { return kind >= <u32>FD_STDIN && kind <= <u32>FD_STDERR; }
@inline function tty(): bool { return (load<u32>(S_LINUX_FLAGS) & LINUX_TTY) != 0; }

// Outcome of one buffer's transfer: bytes done so far (this buffer), whether it is complete
// (or short by nature: input there is, end of file), or an errno.
const MOVE_SUSPEND: i64 = -1000; // suspended or aborted: the call runs again
let moveEnded = false; // the transfer ended short by nature: vector calls stop there

// Moves up to `count` bytes between `buf` and fd, this buffer's bytes [done, ...) so far; `pos`
// is the file position (-1: the fd's own). Returns bytes moved in total, a -errno, or MOVE_SUSPEND.
function move(fd: u32, buf: u32, count: u32, done: u32, write: bool, pos: i64): i64 {
  moveEnded = false;
  let kind = fdKind(fd);
  if (kind == FD_NONE) return -<i64>EBADF;
  if (kind == FD_DIR) return -<i64>21; // EISDIR
  let flags = fdFlags(fd);
  if ((flags & (write ? FDF_WRITE : FDF_READ)) == 0) return -<i64>EBADF;
  if (count == 0) return 0;
  if (!bufferOk(buf, count)) return -<i64>EFAULT;
  if (isConsole(kind)) {
    if (pos >= 0) return -<i64>ESPIPE;
    if (write) {
      let n = budget(count - done);
      for (let i: u32 = 0; i < n; i++) outputByte(kind == FD_STDERR ? 2 : 1, readMem(buf + done + i, 1));
      if (aborted) return MOVE_SUSPEND;
      done += n;
      if (done < count) { suspend(done); return MOVE_SUSPEND; }
      return <i64>count;
    }
    // A read returns what is queued when it is made, as on a pipe; the caller loops for more. When
    // the journal cannot take it all, the call keeps its progress and runs again once the host
    // drained the journal, so the count the guest sees never depends on the journal's room (that
    // is, on the epoch): the ring only grows while a read waits with nothing queued.
    let avail = inputAvailable();
    moveEnded = true;
    if (done == 0 && avail == 0) {
      if (inputEof()) return 0;
      needInput();
      return MOVE_SUSPEND;
    }
    let left = count - done;
    let want = left < avail ? left : avail;
    let n = budget(want);
    for (let i: u32 = 0; i < n; i++) writeMem(buf + done + i, inputPop(), 1);
    if (aborted) return MOVE_SUSPEND;
    done += n;
    if (n < want) { suspend(done); return MOVE_SUSPEND; }
    return <i64>done;
  }
  if (!area(fd)) return MOVE_SUSPEND;
  let at: u32 = pos >= 0 ? (pos > 0xffffffff ? 0xffffffff : <u32>pos)
    : (write && (flags & FDF_APPEND) != 0 ? areaSize : fdOffset(fd));
  let limit = write ? areaCapacity : areaSize;
  let n: u32 = at >= limit ? 0 : (count < limit - at ? count : limit - at);
  if (n < count) moveEnded = true;
  if (n == 0) return write ? -<i64>ENOSPC : 0;
  let d = transfer(buf, areaStart + at, n, done, write);
  if (aborted) return MOVE_SUSPEND;
  if (d < n) { suspend(d); return MOVE_SUSPEND; }
  if (write && kind == FD_FILE && at + n > areaSize) setFileSize(fdFile(fd), at + n);
  if (pos < 0) setFdOffset(fd, at + n);
  return <i64>n;
}

function finish(r: i64): void {
  if (r == MOVE_SUSPEND) return;
  finished();
  if (r < 0) err(<u32>(-r));
  else ret(<u32>r);
}

export function sysRead(fd: u32, buf: u32, count: u32): void {
  finish(move(fd, buf, count, load<u32>(S_SYS_PROGRESS), false, -1));
}
export function sysWrite(fd: u32, buf: u32, count: u32): void {
  finish(move(fd, buf, count, load<u32>(S_SYS_PROGRESS), true, -1));
}
// pread64/pwrite64(fd, buf, count, off_lo, off_hi).
export function sysPrw(fd: u32, buf: u32, count: u32, lo: u32, hi: u32, write: bool): void {
  if (<i32>hi < 0) { err(EINVAL); return; }
  if (fdKind(fd) != FD_NONE && isConsole(fdKind(fd))) { err(ESPIPE); return; }
  let pos: i64 = (<i64>hi << 32) | <i64>lo;
  finish(move(fd, buf, count, load<u32>(S_SYS_PROGRESS), write, pos));
}

// readv/writev(fd, iov, iovcnt): buffer by buffer; S_SYS_PROGRESS counts bytes of all of them.
export function sysVector(fd: u32, iov: u32, cnt: u32, write: bool): void {
  if (cnt > 1024) { err(EINVAL); return; }
  if (!bufferOk(iov, cnt * 8)) { err(EFAULT); return; }
  let done = load<u32>(S_SYS_PROGRESS);
  let acc: u32 = 0;
  for (let i: u32 = 0; i < cnt; i++) {
    let base = readMem(iov + i * 8, 4);
    let len = readMem(iov + i * 8 + 4, 4);
    if (aborted) return;
    if (len == 0) continue;
    if (done >= acc + len) { acc += len; continue; }
    // A buffer in progress restarts at its own offset; the total goes into S_SYS_PROGRESS.
    let r = move(fd, base + (done - acc), len - (done - acc), 0, write, -1);
    if (r == MOVE_SUSPEND) {
      // Suspended for the journal: its progress in this buffer adds to the total so far.
      if (load<u32>(S_STATUS) == ST_JOURNAL_FULL) store<u32>(S_SYS_PROGRESS, done + load<u32>(S_SYS_PROGRESS));
      return;
    }
    if (r < 0) {
      if (acc == 0 && done == 0) { finish(r); return; }
      break;
    }
    done += <u32>r;
    acc += len;
    store<u32>(S_SYS_PROGRESS, done);
    if (moveEnded || <u32>r < len) break;
  }
  finished();
  ret(done);
}

const O_ACCMODE: u32 = 3;
const O_WRONLY: u32 = 1;
const O_CREAT: u32 = 0x40;
const O_EXCL: u32 = 0x80;
const O_TRUNC: u32 = 0x200;
const O_APPEND: u32 = 0x400;
const O_DIRECTORY: u32 = 0x10000;
const O_CLOEXEC: u32 = 0x80000;

// open/openat/creat. Files of the file area only: a --file is read-only (EROFS for writing);
// with --out-dir the guest may create files, once each (their bytes leave only at the end).
export function sysOpen(nr: u32, p: u32, flags: u32): void {
  let n = readPath(p);
  if (n == -2) { if (!aborted) err(EFAULT); return; }
  if (n < 0) { err(ENAMETOOLONG); return; }
  let f = findFile(<u32>n);
  if (f == -2) return;
  let acc = flags & O_ACCMODE;
  let wantWrite = acc != 0 || (flags & (O_CREAT | O_TRUNC)) != 0 && acc != 0;
  if (f >= 0) {
    let kind = fileField(<u32>f, F_KIND);
    if (aborted) return;
    if ((flags & O_CREAT) != 0 && (flags & O_EXCL) != 0) { err(EEXIST); return; }
    if ((flags & O_DIRECTORY) != 0 || mustBeDir) { err(20); return; } // ENOTDIR
    if (wantWrite && kind == FILE_INPUT) { err(EROFS); return; }
    if ((flags & O_TRUNC) != 0 && kind == FILE_OUTPUT && acc != 0) setFileSize(<u32>f, 0);
  } else {
    // A directory (tree.ts): opened for reading, getdents64 lists it.
    let key = dirKey(<u32>n);
    if (key >= 0) {
      if (acc != 0 || (flags & O_CREAT) != 0) { err(21); return; } // EISDIR
      let d = freeFd(0);
      if (d < 0) { err(EMFILE); return; }
      setFd(<u32>d, FD_DIR, FDF_READ | ((flags & O_CLOEXEC) != 0 ? FDF_CLOEXEC : 0), <u32>key, 0);
      ret(<u32>d);
      return;
    }
    if ((flags & O_CREAT) == 0 || parentKey(<u32>n) < 0) { err(ENOENT); return; }
    f = createFile(<u32>n, FILE_OUTPUT);
    if (f == -3) { suspend(0); return; }
    if (f == -2) return;
    if (f < 0) { err(EROFS); return; }
  }
  let fd = freeFd(0);
  if (fd < 0) { err(EMFILE); return; }
  let fl: u32 = acc == O_WRONLY ? FDF_WRITE : (acc == 2 ? FDF_READ | FDF_WRITE : FDF_READ);
  if ((flags & O_APPEND) != 0) fl |= FDF_APPEND;
  if ((flags & O_CLOEXEC) != 0) fl |= FDF_CLOEXEC;
  setFd(<u32>fd, FD_FILE, fl, <u32>f, 0);
  ret(<u32>fd);
}

export function sysClose(fd: u32): void {
  if (fdKind(fd) == FD_NONE) { err(EBADF); return; }
  closeFd(fd);
  ret(0);
}

// dup2 and dup3 (flags: O_CLOEXEC); dup is dup to the lowest free fd.
export function sysDup(old: u32, to: i32, flags: u32): void {
  if (fdKind(old) == FD_NONE) { err(EBADF); return; }
  if (to < 0) {
    to = freeFd(0);
    if (to < 0) { err(EMFILE); return; }
  } else if (<u32>to >= <u32>FD_MAX) { err(EBADF); return; }
  if (<u32>to != old) {
    copyFd(old, <u32>to);
    let fl = fdFlags(<u32>to) & ~FDF_CLOEXEC;
    setFdFlags(<u32>to, (flags & O_CLOEXEC) != 0 ? fl | FDF_CLOEXEC : fl);
  }
  ret(<u32>to);
}

const F_DUPFD: u32 = 0;
const F_GETFD: u32 = 1;
const F_SETFD: u32 = 2;
const F_GETFL: u32 = 3;
const F_SETFL: u32 = 4;
const F_DUPFD_CLOEXEC: u32 = 1030;

export function sysFcntl(fd: u32, cmd: u32, arg: u32): void {
  if (fdKind(fd) == FD_NONE) { err(EBADF); return; }
  let fl = fdFlags(fd);
  if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) {
    let to = freeFd(arg);
    if (to < 0) { err(EMFILE); return; }
    copyFd(fd, <u32>to);
    setFdFlags(<u32>to, cmd == F_DUPFD ? fl & ~FDF_CLOEXEC : fl | FDF_CLOEXEC);
    ret(<u32>to);
  } else if (cmd == F_GETFD) {
    ret((fl & FDF_CLOEXEC) != 0 ? 1 : 0);
  } else if (cmd == F_SETFD) {
    setFdFlags(fd, (arg & 1) != 0 ? fl | FDF_CLOEXEC : fl & ~FDF_CLOEXEC);
    ret(0);
  } else if (cmd == F_GETFL) {
    let acc: u32 = (fl & FDF_READ) != 0 ? ((fl & FDF_WRITE) != 0 ? 2 : 0) : 1;
    ret(acc | ((fl & FDF_APPEND) != 0 ? O_APPEND : 0));
  } else if (cmd == F_SETFL) {
    setFdFlags(fd, (arg & O_APPEND) != 0 ? fl | FDF_APPEND : fl & ~FDF_APPEND);
    ret(0);
  } else {
    err(EINVAL);
  }
}

// lseek(fd, off, whence) and _llseek(fd, hi, lo, result*, whence).
function seekTo(fd: u32, off: i64, whence: u32): i64 {
  let kind = fdKind(fd);
  if (kind == FD_NONE) return -<i64>EBADF;
  if (isConsole(kind)) return -<i64>ESPIPE;
  if (kind == FD_DIR) { // rewinddir, or back to a position getdents64 gave
    if (whence != 0 || off < 0 || off > 0xffff) return -<i64>EINVAL;
    setFdOffset(fd, <u32>off);
    return off;
  }
  if (!area(fd)) return MOVE_SUSPEND;
  let base: i64 = whence == 0 ? 0 : (whence == 1 ? <i64>fdOffset(fd) : (whence == 2 ? <i64>areaSize : -1));
  if (base < 0) return -<i64>EINVAL;
  let to = base + off;
  if (to < 0) return -<i64>EINVAL;
  if (to > 0xffffffff) return -<i64>EFBIG_;
  setFdOffset(fd, <u32>to);
  return to;
}
const EFBIG_: u32 = 27;

export function sysLseek(fd: u32, off: u32, whence: u32): void {
  let r = seekTo(fd, <i64><i32>off, whence);
  if (r == MOVE_SUSPEND) return;
  if (r < 0) err(<u32>(-r)); else ret(<u32>r);
}
export function sysLlseek(fd: u32, hi: u32, lo: u32, result: u32, whence: u32): void {
  if (!structRoom(result, 8)) return;
  let at = fdOffset(fd);
  let r = seekTo(fd, (<i64>hi << 32) | <i64>lo, whence);
  if (r == MOVE_SUSPEND) return;
  if (r < 0) { err(<u32>(-r)); return; }
  writeMem(result, <u32>r, 4);
  writeMem(result + 4, <u32>(r >> 32), 4);
  if (aborted) { setFdOffset(fd, at); return; }
  ret(0);
}

const TCGETS: u32 = 0x5401;
const TIOCGWINSZ: u32 = 0x5413;

// ioctl: the console answers TCGETS and TIOCGWINSZ only as a terminal (--tty); nothing else is one.
export function sysIoctl(fd: u32, req: u32, arg: u32): void {
  let kind = fdKind(fd);
  if (kind == FD_NONE) { err(EBADF); return; }
  if (!isConsole(kind) || !tty()) { err(ENOTTY); return; }
  if (req == TCGETS) {
    if (!structRoom(arg, 36)) return;
    clearScratch(36);
    sput32(0, 0x500); // ICRNL | IXON
    sput32(4, 0x5); // OPOST | ONLCR
    sput32(8, 0xbf); // B38400 | CS8 | CREAD
    sput32(12, 0x8a3b); // ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN
    flushScratch(arg, 36);
  } else if (req == TIOCGWINSZ) {
    if (!structRoom(arg, 8)) return;
    clearScratch(8);
    sput32(0, 24 | (80 << 16)); // rows, columns
    flushScratch(arg, 8);
  } else {
    err(EINVAL);
    return;
  }
  if (!aborted) ret(0);
}
