/*
 * sys.c: the helpers declared in sys.h.
 *
 * memcpy, memmove and memset are one string instruction each. Written as C loops they
 * would be recognised by GCC's loop distribution at -O2 and above and compiled into a
 * call to memcpy/memset: the function would call itself forever.
 */
#include "sys.h"

void *memcpy(void *dst, const void *src, size_t n) {
  void *d = dst;
  __asm__ volatile("rep movsb" : "+D"(d), "+S"(src), "+c"(n) : : "memory");
  return dst;
}

void *memmove(void *dst, const void *src, size_t n) {
  if ((uintptr_t)dst - (uintptr_t)src >= n) /* no harmful overlap: copy forwards */
    return memcpy(dst, src, n);
  /* dst overlaps the end of src: copy backwards, last byte first (direction flag set). */
  void *d = (char *)dst + n - 1;
  const void *s = (const char *)src + n - 1;
  __asm__ volatile("std\n\trep movsb\n\tcld" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
  return dst;
}

void *memset(void *dst, int c, size_t n) {
  void *d = dst;
  __asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
  return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
  const unsigned char *p = a, *q = b;
  for (size_t i = 0; i < n; i++)
    if (p[i] != q[i])
      return p[i] - q[i];
  return 0;
}

size_t strlen(const char *s) {
  size_t n = 0;
  while (s[n])
    n++;
  return n;
}

int32_t write_all(int fd, const void *buf, size_t n) {
  const char *p = buf;
  size_t done = 0;
  while (done < n) { /* write may take fewer bytes than asked */
    int32_t r = sys_write(fd, p + done, n - done);
    if (r <= 0)
      return r < 0 ? r : -5; /* -EIO: no progress */
    done += (size_t)r;
  }
  return (int32_t)n;
}

void print(const char *s) { write_all(STDOUT, s, strlen(s)); }

void eprint(const char *s) { write_all(STDERR, s, strlen(s)); }

void print_u32(uint32_t v) {
  char buf[10];
  int i = sizeof buf;
  do {
    buf[--i] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  write_all(STDOUT, buf + i, sizeof buf - i);
}

void print_i32(int32_t v) {
  if (v < 0) {
    print("-");
    print_u32(-(uint32_t)v); /* unsigned negation: correct for INT32_MIN too */
  } else {
    print_u32((uint32_t)v);
  }
}

void print_hex32(uint32_t v) {
  char buf[10] = "0x";
  for (int i = 0; i < 8; i++)
    buf[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 15];
  write_all(STDOUT, buf, sizeof buf);
}

void fail(const char *why) {
  eprint("FAIL: ");
  eprint(why);
  eprint("\n");
  sys_exit_group(1);
}
