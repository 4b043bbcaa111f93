/* Thread-local storage segments by hand: set_thread_area with entry -1 allocates the next free
 * GDT slot and writes its number back (the libc took the first for itself) until none is left
 * (Linux: ESRCH; qemu-i386: EINVAL); FS loaded with such a selector reads through the segment's base, in a loop hot enough
 * to be translated; an entry outside 6-8 is refused (EINVAL); a cleared entry is free again; modify_ldt writes LDT entry 0 (selector 7),
 * musl's fallback. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/syscall.h>

struct desc {
  unsigned entry_number, base_addr, limit;
  unsigned seg_32bit : 1, contents : 2, read_exec_only : 1, limit_in_pages : 1, seg_not_present : 1, useable : 1;
};

static unsigned block_a[64], block_b[64];

static unsigned sum_fs(int words) {
  unsigned s = 0;
  for (int i = 0; i < words; i++) {
    unsigned v;
    __asm__ volatile("movl %%fs:(,%1,4), %0" : "=r"(v) : "r"(i));
    s = s * 33 + v;
  }
  return s;
}

static void load_fs(unsigned sel) { __asm__ volatile("movw %w0, %%fs" : : "r"(sel)); }

static struct desc make(unsigned entry, void *base) {
  struct desc d;
  memset(&d, 0, sizeof d);
  d.entry_number = entry;
  d.base_addr = (unsigned)base;
  d.limit = 0xfffff;
  d.seg_32bit = 1;
  d.limit_in_pages = 1;
  d.useable = 1;
  return d;
}

int main(void) {
  for (int i = 0; i < 64; i++) { block_a[i] = i * 2654435761u; block_b[i] = i ^ 0x5a5a; }
  unsigned gs;
  __asm__("movw %%gs, %w0" : "=r"(gs));
  printf("libc's gs selector 0x%x\n", gs & 0xffff);
  struct desc d = make(-1, block_a);
  long r = syscall(SYS_set_thread_area, &d);
  printf("set_thread_area(-1) = %ld, entry %u\n", r, d.entry_number);
  unsigned sel_a = d.entry_number * 8 + 3;
  struct desc e = make(-1, block_b);
  r = syscall(SYS_set_thread_area, &e);
  printf("set_thread_area(-1) = %ld, entry %u\n", r, e.entry_number);
  unsigned sel_b = e.entry_number * 8 + 3;
  struct desc f = make(-1, block_b);
  errno = 0;
  r = syscall(SYS_set_thread_area, &f);
  /* Linux says ESRCH, qemu-i386 EINVAL: only the failure is compared. */
  printf("a third fails: %d\n", r == -1 && errno != 0);
  unsigned total = 0;
  for (int round = 0; round < 200; round++) {
    load_fs(round & 1 ? sel_b : sel_a);
    total = total * 7 + sum_fs(64);
  }
  printf("fs sums %u\n", total);
  struct desc bad = make(3, block_a);
  errno = 0;
  r = syscall(SYS_set_thread_area, &bad);
  printf("entry 3: %ld errno %s\n", r, errno == EINVAL ? "EINVAL" : strerror(errno));
  struct desc clear;
  memset(&clear, 0, sizeof clear);
  clear.entry_number = e.entry_number;
  clear.read_exec_only = 1;
  clear.seg_not_present = 1;
  printf("clear: %ld\n", syscall(SYS_set_thread_area, &clear));
  struct desc again = make(-1, block_a);
  r = syscall(SYS_set_thread_area, &again);
  printf("again: %ld, entry %u (the cleared one)\n", r, again.entry_number);
  struct desc ldt = make(0, block_b);
  r = syscall(SYS_modify_ldt, 1, &ldt, sizeof ldt);
  printf("modify_ldt = %ld\n", r);
  load_fs(7);
  printf("ldt fs sum %u\n", sum_fs(64));
  load_fs(0);
  return 0;
}
