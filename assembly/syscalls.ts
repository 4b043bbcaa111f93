// The Linux i386 `int 0x80` interface, handled inside the core so that static programs (glibc,
// musl, busybox) run unmodified and every module answers alike: the calls are in assembly/linux/,
// by concern. Calls that move many bytes are restartable: when the journal cannot take the rest,
// the call records its progress, stops with ST_JOURNAL_FULL and runs again once the host drained
// it. What the machine does not provide stops it (ST_UNSUPPORTED) with the call's number, so the
// host names what is missing; calls a program probes and reads ENOSYS from as "not here" get it.
import {
  EAX, EBX, ECX, EDX, ESI, EDI, EBP, S_STATUS, S_EXIT_CODE, ST_EXIT, S_TID_ADDRESS, LINUX_PID,
} from "./layout";
import { reg32, setStopRun, aborted } from "./cpu";
import { ret, err, unsupported, ENOSYS, ENOENT, EROFS, ECHILD, EPERM, EINVAL } from "./linux/abi";
import { sysSetThreadArea, sysModifyLdt, LDT_UNSUPPORTED } from "./linux/tls";
import { sysBrk, sysMmap, sysMunmap, sysMremap } from "./linux/mem";
import {
  sysClockGettime, sysClockGetres, sysGettimeofday, sysTime, sysGetrandom, sysUname, sysGetcwd,
  sysUgetrlimit, sysPrlimit64, sysSysinfo,
} from "./linux/info";
import {
  sysRead, sysWrite, sysPrw, sysVector, sysOpen, sysClose, sysDup, sysFcntl, sysLseek, sysLlseek,
  sysIoctl,
} from "./linux/io";
import { sysFstat64, sysStat64, sysStatAt, sysAccess } from "./linux/stat";
import { sysRtSigaction, sysRtSigprocmask, sysKill } from "./linux/signals";
import { sysPrctl } from "./linux/info";
import { sysGetdents64 } from "./linux/dir";
import { sysSendfile } from "./linux/sendfile";

export const DETAIL_LDT_ENTRY: u32 = 3; // unsupported detail: an LDT entry other than 0

function sysExit(code: u32): void {
  store<u32>(S_EXIT_CODE, code & 0xff);
  store<u32>(S_STATUS, ST_EXIT);
  setStopRun(true);
}

@inline function a1(): u32 { return reg32(EBX); }
@inline function a2(): u32 { return reg32(ECX); }
@inline function a3(): u32 { return reg32(EDX); }
@inline function a4(): u32 { return reg32(ESI); }
@inline function a5(): u32 { return reg32(EDI); }
@inline function a6(): u32 { return reg32(EBP); }

