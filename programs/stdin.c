/* stdin: reads all of stdin (read on fd 0 until it returns 0) into memory obtained with
   brk, then writes a wc-style line "lines L words W bytes B" followed by the input with
   every line reversed byte by byte (newlines stay where they are). */
#include "sys.h"

static int is_space(uint8_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static void reverse(uint8_t *p, size_t n) {
  for (size_t i = 0, j = n; i + 1 < j; i++, j--) {
    uint8_t t = p[i];
    p[i] = p[j - 1];
    p[j - 1] = t;
  }
}

int main(void) {
  uint8_t *buf = (uint8_t *)sys_brk(0); /* the heap starts at the current break */
  size_t len = 0, cap = 0;
  for (;;) {
    if (len == cap) { /* full: double the heap */
      size_t grow = cap ? cap : 4096;
      uint32_t want = (uint32_t)buf + cap + grow;
      if (sys_brk(want) != want)
        fail("brk refused to grow the heap");
      cap += grow;
    }
    int32_t r = sys_read(STDIN, buf + len, cap - len);
    if (r < 0)
      fail("read");
    if (r == 0)
      break; /* end of input */
    len += (size_t)r;
  }

  uint32_t lines = 0, words = 0;
  for (size_t i = 0; i < len; i++) {
    lines += buf[i] == '\n';
    words += !is_space(buf[i]) && (i == 0 || is_space(buf[i - 1]));
  }
  print("lines ");
  print_u32(lines);
  print(" words ");
  print_u32(words);
  print(" bytes ");
  print_u32(len);
  print("\n");

  for (size_t start = 0, i = 0; i <= len; i++)
    if (i == len || buf[i] == '\n') {
      reverse(buf + start, i - start);
      start = i + 1;
    }
  if (write_all(STDOUT, buf, len) < 0)
    fail("write");
  return 0;
}
