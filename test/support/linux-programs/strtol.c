/* strtol, strtoul, strtoll and atoi: bases, signs, overflow (errno), end pointers. */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>

static void one(const char *s, int base) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, base);
  int e = errno;
  printf("strtol(\"%s\", %d) = %ld, rest \"%s\", errno %s\n", s, base, v, end, e == ERANGE ? "ERANGE" : e ? "other" : "0");
}

int main(void) {
  const char *cases[] = { "0", "42", "-42", "  +17xyz", "0x1f", "0777", "2147483647", "2147483648", "-2147483649", "zz", "", "1010" };
  int bases[] = { 10, 0, 16, 8, 2, 36 };
  for (unsigned i = 0; i < sizeof cases / sizeof *cases; i++)
    for (unsigned b = 0; b < sizeof bases / sizeof *bases; b += (i % 3) + 1) one(cases[i], bases[b]);
  errno = 0;
  printf("strtoul -1 = %lu\n", strtoul("-1", 0, 10));
  printf("strtoll = %lld, strtoull = %llu\n", strtoll("-9223372036854775807", 0, 10), strtoull("18446744073709551615", 0, 10));
  printf("atoi = %d %d %d\n", atoi("123"), atoi("-0"), atoi("9x"));
  printf("strerror(ENOENT) = %s\n", strerror(ENOENT));
  return 0;
}
