/*
 * varargs: variadic functions with __builtin_va_list. On i386 a va_list is a pointer into
 * the caller's pushed arguments; va_arg advances it by 4 or 8 (long long, and structs by
 * their rounded size), char and short arrive promoted to int, and va_copy duplicates the
 * pointer. A small printf-like formatter walks a format string with a switch; a va_list is
 * passed on to another function; the caller pushes mixed argument lists (push imm, push
 * mem, and movs to the stack at -O2 and above).
 */
#include "feat.h"

typedef __builtin_va_list va_list;
#define va_start(ap, last) __builtin_va_start(ap, last)
#define va_arg(ap, type) __builtin_va_arg(ap, type)
#define va_end(ap) __builtin_va_end(ap)
#define va_copy(d, s) __builtin_va_copy(d, s)

NOINLINE static int32_t sum(int n, ...) {
  va_list ap;
  va_start(ap, n);
  int32_t s = 0;
  for (int i = 0; i < n; i++) s = s * 3 + va_arg(ap, int32_t);
  va_end(ap);
  return s;
}

struct rec { int16_t a; uint8_t b; uint32_t c; };
struct tiny { uint8_t x; };

/* The format: i int, u unsigned, l long long, c char, h short, r struct rec, t struct tiny, p pointer. */
NOINLINE static uint32_t vformat(const char *fmt, va_list ap) {
  uint32_t h = 0;
  for (const char *f = fmt; *f; f++) {
    switch (*f) {
      case 'i': h = h * 31 + (uint32_t)va_arg(ap, int); break;
      case 'u': h = h * 31 + va_arg(ap, unsigned); break;
      case 'l': { uint64_t v = va_arg(ap, uint64_t); h = h * 31 + (uint32_t)v + (uint32_t)(v >> 32) * 7; break; }
      case 'c': h = h * 31 + (uint32_t)(signed char)va_arg(ap, int); break;
      case 'h': h = h * 31 + (uint32_t)(short)va_arg(ap, int); break;
      case 'r': { struct rec r = va_arg(ap, struct rec); h = h * 31 + (uint32_t)r.a + r.b * 5u + r.c * 9u; break; }
      case 't': { struct tiny t = va_arg(ap, struct tiny); h = h * 31 + t.x; break; }
      case 'p': { const uint32_t *p = va_arg(ap, const uint32_t *); h = h * 31 + *p; break; }
      default: h ^= 0x80000000u;
    }
  }
  return h;
}

NOINLINE static uint32_t format(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  uint32_t h = vformat(fmt, ap);
  va_end(ap);
  return h;
}

/* va_copy: walk the list twice, the second time from a copy taken halfway. */
NOINLINE static uint32_t twice(int n, ...) {
  va_list ap, again;
  va_start(ap, n);
  uint32_t h = 0;
  for (int i = 0; i < n / 2; i++) h += va_arg(ap, uint32_t);
  va_copy(again, ap);
  for (int i = n / 2; i < n; i++) h = h * 7 + va_arg(ap, uint32_t);
  for (int i = n / 2; i < n; i++) h ^= va_arg(again, uint32_t) << (i % 8);
  va_end(again);
  va_end(ap);
  return h;
}

/* Variadic and recursive: each level passes one fewer argument. */
NOINLINE static uint32_t countdown(int n, ...) {
  va_list ap;
  va_start(ap, n);
  uint32_t a = va_arg(ap, uint32_t), b = n > 1 ? va_arg(ap, uint32_t) : 0, c = n > 2 ? va_arg(ap, uint32_t) : 0;
  va_end(ap);
  if (n <= 1) return a;
  return a * 3 + countdown(n - 1, b + 1, c ^ a, a);
}

/* A long long after an int: no alignment padding on i386. */
NOINLINE static uint64_t mixed64(int n, ...) {
  va_list ap;
  va_start(ap, n);
  uint64_t s = 0;
  for (int i = 0; i < n; i++) {
    int small = va_arg(ap, int);
    int64_t big = va_arg(ap, int64_t);
    s = s * 1000003 + (uint64_t)big * (uint64_t)(int64_t)small;
  }
  va_end(ap);
  return s;
}

int main(void) {
  show("sum0", (uint32_t)sum(0));
  show("sum3", (uint32_t)sum(3, OPQ(1), -2, 3));
  show("sum10", (uint32_t)sum(10, 1, 2, 3, OPQ(4), 5, 6, 7, 8, 9, (int32_t)0x80000000));
  section("ints");
  uint32_t cell = 0xfeedf00d;
  struct rec r = {-5, 200, OPQ(0x12345678u)};
  struct tiny t = {OPQ(0x99)};
  show("fmt1", format("iulchrtp", -1, 4000000000u, 0x1122334455667788ull, (char)-3, (short)-30000, r, t, &cell));
  show("fmt2", format("lllll", OPQ(1ull), 2ull << 40, ~0ull, 0ull, 0x8000000000000000ull));
  show("fmt3", format("trtrtr", t, r, t, r, (struct tiny){7}, (struct rec){1, 2, 3}));
  show("fmt4", format("xci", 'z', 10));
  section("format");
  show("twice", twice(9, 1u, 2u, 3u, 4u, OPQ(5u), 6u, 7u, 8u, 9u));
  show("countdown", countdown(12, OPQ(5u), 6u, 7u));
  show64("mixed64", mixed64(4, 1, OPQ(-1ll), -2, 0x7fffffffffffll, 3, 5ll, OPQ(-4), (int64_t)0x8000000000000000ull));
  section("copies");
  return finish();
}
