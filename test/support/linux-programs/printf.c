/* printf and friends with integers, strings and characters, widths, flags and lengths. */
#include <stdio.h>
#include <string.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>

int main(void) {
  printf("%d %i %u %x %X %o\n", -42, 42, 4000000000u, 0xbeef, 0xbeef, 0755);
  printf("[%8d] [%-8d] [%08d] [%+d] [% d]\n", 123, 123, 123, 123, 123);
  printf("%ld %lu %lld %llu %llx\n", LONG_MIN, ULONG_MAX, LLONG_MIN, ULLONG_MAX, 0x123456789abcdefULL);
  printf("%hhd %hd %zu %td %jd\n", (char)-5, (short)-300, sizeof(long long), (ptrdiff_t)-7, (intmax_t)1 << 40);
  printf("[%s] [%10s] [%-10s] [%.3s] [%c%c]\n", "abc", "right", "left", "truncate", 'o', 'k');
  printf("%#x %#o %p %%\n", 255, 8, (void *)0x1234);
  char buf[64];
  int n = snprintf(buf, sizeof buf, "%05d|%x|%s", 42, 48879, "snprintf");
  printf("%d:%s\n", n, buf);
  n = snprintf(buf, 8, "%s", "too long for the buffer");
  printf("%d:%s\n", n, buf);
  for (int i = 0; i < 20; i++) printf("%d%c", i * i * i, i % 10 == 9 ? '\n' : ' ');
  fprintf(stderr, "to stderr %d\n", 7);
  puts("done");
  return 0;
}
