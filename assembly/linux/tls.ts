// Thread-local storage as an i386 Linux kernel gives it: set_thread_area (243) fills GDT entries
// 6-8 from a struct user_desc (entry -1: the first free one, its number written back), and
// modify_ldt (123) writes LDT entry 0, musl's fallback. Loading FS or GS with the entry's selector
// then gives the segment that base (cpu.ts loadSeg). Only the base matters in flat mode; the
// limit and flags are kept so that a cleared entry is told from a used one.
import { S_TLS, TLS_ENTRY, TLS_ENTRIES, TLS_GDT_FIRST } from "../layout";
import { readMem, writeMem, bufferOk } from "../memory";
import { aborted } from "../cpu";

const EFAULT: u32 = 14;
const EINVAL: u32 = 22;
const ESRCH: u32 = 3;
const ENOSYS: u32 = 38;
const USER_DESC = 16; // entry_number, base_addr, limit, flag bits
const IN_USE: u32 = 0x80000000;

// The kernel's LDT_empty: what clears an entry (read_exec_only and seg_not_present set, the rest 0).
function emptyDesc(base: u32, limit: u32, flags: u32): bool {
  return base == 0 && limit == 0 && (flags & 0x7f) == 0x28;
}
function zeroDesc(base: u32, limit: u32, flags: u32): bool {
  return base == 0 && limit == 0 && (flags & 0x7f) == 0;
}

// Stores entry e from the user_desc at p; returns 0 or a negative errno.
function setEntry(e: u32, p: u32, allowZero: bool): i32 {
  let base = readMem(p + 4, 4);
  let limit = readMem(p + 8, 4);
  let flags = readMem(p + 12, 4);
  if (aborted) return 0;
  let at = S_TLS + e * TLS_ENTRY;
  if (emptyDesc(base, limit, flags) || (allowZero && zeroDesc(base, limit, flags))) {
    memory.fill(at, 0, TLS_ENTRY);
    return 0;
  }
  // contents 3 (a conforming code segment) with the segment present: refused, as Linux does.
  if (((flags >> 1) & 3) == 3 && (flags & 0x20) == 0) return -<i32>EINVAL;
  store<u32>(at, base);
  store<u32>(at, limit, 4);
  store<u32>(at, flags | IN_USE, 8);
  return 0;
}

@inline function userDescOk(p: u32): bool { return bufferOk(p, USER_DESC); }

export function sysSetThreadArea(p: u32): i32 {
  if (!userDescOk(p)) return -<i32>EFAULT;
  let idx = readMem(p, 4);
  if (aborted) return 0;
  if (idx == 0xffffffff) {
    let e: u32 = 0;
    while (e < <u32>(TLS_ENTRIES - 1) && load<u32>(S_TLS + e * TLS_ENTRY, 8) != 0) e++;
    if (e == <u32>(TLS_ENTRIES - 1)) return -<i32>ESRCH;
    idx = e + TLS_GDT_FIRST;
    writeMem(p, idx, 4);
    if (aborted) return 0;
  }
  if (idx < <u32>TLS_GDT_FIRST || idx >= <u32>(TLS_GDT_FIRST + TLS_ENTRIES - 1)) return -<i32>EINVAL;
  return setEntry(idx - TLS_GDT_FIRST, p, false);
}

// modify_ldt(func, ptr, bytecount): 0 reads (the LDT holds no more than entry 0; reads give
// nothing, as for a process whose LDT was never written), 1 and 0x11 write one entry.
// Returns a negative errno, 0 or a count; -ENOSYS-1 marks an LDT entry other than 0.
export const LDT_UNSUPPORTED: i32 = -1000;
export function sysModifyLdt(func: u32, p: u32, count: u32): i32 {
  if (func == 0 || func == 2) return 0;
  if (func != 1 && func != 0x11) return -<i32>ENOSYS;
  if (count != USER_DESC) return -<i32>EINVAL;
  if (!userDescOk(p)) return -<i32>EFAULT;
  let idx = readMem(p, 4);
  if (aborted) return 0;
  if (idx >= 8192) return -<i32>EINVAL;
  if (idx != 0) return LDT_UNSUPPORTED;
  return setEntry(TLS_ENTRIES - 1, p, func == 1);
}
