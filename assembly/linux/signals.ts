// Signals: handlers and masks are accepted and kept (rt_sigaction, rt_sigprocmask) but nothing
// is ever delivered. A signal a process sends itself (raise, abort) whose action is the default
// ends it as Linux would (status 128 + signal); ignored ones vanish; one with a handler stops the
// machine, naming signal delivery as what is missing.
import {
  S_SIG_HANDLED, S_SIG_IGNORED, S_SIG_MASK, S_STATUS, ST_EXIT, S_EXIT_CODE, LINUX_PID,
} from "../layout";
import { setStopRun, aborted } from "../cpu";
import { readMem } from "../memory";
import { ret, err, structRoom, put32, unsupported, EINVAL, ESRCH, EFAULT } from "./abi";
import { bufferOk } from "../memory";

const SIGKILL: u32 = 9;
const SIGSTOP: u32 = 19;
const SIG_DFL: u32 = 0;
const SIG_IGN: u32 = 1;
export const DETAIL_SIGNAL: u32 = 1; // unsupported detail: delivering signal (<< 8 | signo)

@inline function bit(sig: u32): u64 { return <u64>1 << <u64>(sig - 1); }

// Signals whose default action is to do nothing: SIGCHLD, SIGCONT, SIGURG, SIGWINCH.
function defaultIgnored(sig: u32): bool { return sig == 17 || sig == 18 || sig == 23 || sig == 28; }

// rt_sigaction(sig, act, oact, sigsetsize): struct k_sigaction is handler, flags, restorer, mask.
export function sysRtSigaction(sig: u32, act: u32, oact: u32, setsize: u32): void {
  if (sig < 1 || sig > 64 || setsize != 8) { err(EINVAL); return; }
  if (act != 0 && (sig == SIGKILL || sig == SIGSTOP)) { err(EINVAL); return; }
  if (act != 0 && !bufferOk(act, 20)) { err(EFAULT); return; }
  if (oact != 0) {
    if (!structRoom(oact, 20)) return;
    // Only whether a handler was set is kept, not its address: an old handler reads as SIG_IGN
    // or SIG_DFL (a program restoring it gets the default).
    put32(oact, (load<u64>(S_SIG_IGNORED) & bit(sig)) != 0 ? SIG_IGN : SIG_DFL);
    put32(oact + 4, 0);
    put32(oact + 8, 0);
    put32(oact + 12, 0);
    put32(oact + 16, 0);
    if (aborted) return;
  }
  if (act != 0) {
    let h = readMem(act, 4);
    if (aborted) return;
    let handled = load<u64>(S_SIG_HANDLED) & ~bit(sig);
    let ignored = load<u64>(S_SIG_IGNORED) & ~bit(sig);
    if (h == SIG_IGN) ignored |= bit(sig);
    else if (h != SIG_DFL) handled |= bit(sig);
    store<u64>(S_SIG_HANDLED, handled);
    store<u64>(S_SIG_IGNORED, ignored);
  }
  ret(0);
}

// rt_sigprocmask(how, set, oset, sigsetsize).
export function sysRtSigprocmask(how: u32, set: u32, oset: u32, setsize: u32): void {
  if (setsize != 8) { err(EINVAL); return; }
  let mask = load<u64>(S_SIG_MASK);
  let nv = mask;
  if (set != 0) {
    if (!bufferOk(set, 8)) { err(EFAULT); return; }
    let s = <u64>readMem(set, 4) | (<u64>readMem(set + 4, 4) << 32);
    if (aborted) return;
    if (how == 0) nv = mask | s;
    else if (how == 1) nv = mask & ~s;
    else if (how == 2) nv = s;
    else { err(EINVAL); return; }
    nv &= ~(bit(SIGKILL) | bit(SIGSTOP));
  }
  if (oset != 0) {
    if (!structRoom(oset, 8)) return;
    put32(oset, <u32>mask);
    put32(oset + 4, <u32>(mask >> 32));
    if (aborted) return;
  }
  store<u64>(S_SIG_MASK, nv);
  ret(0);
}

// kill(pid, sig), tkill(tid, sig), tgkill(tgid, tid, sig) to this process.
export function sysKill(nr: u32, pid: u32, sig: u32): void {
  if (pid != LINUX_PID && pid != 0 && pid != 0xffffffff) { err(ESRCH); return; }
  if (sig > 64) { err(EINVAL); return; }
  if (sig == 0) { ret(0); return; }
  let b = bit(sig);
  let blocked = (load<u64>(S_SIG_MASK) & b) != 0 && sig != SIGKILL && sig != SIGSTOP;
  if ((load<u64>(S_SIG_IGNORED) & b) != 0 || (defaultIgnored(sig) && (load<u64>(S_SIG_HANDLED) & b) == 0)) {
    ret(0);
    return;
  }
  if (blocked) { ret(0); return; } // pending forever: nothing is delivered
  if ((load<u64>(S_SIG_HANDLED) & b) != 0) { unsupported(nr, (sig << 8) | DETAIL_SIGNAL); return; }
  store<u32>(S_EXIT_CODE, 128 + sig);
  store<u32>(S_STATUS, ST_EXIT);
  setStopRun(true);
  ret(0);
}
