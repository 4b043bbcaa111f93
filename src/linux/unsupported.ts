// Messages for what a Linux program asked and the machine does not provide: a system call
// (ST_UNSUPPORTED) or an instruction set extension (an invalid opcode from SSE or SSE3's fisttp).
import { syscallName } from "./syscall-names";

const DETAIL_SIGNAL = 1; // assembly/linux/signals.ts
const DETAIL_MAP_FILE = 1; // assembly/linux/mem.ts
const DETAIL_MAP_FIXED = 2;
const DETAIL_LDT_ENTRY = 3; // assembly/syscalls.ts

// What each missing system call amounts to, by name.
const WHAT: Readonly<Record<string, string>> = {
  fork: "processes (fork)", vfork: "processes (vfork)", clone: "threads and processes (clone)",
  execve: "running another program (execve)", execveat: "running another program (execveat)",
  socketcall: "sockets", socket: "sockets", socketpair: "sockets", connect: "sockets", bind: "sockets",
  pipe: "pipes", pipe2: "pipes", poll: "waiting on descriptors (poll)", select: "waiting on descriptors (select)",
  _newselect: "waiting on descriptors (select)", epoll_create: "epoll", epoll_create1: "epoll",
  getdents: "old-style directory listings", mmap: "old-style mmap",
  futex: "threads (futex)", ptrace: "ptrace", sigreturn: "signal delivery", rt_sigreturn: "signal delivery",
};

export function describeUnsupported(nr: number, detail: number): string {
  const name = syscallName(nr);
  if ((detail & 0xff) === DETAIL_SIGNAL && (name === "kill" || name === "tkill" || name === "tgkill")) {
    return `${name}: delivering signal ${detail >>> 8} to its handler is not supported (signals are never delivered)`;
  }
  if (name === "mmap2" && detail === DETAIL_MAP_FILE) return "mmap2 of a file with MAP_SHARED and PROT_WRITE, or with MAP_FIXED, is not supported (private copies only)";
  if (name === "mmap2" && detail === DETAIL_MAP_FIXED) return "mmap2 with MAP_FIXED outside the heap and mapping area is not supported";
  if (name === "modify_ldt" && detail === DETAIL_LDT_ENTRY) return "modify_ldt: only LDT entry 0 (a TLS segment) is supported";
  const what = WHAT[name];
  return what ? `${name}: ${what} not supported` : `system call ${nr} (${name}) is not supported`;
}

const PREFIXES = new Set([0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3]);

/** The extension an invalid opcode belongs to, if the machine lacks it on purpose: "SSE3 (fisttp)", "SSE". */
export function missingExtension(bytes: number[]): string | undefined {
  let i = 0;
  while (i < bytes.length && PREFIXES.has(bytes[i])) i++;
  const b = bytes[i];
  if (b === undefined) return undefined;
  // The x87 is emulated (assembly/x87/); of its escapes only SSE3's fisttp (db, dd, df with a
  // memory operand and ModR/M.reg 1) is not. Other invalid escapes are #UD on real hardware too.
  if (b === 0xdb || b === 0xdd || b === 0xdf) {
    const m = bytes[i + 1];
    return m !== undefined && m < 0xc0 && ((m >> 3) & 7) === 1 ? "SSE3 (fisttp)" : undefined;
  }
  if (b !== 0x0f) return undefined;
  const c = bytes[i + 1];
  if (c === undefined) return undefined;
  if ((c >= 0x10 && c <= 0x17) || (c >= 0x28 && c <= 0x2f) || (c >= 0x50 && c <= 0x7f) || c === 0x38 || c === 0x3a ||
    c === 0xae || c === 0xc2 || (c >= 0xc4 && c <= 0xc6) || c >= 0xd0 || c === 0x77) {
    return "SSE/MMX";
  }
  return undefined;
}
