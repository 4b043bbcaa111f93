/* int64: 64-bit integer arithmetic on a 32-bit CPU. GCC inlines add/adc, sub/sbb, 64-bit
   multiplies (mul/imul), shifts by a variable count (shld/shrd, test $32, cmov or a branch)
   and compares, and calls libgcc for division: __udivdi3, __umoddi3, __divdi3, __moddi3.
   Self-check: q * b + r == a and |r| < |b| for every division, plus known values.
   Prints an FNV-1a style hash of every result (recomputed independently by the tests). */
#include "sys.h"

#ifndef INT64_N
#define INT64_N 4000 /* rounds */
#endif

static uint64_t state = 0x0123456789ABCDEFull;

static uint64_t next(void) { /* Knuth's MMIX LCG */
  state = state * 6364136223846793005ull + 1442695040888963407ull;
  return state;
}

static uint64_t hash = 0xCBF29CE484222325ull;

static void mix(uint64_t v) {
  hash ^= v;
  hash *= 0x100000001B3ull;
}

static void print_u64(uint64_t v) {
  char buf[20];
  int i = sizeof buf;
  do {
    buf[--i] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  write_all(STDOUT, buf + i, sizeof buf - i);
}

static void print_i64(int64_t v) {
  if (v < 0) {
    print("-");
    print_u64(-(uint64_t)v);
  } else {
    print_u64((uint64_t)v);
  }
}

static void print_hex64(uint64_t v) {
  char buf[18] = "0x";
  for (int i = 0; i < 16; i++)
    buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
  write_all(STDOUT, buf, sizeof buf);
}

static void known_values(void) {
  /* volatile: computed at run time, not folded by the compiler */
  volatile uint64_t umax = ~0ull, ten = 10, p = 1000000007, q = 998244353;
  volatile int64_t m7 = -7, two = 2, min = INT64_MIN;
  volatile uint32_t s63 = 63;
  if (umax / ten != 1844674407370955161ull || umax % ten != 5)
    fail("~0 / 10");
  if (m7 / two != -3 || m7 % two != -1 || m7 / -two != 3 || m7 % -two != -1)
    fail("-7 / 2 must truncate toward zero");
  if (min >> s63 != -1 || (uint64_t)min >> s63 != 1)
    fail("shift right by 63");
  if (p * q != 998244359987710471ull)
    fail("1000000007 * 998244353");
}

int main(void) {
  known_values();

  for (int i = 0; i < INT64_N; i++) {
    uint64_t r1 = next(), r2 = next(), r3 = next();
    /* Operands of every magnitude, so each path of the libgcc routines runs. */
    uint64_t ua = r1 >> (r3 & 31);
    uint64_t ub = r2 >> ((r3 >> 8) & 63);
    if (ub == 0)
      ub = 1;
    int64_t sa = (int64_t)(r3 & 0x10000 ? -ua : ua);
    int64_t sb = (int64_t)(r3 & 0x20000 ? -ub : ub);
    if (sa == INT64_MIN && sb == -1)
      sb = 1; /* the one overflowing quotient */
    uint32_t s = (uint32_t)(r3 >> 24) & 63;

    uint64_t uq = ua / ub, ur = ua % ub;
    if (uq * ub + ur != ua || ur >= ub)
      fail("unsigned division");
    int64_t sq = sa / sb, sr = sa % sb;
    uint64_t abs_sr = sr < 0 ? -(uint64_t)sr : (uint64_t)sr;
    if ((uint64_t)sq * (uint64_t)sb + (uint64_t)sr != (uint64_t)sa || abs_sr >= ub ||
        (sr != 0 && (sr < 0) != (sa < 0)))
      fail("signed division");

    mix(uq);
    mix(ur);
    mix((uint64_t)sq);
    mix((uint64_t)sr);
    mix(ua << s);
    mix(ua >> s);
    mix((uint64_t)(sa >> s));
    mix(ua * ub);
    mix((uint64_t)(uint32_t)r1 * (uint32_t)r2);              /* 32x32->64: mul */
    mix((uint64_t)((int64_t)(int32_t)r1 * (int32_t)r2));     /* 32x32->64: imul */
    mix((ua < ub) | (sa < sb) << 1 | (sa == sb) << 2 | (ua >= ub) << 3);
  }

  print("int64: ");
  print_u32(INT64_N);
  print(" rounds, hash ");
  print_hex64(hash);
  print("\nint64: ");
  print_u64(~0ull);
  print(" ");
  print_i64(INT64_MAX);
  print(" ");
  print_i64(INT64_MIN);
  print("\n");
  return 0;
}
