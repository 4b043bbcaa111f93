// The fd table (module state): what each descriptor names, its flags and its offset.
import { S_FDS, FD_MAX, FD_NONE, FD_STDIN, FD_STDOUT, FD_STDERR, FD_DISK } from "../layout";

export const FDF_CLOEXEC: u32 = 1;
export const FDF_READ: u32 = 2;
export const FDF_WRITE: u32 = 4;
export const FDF_APPEND: u32 = 8;

@inline function at(fd: u32): usize { return S_FDS + (fd << 3); }
@inline export function fdKind(fd: u32): u32 { return fd < <u32>FD_MAX ? <u32>load<u8>(at(fd)) : FD_NONE; }
@inline export function fdFlags(fd: u32): u32 { return <u32>load<u8>(at(fd), 1); }
@inline export function fdFile(fd: u32): u32 { return <u32>load<u16>(at(fd), 2); }
@inline export function fdOffset(fd: u32): u32 { return load<u32>(at(fd), 4); }
@inline export function setFdOffset(fd: u32, v: u32): void { store<u32>(at(fd), v, 4); }
@inline export function setFdFlags(fd: u32, v: u32): void { store<u8>(at(fd), <u8>v, 1); }

export function setFd(fd: u32, kind: u32, flags: u32, file: u32, offset: u32): void {
  store<u8>(at(fd), <u8>kind);
  store<u8>(at(fd), <u8>flags, 1);
  store<u16>(at(fd), <u16>file, 2);
  store<u32>(at(fd), offset, 4);
}
export function closeFd(fd: u32): void { store<u64>(at(fd), 0); }
export function copyFd(from: u32, to: u32): void { store<u64>(at(to), load<u64>(at(from))); }

// The lowest free descriptor at or above `min`, or -1.
export function freeFd(min: u32): i32 {
  for (let fd = min; fd < <u32>FD_MAX; fd++) if (fdKind(fd) == FD_NONE) return <i32>fd;
  return -1;
}

// A process's first descriptors: the console on 0, 1 and 2, the disk on 3.
export function resetFds(): void {
  memory.fill(S_FDS, 0, FD_MAX * 8);
  setFd(0, FD_STDIN, FDF_READ, 0, 0);
  setFd(1, FD_STDOUT, FDF_WRITE, 0, 0);
  setFd(2, FD_STDERR, FDF_WRITE, 0, 0);
  setFd(3, FD_DISK, FDF_READ | FDF_WRITE, 0, 0);
}