export function syscall(): void {
  let nr = reg32(EAX);
  switch (nr) {
    case 1: case 252: sysExit(a1()); break; // exit, exit_group
    case 3: sysRead(a1(), a2(), a3()); break;
    case 4: sysWrite(a1(), a2(), a3()); break;
    case 187: sysSendfile(nr, a1(), a2(), a3(), a4(), false); break; // sendfile
    case 239: sysSendfile(nr, a1(), a2(), a3(), a4(), true); break; // sendfile64
    case 5: sysOpen(nr, a1(), a2()); break; // open
    case 6: sysClose(a1()); break;
    case 8: sysOpen(nr, a1(), 0x241); break; // creat: O_CREAT|O_WRONLY|O_TRUNC
    case 13: sysTime(a1()); break;
    case 19: sysLseek(a1(), a2(), a3()); break;
    case 20: case 224: ret(LINUX_PID); break; // getpid, gettid
    // The process runs as root, as AT_UID and friends in its auxiliary vector say.
    case 24: case 47: case 49: case 50: case 199: case 200: case 201: case 202: ret(0); break; // get[e]uid, get[e]gid
    case 23: case 46: case 213: case 214: case 81: case 206: ret(0); break; // set[ug]id(32), setgroups(32)
    case 80: case 205: ret(0); break; // getgroups(32): none
    case 64: case 132: ret(1); break; // getppid, getpgid
    case 33: sysAccess(a1(), a2()); break;
    case 307: case 439: sysAccess(a2(), a3()); break; // faccessat, faccessat2
    case 41: sysDup(a1(), -1, 0); break;
    case 63: sysDup(a1(), <i32>a2(), 0); break; // dup2
    case 330: if (a1() == a2()) err(EINVAL); else sysDup(a1(), <i32>a2(), a3()); break; // dup3
    case 45: sysBrk(a1()); break;
    case 54: sysIoctl(a1(), a2(), a3()); break;
    case 55: case 221: sysFcntl(a1(), a2(), a3()); break; // fcntl, fcntl64
    case 60: ret(0o022); break; // umask
    case 78: sysGettimeofday(a1(), a2()); break;
    case 85: case 305: err(ENOENT); break; // readlink(at): no /proc, no symbolic links
    case 90: unsupported(nr, 0); break; // old mmap (a struct of arguments): not used by i386 libcs
    case 192: sysMmap(nr, a1(), a2(), a3(), a4(), a5(), a6()); break; // mmap2
    case 91: sysMunmap(a1(), a2()); break;
    case 125: ret(0); break; // mprotect: memory is all readable, writable and executable
    case 219: ret(0); break; // madvise
    case 163: sysMremap(a1(), a2(), a3()); break;
    case 122: sysUname(a1()); break;
    case 123: { // modify_ldt
      let r = sysModifyLdt(a1(), a2(), a3());
      if (r == LDT_UNSUPPORTED) unsupported(nr, DETAIL_LDT_ENTRY);
      else if (!aborted) ret(<u32>r);
      break;
    }
    case 243: { // set_thread_area
      let r = sysSetThreadArea(a1());
      if (!aborted) ret(<u32>r);
      break;
    }
    case 244: err(EINVAL); break; // get_thread_area: not kept in the user_desc form
    case 116: sysSysinfo(a1()); break;
    case 140: sysLlseek(a1(), a2(), a3(), a4(), a5()); break;
    case 145: sysVector(a1(), a2(), a3(), false); break; // readv
    case 146: sysVector(a1(), a2(), a3(), true); break; // writev
    case 174: sysRtSigaction(a1(), a2(), a3(), a4()); break;
    case 175: sysRtSigprocmask(a1(), a2(), a3(), a4()); break;
    case 186: ret(0); break; // sigaltstack: accepted (nothing is delivered)
    case 180: sysPrw(a1(), a2(), a3(), a4(), a5(), false); break; // pread64
    case 181: sysPrw(a1(), a2(), a3(), a4(), a5(), true); break; // pwrite64
    case 183: sysGetcwd(a1(), a2()); break;
    case 191: sysUgetrlimit(a1(), a2()); break;
    case 76: sysUgetrlimit(a1(), a2()); break; // getrlimit
    case 75: ret(0); break; // setrlimit: accepted, nothing is enforced
    case 340: sysPrlimit64(a1(), a2(), a4()); break;
    case 195: case 196: sysStat64(a1(), a2()); break; // stat64, lstat64
    case 197: sysFstat64(a1(), a2()); break;
    case 300: sysStatAt(a1(), a2(), a4(), a3(), false); break; // fstatat64
    case 383: sysStatAt(a1(), a2(), a3(), a5(), true); break; // statx
    case 258: store<u32>(S_TID_ADDRESS, a1()); ret(LINUX_PID); break; // set_tid_address
    case 311: ret(0); break; // set_robust_list: accepted (no threads)
    case 265: sysClockGettime(a1(), a2(), false); break;
    case 403: sysClockGettime(a1(), a2(), true); break; // clock_gettime64
    case 266: sysClockGetres(a1(), a2(), false); break;
    case 406: sysClockGetres(a1(), a2(), true); break; // clock_getres_time64
    case 162: case 267: case 407: ret(0); break; // nanosleep, clock_nanosleep(_time64): time is cycles
    case 355: sysGetrandom(a1(), a2()); break;
    case 37: sysKill(nr, a1(), a2()); break;
    case 238: sysKill(nr, a1(), a2()); break; // tkill
    case 270: sysKill(nr, a2(), a3()); break; // tgkill
    case 7: case 114: err(ECHILD); break; // waitpid, wait4: there are no children
    case 295: sysOpen(nr, a2(), a3()); break; // openat (paths resolve from /: there are no directory fds)
    case 10: case 301: case 38: case 302: case 39: case 296: case 40: case 15: case 306: case 94:
      err(EROFS); break; // unlink(at), rename(at), mkdir(at), rmdir, chmod, fchmodat, fchmod
    case 12: err(ENOENT); break; // chdir: only / exists
    case 66: ret(LINUX_PID); break; // setsid
    case 172: sysPrctl(a1(), a2()); break;
    case 220: sysGetdents64(a1(), a2(), a3()); break;
    case 57: err(EPERM); break; // setpgid
    // Probed by libcs, which read ENOSYS as "this kernel has not got it" and do without.
    case 386: case 435: case 436: err(ENOSYS); break; // rseq, clone3, close_range
    default: unsupported(nr, 0); break;
  }
}
