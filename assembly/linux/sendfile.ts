// sendfile and sendfile64: bytes of a file of the file area (or the disk) to stdout or stderr, as
// busybox's cat copies a file. Another destination (a created file) stops the machine; a source
// that is not a file is EINVAL, as Linux says for a pipe, and busybox then reads and writes.
import { FD_NONE, FD_DIR, FD_STDIN, FD_STDERR, S_SYS_PROGRESS } from "../layout";
import { aborted } from "../cpu";
import { readMem, writeMem, bufferOk } from "../memory";
import { journalFree } from "../journal";
import { outputByte } from "../devices/console";
import { diskVerify, diskLoad } from "../devices/disk";
import { ret, err, suspend, budget, unsupported, EBADF, EFAULT, EINVAL } from "./abi";
import { fdKind, fdFlags, fdOffset, setFdOffset, FDF_READ, FDF_WRITE } from "./fds";
import { area, areaStart, areaSize, finished } from "./files";

@inline function isConsole(kind: u32): bool { return kind >= <u32>FD_STDIN && kind <= <u32>FD_STDERR; }

// offp: the position to read from and to advance (4 bytes for sendfile, 8 for sendfile64), or 0
// for the fd's own.
export function sysSendfile(nr: u32, out: u32, src: u32, offp: u32, count: u32, wide: bool): void {
  let ok = fdKind(out);
  let sk = fdKind(src);
  if (ok == FD_NONE || sk == FD_NONE || (fdFlags(src) & FDF_READ) == 0 || (fdFlags(out) & FDF_WRITE) == 0) { err(EBADF); return; }
  if (sk == FD_DIR || isConsole(sk)) { err(EINVAL); return; }
  if (!isConsole(ok)) { unsupported(nr, 0); return; }
  let pos: u64 = <u64>fdOffset(src);
  if (offp != 0) {
    if (!bufferOk(offp, wide ? 8 : 4)) { err(EFAULT); return; }
    pos = <u64>readMem(offp, 4) | (wide ? <u64>readMem(offp + 4, 4) << 32 : 0);
    if (wide && (pos >> 63) != 0) { err(EINVAL); return; }
  }
  if (!area(src)) return;
  let n: u32 = pos >= <u64>areaSize ? 0 : <u32>(<u64>areaSize - pos);
  if (count < n) n = count;
  let at = areaStart + <u32>pos;
  let done = load<u32>(S_SYS_PROGRESS);
  if (!diskVerify(at + done, n - done)) return;
  let b = budget(n - done);
  let stream: u32 = ok == <u32>FD_STDERR ? 2 : 1;
  for (let i: u32 = 0; i < b; i++) outputByte(stream, diskLoad(at + done + i, 1));
  if (aborted) return;
  done += b;
  if (done < n) { suspend(done); return; }
  if (offp != 0) {
    if (journalFree() < 3) { suspend(done); return; }
    let end = pos + <u64>n;
    writeMem(offp, <u32>end, 4);
    if (wide) writeMem(offp + 4, <u32>(end >> 32), 4);
    if (aborted) return;
  } else {
    setFdOffset(src, <u32>pos + n);
  }
  finished();
  ret(n);
}
