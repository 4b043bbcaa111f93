// mmap2 of a file: the mapping is a private copy of the file's bytes from the page offset on,
// zeros after its end (as Linux gives in the last page). Files do not change under a mapping
// here unless the program itself writes them, so a read-only MAP_SHARED mapping is the same
// copy; a writable MAP_SHARED one would have to write back, and stops the machine instead.
import { FD_NONE, FD_DIR, FD_STDIN, FD_STDERR, S_SYS_PROGRESS } from "../layout";
import { aborted } from "../cpu";
import { writeMem } from "../memory";
import { journalFree } from "../journal";
import { suspend, EBADF } from "./abi";
import { fdKind, fdFlags, FDF_READ, FDF_WRITE } from "./fds";
import { area, areaStart, areaSize, transfer } from "./files";

const EACCES: u32 = 13;
const ENODEV: u32 = 19;
const PROT_WRITE: u32 = 2;
const MAP_TYPE: u32 = 0xf;
const MAP_SHARED: u32 = 1;
export const MAP_FILE_UNSUPPORTED: u32 = 0xffffffff; // a writable shared mapping

// 0 if fd may be mapped with prot and flags, else Linux's errno or MAP_FILE_UNSUPPORTED.
export function mapFileCheck(fd: u32, prot: u32, flags: u32): u32 {
  let kind = fdKind(fd);
  if (kind == FD_NONE) return EBADF;
  if (kind == FD_DIR || (kind >= <u32>FD_STDIN && kind <= <u32>FD_STDERR)) return ENODEV;
  let fl = fdFlags(fd);
  if ((fl & FDF_READ) == 0) return EACCES;
  if ((flags & MAP_TYPE) == MAP_SHARED && (prot & PROT_WRITE) != 0) {
    return (fl & FDF_WRITE) == 0 ? EACCES : MAP_FILE_UNSUPPORTED;
  }
  return 0;
}

// Copies fd's bytes from page pgoff on into [at, at + len), resuming at S_SYS_PROGRESS, and
// zeroes up to the next word; the progress is then where the caller's clearing of the rest
// starts. False: suspended (the call runs again) or aborted (a machine check).
export function mapFileCopy(at: u32, len: u32, fd: u32, pgoff: u32): bool {
  if (!area(fd)) return false;
  let off: u64 = <u64>pgoff << 12;
  let n: u32 = off >= <u64>areaSize ? 0 : <u32>(<u64>areaSize - off);
  if (n > len) n = len;
  let done = load<u32>(S_SYS_PROGRESS);
  if (done < n) {
    done = transfer(at, areaStart + <u32>off, n, done, false);
    if (aborted) return false;
    if (done < n) { suspend(done); return false; }
  }
  // clear() works in words: the file's last bytes end the copy inside one.
  let end = (n + 3) & ~3;
  if (end > len) end = len;
  if (done < end) {
    if (journalFree() < end - done) { suspend(done); return false; }
    for (; done < end; done++) writeMem(at + done, 0, 1);
    if (aborted) return false;
  }
  store<u32>(S_SYS_PROGRESS, done);
  return true;
}
