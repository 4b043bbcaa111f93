// The Linux i386 `int 0x80` subset, handled inside the core so C programs run unmodified:
// exit (1), exit_group (252), read (3) on fd 0, write (4) on fd 1 and 2, brk (45),
// pread64 (180) and pwrite64 (181) on fd 3 = the module's disk. Anything else: -ENOSYS.
// Calls that move many bytes are restartable: when the journal cannot take the rest, the call
// records its progress, stops with ST_JOURNAL_FULL and runs again once the host drained it.
import {
  EAX, EBX, ECX, EDX, ESI, EDI, S_STATUS, S_EXIT_CODE, ST_EXIT, ST_JOURNAL_FULL, S_SYS_PROGRESS,
  S_BRK, S_BRK_MIN, S_BRK_MAX, S_RAM_SIZE,
} from "./layout";
import { reg32, setReg32, restartInsn, setStopRun, aborted } from "./cpu";
import { journalFree } from "./journal";
import { readMem, writeMem } from "./memory";
import { inputAvailable, inputEof, inputPop, needInput, outputByte } from "./devices/console";
import { diskSize, diskVerify, diskLoad, diskStore } from "./devices/disk";

const EBADF: u32 = 9;
const EFAULT: u32 = 14;
const EINVAL: u32 = 22;
const ENOSPC: u32 = 28;
const ENOSYS: u32 = 38;

@inline function ret(v: u32): void { setReg32(EAX, v); }
@inline function err(e: u32): void { setReg32(EAX, -e); }

function bufferOk(buf: u32, count: u32): bool {
  let ram = load<u32>(S_RAM_SIZE);
  return buf <= ram && count <= ram - buf;
}

// Journal entries a transfer of `left` bytes may use now; 0 means: stop and come back.
function budget(left: u32): u32 {
  let free = journalFree();
  return left < free ? left : free;
}

// The call has more to do than the journal can take: keep the progress and run again.
function suspend(done: u32): void {
  store<u32>(S_SYS_PROGRESS, done);
  store<u32>(S_STATUS, ST_JOURNAL_FULL);
  restartInsn();
  setStopRun(true);
}

function sysExit(code: u32): void {
  store<u32>(S_EXIT_CODE, code & 0xff);
  store<u32>(S_STATUS, ST_EXIT);
  setStopRun(true);
}

// A read returns what is queued when it is made, as on a pipe; the caller loops for more. When
// the journal cannot take it all, the call keeps its progress and runs again once the host drained
// the journal, so the count the guest sees never depends on the journal's room (that is, on the
// epoch): the ring only grows while a read waits with nothing queued.
function sysRead(fd: u32, buf: u32, count: u32): void {
  if (fd != 0) { err(EBADF); return; }
  if (count == 0) { ret(0); return; }
  if (!bufferOk(buf, count)) { err(EFAULT); return; }
  let done = load<u32>(S_SYS_PROGRESS);
  let avail = inputAvailable();
  if (done == 0 && avail == 0) {
    if (inputEof()) ret(0);
    else needInput();
    return;
  }
  let left = count - done;
  let want = left < avail ? left : avail;
  let n = budget(want);
  for (let i: u32 = 0; i < n; i++) writeMem(buf + done + i, inputPop(), 1);
  if (aborted) return;
  done += n;
  if (n < want) { suspend(done); return; }
  store<u32>(S_SYS_PROGRESS, 0);
  ret(done);
}

function sysWrite(fd: u32, buf: u32, count: u32): void {
  if (fd != 1 && fd != 2) { err(EBADF); return; }
  if (!bufferOk(buf, count)) { err(EFAULT); return; }
  let done = load<u32>(S_SYS_PROGRESS);
  let n = budget(count - done);
  for (let i: u32 = 0; i < n; i++) outputByte(fd, readMem(buf + done + i, 1));
  if (aborted) return;
  done += n;
  if (done < count) { suspend(done); return; }
  store<u32>(S_SYS_PROGRESS, 0);
  ret(count);
}

function sysBrk(addr: u32): void {
  if (addr >= load<u32>(S_BRK_MIN) && addr <= load<u32>(S_BRK_MAX)) store<u32>(S_BRK, addr);
  ret(load<u32>(S_BRK));
}

// pread64/pwrite64(fd, buf, count, offset_lo, offset_hi) on the disk (fd 3).
function diskRange(fd: u32, count: u32, offLo: u32, offHi: u32, write: bool): u32 {
  if (fd != 3) { err(EBADF); return 0; }
  if (<i32>offHi < 0) { err(EINVAL); return 0; }
  let size = diskSize();
  if (offHi != 0 || offLo >= size) {
    if (write && count != 0) err(ENOSPC);
    else ret(0); // reading at or past the end of the disk: end of file
    return 0;
  }
  let avail = size - offLo;
  return count < avail ? count : avail;
}

// Moves bytes [done, n) of a disk transfer in units of 4 where aligned, else 1.
function sysDisk(write: bool): void {
  let fd = reg32(EBX);
  let buf = reg32(ECX);
  let count = reg32(EDX);
  let off = reg32(ESI);
  let n = diskRange(fd, count, off, reg32(EDI), write);
  if (n == 0) {
    if (fd == 3 && count == 0) ret(0);
    return;
  }
  if (!bufferOk(buf, n)) { err(EFAULT); return; }
  let done = load<u32>(S_SYS_PROGRESS);
  // Reads verify the sectors they use; writes too, as RAID's read-modify-write does, so that a
  // checksum never carries a hidden error forward. A machine check: repaired, then rerun.
  if (!diskVerify(off + done, n - done)) return;
  let free = journalFree();
  while (done < n && free > 0) {
    let d = off + done;
    let unit: u32 = ((d & 3) == 0 && n - done >= 4) ? 4 : 1;
    if (write) diskStore(d, readMem(buf + done, unit), unit);
    else writeMem(buf + done, diskLoad(d, unit), unit);
    if (aborted) return;
    done += unit;
    free--;
  }
  if (done < n) { suspend(done); return; }
  store<u32>(S_SYS_PROGRESS, 0);
  ret(n);
}

export function syscall(): void {
  let nr = reg32(EAX);
  switch (nr) {
    case 1:
    case 252: sysExit(reg32(EBX)); break;
    case 3: sysRead(reg32(EBX), reg32(ECX), reg32(EDX)); break;
    case 4: sysWrite(reg32(EBX), reg32(ECX), reg32(EDX)); break;
    case 45: sysBrk(reg32(EBX)); break;
    case 180: sysDisk(false); break;
    case 181: sysDisk(true); break;
    default: err(ENOSYS); break;
  }
}
