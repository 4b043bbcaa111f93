// getdents64: ".", "..", then what the directory holds (tree.ts: files of the file area and the
// directories their paths pass through), in directory order. The fd's offset is the next
// position to list.
import { FD_NONE, FD_DIR, FILE_MAX, PATH_SCRATCH } from "../layout";
import { aborted } from "../cpu";
import { writeMem } from "../memory";
import { ret, err, structRoom, EBADF, EINVAL, ENOTDIR } from "./abi";
import { fdKind, fdFile, fdOffset, setFdOffset } from "./fds";
import { directoryVerified } from "./files";
import { childName, childIsDir, childKey, dirIno } from "./tree";

const DT_DIR: u32 = 4;
const DT_REG: u32 = 8;
const HEADER: u32 = 19; // d_ino u64, d_off u64, d_reclen u16, d_type u8

// Name length of position pos (0 ".", 1 "..", 2 + i directory entry i) in PATH_SCRATCH, or -1.
// Sets inoAt and dirAt.
let inoAt: u32 = 0;
let dirAt = false;
function nameAt(pos: u32, key: u32): i32 {
  if (pos < 2) {
    store<u8>(PATH_SCRATCH, 0x2e);
    store<u8>(PATH_SCRATCH + 1, 0x2e);
    inoAt = pos == 0 ? dirIno(key) : 2;
    dirAt = true;
    return <i32>pos + 1;
  }
  let n = childName(pos - 2, key);
  dirAt = childIsDir;
  inoAt = childIsDir ? dirIno(childKey) : 100 + pos - 2;
  return n;
}

export function sysGetdents64(fd: u32, buf: u32, count: u32): void {
  let kind = fdKind(fd);
  if (kind == FD_NONE) { err(EBADF); return; }
  if (kind != FD_DIR) { err(ENOTDIR); return; }
  if (!directoryVerified()) return;
  if (!structRoom(buf, count)) return;
  let pos = fdOffset(fd);
  let key = fdFile(fd);
  let written: u32 = 0;
  let end: u32 = <u32>FILE_MAX + 2;
  for (; pos < end; pos++) {
    let n = nameAt(pos, key);
    if (n < 0) continue;
    let reclen = (HEADER + <u32>n + 1 + 7) & ~7;
    if (written + reclen > count) break;
    let p = buf + written;
    writeMem(p, inoAt, 4); // d_ino, as stat gives it
    writeMem(p + 4, 0, 4);
    writeMem(p + 8, pos + 1, 4); // d_off: where the next call goes on
    writeMem(p + 12, 0, 4);
    writeMem(p + 16, reclen, 2);
    writeMem(p + 18, dirAt ? DT_DIR : DT_REG, 1);
    for (let k: u32 = 0; k < reclen - HEADER; k++) writeMem(p + HEADER + k, k < <u32>n ? <u32>load<u8>(PATH_SCRATCH + k) : 0, 1);
    if (aborted) return;
    written += reclen;
  }
  if (written == 0 && pos < end) { err(EINVAL); return; } // the buffer holds not even one entry
  setFdOffset(fd, pos);
  ret(written);
}
