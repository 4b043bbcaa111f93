/*
 * The C library a csmith program needs, on the project's own system calls (programs/lib/sys.h):
 * printf with the conversions csmith's runtime prints (%d %u %x %X %s %c, with l/ll), strcmp,
 * and fabs/fabsf, which csmith's float helpers reference but integer programs never call.
 */
#include <stdarg.h>
#include <stdint.h>
#include "sys.h"

static char out[4096];
static int used;

static void flush(void) {
  if (used) write_all(STDOUT, out, (size_t)used);
  used = 0;
}

static void put(char c) {
  if (used == (int)sizeof out) flush();
  out[used++] = c;
}

static void number(unsigned long long v, unsigned base, int upper) {
  const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char text[24];
  int n = 0;
  do {
    text[n++] = digits[v % base];
    v /= base;
  } while (v);
  while (n) put(text[--n]);
}

int printf(const char *f, ...) {
  va_list ap;
  va_start(ap, f);
  for (; *f; f++) {
    if (*f != '%') {
      put(*f);
      continue;
    }
    int longs = 0;
    while (*++f == 'l') longs++;
    switch (*f) {
      case 'd': {
        long long v = longs >= 2 ? va_arg(ap, long long) : va_arg(ap, int);
        if (v < 0) put('-');
        number(v < 0 ? -(unsigned long long)v : (unsigned long long)v, 10, 0);
        break;
      }
      case 'u': number(longs >= 2 ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned), 10, 0); break;
      case 'x': number(longs >= 2 ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned), 16, 0); break;
      case 'X': number(longs >= 2 ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned), 16, 1); break;
      case 's': for (const char *s = va_arg(ap, const char *); *s; s++) put(*s); break;
      case 'c': put((char)va_arg(ap, int)); break;
      default: put(*f);
    }
  }
  va_end(ap);
  flush();
  return 0;
}

int strcmp(const char *a, const char *b) {
  while (*a && *a == *b) a++, b++;
  return (unsigned char)*a - (unsigned char)*b;
}

float fabsf(float x) { return x < 0 ? -x : x; }
double fabs(double x) { return x < 0 ? -x : x; }
