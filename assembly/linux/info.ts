// What a process asks about its world, answered the same in every module and every run: clocks
// from the start time (--start-time) plus the cycle count (one cycle is one nanosecond),
// getrandom from the seed (--seed), fixed ids, names, limits and sizes.
import {
  S_CYCLE, S_START_TIME, S_COMM, COMM_SIZE, S_RANDOM_SEED, S_RANDOM_DRAWN, S_SYS_PROGRESS, S_RAM_SIZE, LINUX_PID,
} from "../layout";
import { aborted } from "../cpu";
import { bufferOk, writeMem, readMem } from "../memory";
import {
  ret, err, structRoom, put32, putZeros, putString, budget, suspend, EFAULT, EINVAL, ERANGE,
} from "./abi";

const NS: u64 = 1000000000;

// Nanoseconds since cycle 0, and the wall clock's seconds at cycle 0.
@inline function elapsedNs(): u64 { return load<u64>(S_CYCLE); }
@inline function startSeconds(): u64 { return <u64>load<u32>(S_START_TIME); }

const CLOCK_REALTIME: u32 = 0;
const CLOCK_REALTIME_COARSE: u32 = 5;
const CLOCK_TAI: u32 = 11;

// The time of clock `clk` in nanoseconds, or -1 for a clock Linux does not have.
function clockNs(clk: u32): i64 {
  if (clk == CLOCK_REALTIME || clk == CLOCK_REALTIME_COARSE || clk == CLOCK_TAI) {
    return <i64>(startSeconds() * NS + elapsedNs());
  }
  if (clk <= 11 && clk != 10) return <i64>elapsedNs(); // monotonic, boottime, process and thread CPU time
  return -1;
}

// clock_gettime (32-bit timespec) and clock_gettime64 (64-bit).
export function sysClockGettime(clk: u32, p: u32, wide: bool): void {
  let t = clockNs(clk);
  if (t < 0) { err(EINVAL); return; }
  let size: u32 = wide ? 16 : 8;
  if (!structRoom(p, size)) return;
  let sec = <u64>t / NS;
  let nsec = <u32>(<u64>t % NS);
  if (wide) {
    put32(p, <u32>sec);
    put32(p + 4, <u32>(sec >> 32));
    put32(p + 8, nsec);
    put32(p + 12, 0);
  } else {
    put32(p, <u32>sec);
    put32(p + 4, nsec);
  }
  if (!aborted) ret(0);
}

// clock_getres: one nanosecond, the cycle.
export function sysClockGetres(clk: u32, p: u32, wide: bool): void {
  if (clockNs(clk) < 0) { err(EINVAL); return; }
  if (p == 0) { ret(0); return; }
  let size: u32 = wide ? 16 : 8;
  if (!structRoom(p, size)) return;
  putZeros(p, size);
  put32(p + (wide ? 8 : 4), 1);
  if (!aborted) ret(0);
}

export function sysGettimeofday(tv: u32, tz: u32): void {
  if (tv != 0) {
    if (!structRoom(tv, 8)) return;
    let t = clockNs(CLOCK_REALTIME);
    put32(tv, <u32>(<u64>t / NS));
    put32(tv + 4, <u32>((<u64>t % NS) / 1000));
  }
  if (tz != 0) {
    if (!structRoom(tz, 8)) return;
    putZeros(tz, 8);
  }
  if (!aborted) ret(0);
}

export function sysTime(p: u32): void {
  let sec = <u32>(<u64>clockNs(CLOCK_REALTIME) / NS);
  if (p != 0) {
    if (!structRoom(p, 4)) return;
    put32(p, sec);
  }
  if (!aborted) ret(sec);
}

// SplitMix32-style mix of the seed and a byte's index in the stream: byte i of all getrandom
// output ever drawn, so a restarted call gives the same bytes.
function randomByte(i: u32): u32 {
  let z = load<u32>(S_RANDOM_SEED) * 0x9e3779b9 + (i >> 2) * 0x85ebca6b + 0x6a09e667;
  z = (z ^ (z >> 16)) * 0x7feb352d;
  z = (z ^ (z >> 15)) * 0x846ca68b;
  z ^= z >> 16;
  return (z >> ((i & 3) << 3)) & 0xff;
}

export function sysGetrandom(buf: u32, count: u32): void {
  if (!bufferOk(buf, count)) { err(EFAULT); return; }
  let done = load<u32>(S_SYS_PROGRESS);
  let drawn = load<u32>(S_RANDOM_DRAWN);
  let n = budget(count - done);
  for (let i: u32 = 0; i < n; i++) writeMem(buf + done + i, randomByte(drawn + done + i), 1);
  if (aborted) return;
  done += n;
  if (done < count) { suspend(done); return; }
  store<u32>(S_SYS_PROGRESS, 0);
  store<u32>(S_RANDOM_DRAWN, drawn + count);
  ret(count);
}

