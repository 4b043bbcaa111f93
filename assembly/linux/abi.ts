// What every Linux system call shares: returning a value or an errno in eax, writing structs to
// the guest (journaled, so room for them is made first), stopping restartably, and stopping for
// good on something the machine does not provide.
import {
  EAX, S_STATUS, ST_JOURNAL_FULL, S_SYS_PROGRESS, ST_UNSUPPORTED, S_FAULT_ADDR, S_FAULT_INFO,
  SYSCALL_SCRATCH,
} from "../layout";
import { setReg32, restartInsn, setStopRun, aborted } from "../cpu";
import { journalFree } from "../journal";
import { writeMem, bufferOk } from "../memory";

export const EPERM: u32 = 1;
export const ENOENT: u32 = 2;
export const ESRCH: u32 = 3;
export const EBADF: u32 = 9;
export const ECHILD: u32 = 10;
export const ENOMEM: u32 = 12;
export const EFAULT: u32 = 14;
export const EEXIST: u32 = 17;
export const ENOTDIR: u32 = 20;
export const EISDIR: u32 = 21;
export const EINVAL: u32 = 22;
export const EMFILE: u32 = 24;
export const ENOTTY: u32 = 25;
export const EFBIG: u32 = 27;
export const ENOSPC: u32 = 28;
export const ESPIPE: u32 = 29;
export const EROFS: u32 = 30;
export const ERANGE: u32 = 34;
export const ENOSYS: u32 = 38;
export const ENAMETOOLONG: u32 = 36;
export const ENOTSOCK: u32 = 88;

@inline export function ret(v: u32): void { setReg32(EAX, v); }
@inline export function err(e: u32): void { setReg32(EAX, -e); }

// The call has more to do than the journal can take: keep the progress and run again.
export function suspend(done: u32): void {
  store<u32>(S_SYS_PROGRESS, done);
  store<u32>(S_STATUS, ST_JOURNAL_FULL);
  restartInsn();
  setStopRun(true);
}

// Journal entries a transfer of `left` units may use now; 0 means: stop and come back.
export function budget(left: u32): u32 {
  let free = journalFree();
  return left < free ? left : free;
}

// True when a struct of `bytes` bytes at `p` can be written in full now. Otherwise errno EFAULT
// was set (a bad pointer), or the call was suspended to run again once the journal is drained.
export function structRoom(p: u32, bytes: u32): bool {
  if (!bufferOk(p, bytes)) { err(EFAULT); return false; }
  if (journalFree() < ((bytes + 3) >> 2) + 1) { suspend(0); return false; }
  return true;
}

@inline export function put32(p: u32, v: u32): void { writeMem(p, v, 4); }
@inline export function put16(p: u32, v: u32): void { writeMem(p, v & 0xffff, 2); }
@inline export function put8(p: u32, v: u32): void { writeMem(p, v & 0xff, 1); }
export function putZeros(p: u32, bytes: u32): void {
  let i: u32 = 0;
  for (; i + 4 <= bytes; i += 4) writeMem(p + i, 0, 4);
  for (; i < bytes; i++) writeMem(p + i, 0, 1);
}
// A NUL-padded string field of `size` bytes.
export function putString(p: u32, s: string, size: u32): void {
  for (let i: u32 = 0; i < size; i++) put8(p + i, i < <u32>s.length ? <u32>s.charCodeAt(i) : 0);
}

// Stops the machine: the program asked for something it does not provide. The host names it.
export function unsupported(nr: u32, detail: u32): void {
  if (aborted) return;
  store<u32>(S_STATUS, ST_UNSUPPORTED);
  store<u32>(S_FAULT_ADDR, nr);
  store<u32>(S_FAULT_INFO, detail);
  restartInsn();
  setStopRun(true);
}

// A struct is built in SYSCALL_SCRATCH, then written to the guest a dword at a time.
export function clearScratch(n: u32): void { memory.fill(SYSCALL_SCRATCH, 0, n); }
export function sput32(off: u32, v: u32): void { store<u32>(SYSCALL_SCRATCH + off, v); }
export function sput16(off: u32, v: u32): void { store<u16>(SYSCALL_SCRATCH + off, <u16>v); }
export function flushScratch(p: u32, n: u32): void {
  for (let i: u32 = 0; i < n; i += 4) writeMem(p + i, load<u32>(SYSCALL_SCRATCH + i), 4);
}

