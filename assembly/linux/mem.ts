// The process's memory calls: brk, mmap2/munmap (file mappings: map-file.ts), mprotect, madvise,
// mremap. RAM is one block from the program's lowest page up (S_RAM_ORIGIN); the break grows up
// from the program's end, anonymous mappings grow down from the stack's reserve (S_BRK_MAX), and
// neither passes the other. Memory a call hands out must read as zero, as fresh pages do on Linux;
// it may have been used before (a shrunk break, an unmapped block), so the call clears it,
// journaling only the words that are not zero already, and restarts when the journal is full.
import { S_BRK, S_BRK_MIN, S_BRK_MAX, S_MMAP_LOW, S_SYS_PROGRESS } from "../layout";
import { aborted } from "../cpu";
import { readMem, writeMem, touchRam, toPhys } from "../memory";
import { journalFree } from "../journal";
import { ret, err, suspend, unsupported, EINVAL, ENOMEM } from "./abi";
import { mapFileCheck, mapFileCopy, MAP_FILE_UNSUPPORTED } from "./map-file";

const PAGE: u32 = 4096;
const MAP_FIXED: u32 = 0x10;
const MAP_ANONYMOUS: u32 = 0x20;
const DETAIL_MAP_FILE: u32 = 1; // unsupported detail: a writable shared or a fixed mapping of a file
const DETAIL_MAP_FIXED: u32 = 2; // unsupported detail: MAP_FIXED outside memory handed out

@inline function pageUp(v: u32): u32 { return (v + PAGE - 1) & ~(PAGE - 1); }

// Clears [from, to), resuming at S_SYS_PROGRESS bytes done. False: suspended or aborted.
// The range is handed out by the host first (touchRam): reading it to find the words that are not
// zero would map fresh pages as the host's zero page, each then copied at the guest's first write.
function clear(from: u32, to: u32): bool {
  let done = load<u32>(S_SYS_PROGRESS);
  let free = journalFree();
  let a = from + done;
  if (a < to) touchRam(toPhys(a), to - a);
  while (a < to) {
    if (readMem(a, 4) != 0) {
      if (free == 0) { suspend(a - from); return false; }
      writeMem(a, 0, 4);
      free--;
    }
    if (aborted) return false;
    a += 4;
  }
  store<u32>(S_SYS_PROGRESS, 0);
  return true;
}

export function sysBrk(addr: u32): void {
  let cur = load<u32>(S_BRK);
  if (addr >= load<u32>(S_BRK_MIN) && addr <= load<u32>(S_MMAP_LOW)) {
    // Linux gives whole fresh pages; the rest of the break's last page keeps what it held.
    if (pageUp(addr) > pageUp(cur) && !clear(pageUp(cur), pageUp(addr))) return;
    store<u32>(S_BRK, addr);
  }
  ret(load<u32>(S_BRK));
}

// mmap2(addr, length, prot, flags, fd, pgoffset) and old mmap's arguments, decoded.
export function sysMmap(nr: u32, addr: u32, length: u32, prot: u32, flags: u32, fd: u32, pgoff: u32): void {
  if (length == 0) { err(EINVAL); return; }
  let len = pageUp(length);
  if (len < length) { err(ENOMEM); return; }
  let file = (flags & MAP_ANONYMOUS) == 0;
  if (file) {
    let e = mapFileCheck(fd, prot, flags);
    if (e == MAP_FILE_UNSUPPORTED || (e == 0 && (flags & MAP_FIXED) != 0)) { unsupported(nr, DETAIL_MAP_FILE); return; }
    if (e != 0) { err(e); return; }
  }
  let low = load<u32>(S_MMAP_LOW);
  if ((flags & MAP_FIXED) != 0) {
    // Only inside the heap and mapping area (musl puts a guard page above its break this way):
    // the range becomes zero pages. Protections are not enforced, so PROT_NONE changes nothing.
    if ((addr & (PAGE - 1)) != 0) { err(EINVAL); return; }
    if (addr < load<u32>(S_BRK_MIN) || addr + len > load<u32>(S_BRK_MAX) || addr + len < addr) { unsupported(nr, DETAIL_MAP_FIXED); return; }
    if (!clear(addr, addr + len)) return;
    ret(addr);
    return;
  }
  let brkPage = pageUp(load<u32>(S_BRK));
  if (len > low - brkPage || low < brkPage) { err(ENOMEM); return; }
  let at = low - len;
  if (file && !mapFileCopy(at, len, fd, pgoff)) return;
  if (!clear(at, low)) return;
  store<u32>(S_MMAP_LOW, at);
  ret(at); // MAP_SHARED anonymous memory is private memory too when there is no fork
}

// Unmapping the lowest block gives its pages back; anything else only becomes unusable (its
// pages are not reused before it is handed out again), as the program may not touch it anyway.
export function sysMunmap(addr: u32, length: u32): void {
  if ((addr & (PAGE - 1)) != 0 || length == 0) { err(EINVAL); return; }
  let len = pageUp(length);
  if (addr == load<u32>(S_MMAP_LOW) && addr + len <= load<u32>(S_BRK_MAX)) store<u32>(S_MMAP_LOW, addr + len);
  ret(0);
}

// mremap(old, oldSize, newSize, flags): shrinking in place works; growing fails with ENOMEM, which
// allocators (musl's, glibc's realloc) answer by allocating anew and copying.
export function sysMremap(addr: u32, oldSize: u32, newSize: u32): void {
  if ((addr & (PAGE - 1)) != 0) { err(EINVAL); return; }
  if (pageUp(newSize) <= pageUp(oldSize) && newSize != 0) { ret(addr); return; }
  err(ENOMEM);
}