// struct utsname: six fields of 65 bytes.
export function sysUname(p: u32): void {
  if (!structRoom(p, 390)) return;
  putString(p, "Linux", 65);
  putString(p + 65, "lockstep86", 65);
  putString(p + 130, "6.1.0", 65);
  putString(p + 195, "#1 SMP lockstep86", 65);
  putString(p + 260, "i686", 65);
  putString(p + 325, "(none)", 65);
  if (!aborted) ret(0);
}

// getcwd: the root, as for a process that owns no directory.
export function sysGetcwd(p: u32, size: u32): void {
  if (size < 2) { err(ERANGE); return; }
  if (!structRoom(p, 2)) return;
  writeMem(p, 0x2f, 1);
  writeMem(p + 1, 0, 1);
  if (!aborted) ret(2);
}

const RLIMIT_STACK: u32 = 3;
const RLIMIT_NOFILE: u32 = 7;
const RLIM_NLIMITS: u32 = 16;

// A limit's current and maximum value (0xffffffff: infinity, as RLIM_INFINITY for 32 bits).
function limitCur(r: u32): u32 {
  if (r == RLIMIT_STACK) return 8 << 20;
  if (r == RLIMIT_NOFILE) return 1024;
  return 0xffffffff;
}
function limitMax(r: u32): u32 {
  return r == RLIMIT_NOFILE ? 4096 : 0xffffffff;
}

// ugetrlimit(resource, struct rlimit *) with 32-bit values.
export function sysUgetrlimit(r: u32, p: u32): void {
  if (r >= RLIM_NLIMITS) { err(EINVAL); return; }
  if (!structRoom(p, 8)) return;
  put32(p, limitCur(r));
  put32(p + 4, limitMax(r));
  if (!aborted) ret(0);
}

// prlimit64(pid, resource, new, old): reads only; setting a limit is accepted and changes
// nothing (no limit is enforced).
export function sysPrlimit64(pid: u32, r: u32, old: u32): void {
  if (pid != 0 && pid != LINUX_PID) { err(3); return; } // ESRCH
  if (r >= RLIM_NLIMITS) { err(EINVAL); return; }
  if (old != 0) {
    if (!structRoom(old, 16)) return;
    let cur = limitCur(r), max = limitMax(r);
    put32(old, cur);
    put32(old + 4, cur == 0xffffffff ? 0xffffffff : 0);
    put32(old + 8, max);
    put32(old + 12, max == 0xffffffff ? 0xffffffff : 0);
  }
  if (!aborted) ret(0);
}

// struct sysinfo (64 bytes): uptime from the clock, RAM from the module's size, one process.
export function sysSysinfo(p: u32): void {
  if (!structRoom(p, 64)) return;
  putZeros(p, 64);
  put32(p, <u32>(elapsedNs() / NS));
  put32(p + 16, load<u32>(S_RAM_SIZE)); // totalram
  put32(p + 20, load<u32>(S_RAM_SIZE) >> 1); // freeram
  writeMem(p + 40, 1, 2); // procs
  put32(p + 52, 1); // mem_unit
  if (!aborted) ret(0);
}

const PR_SET_NAME: u32 = 15;
const PR_GET_NAME: u32 = 16;

// prctl: the process name (PR_SET_NAME, PR_GET_NAME); other options change nothing here and are
// refused as an unknown option is (EINVAL).
export function sysPrctl(option: u32, arg: u32): void {
  if (option == PR_GET_NAME) {
    if (!structRoom(arg, COMM_SIZE)) return;
    for (let i: u32 = 0; i < <u32>COMM_SIZE; i += 4) writeMem(arg + i, load<u32>(S_COMM + i), 4);
    if (!aborted) ret(0);
  } else if (option == PR_SET_NAME) {
    if (!bufferOk(arg, 1)) { err(EFAULT); return; }
    let end = false;
    for (let i: u32 = 0; i < <u32>COMM_SIZE - 1; i++) {
      let c: u32 = end ? 0 : readMem(arg + i, 1);
      if (aborted) return;
      if (c == 0) end = true;
      store<u8>(S_COMM + i, <u8>c);
    }
    store<u8>(S_COMM + COMM_SIZE - 1, 0);
    ret(0);
  } else {
    err(EINVAL);
  }
}
