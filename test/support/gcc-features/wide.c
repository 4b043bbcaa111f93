/*
 * wide: 64-bit integer arithmetic on a 32-bit machine, beyond what the guest program int64
 * covers. Multiplies (three 32-bit mul/imul and adds), libgcc's division (__divdi3,
 * __udivdi3, __moddi3, __umoddi3, __udivmoddi4) with divisors that fit 32 bits and ones
 * that do not, shifts by run-time counts from 0 to 63 (shld/shrd then a test of bit 5 with
 * cmov or a branch), signed and unsigned compares of both halves, conversions from and to
 * char, short and int (cdq, movsx, sign-extending shifts), negation (neg/adc/neg), abs,
 * min/max, and 32x32->64 products (one mul or imul).
 */
#include "feat.h"

static const uint64_t w[] = {0, 1, 2, 3, 10, 0xff, 0xffffffffull, 0x100000000ull, 0x100000001ull, 0x7fffffffffffffffull,
                             0x8000000000000000ull, 0x8000000000000001ull, 0xffffffffffffffffull,
                             0xfffffffffffffffeull, 0x123456789abcdef0ull, 0xfedcba9876543210ull, 0x00000000deadbeefull,
                             0xdeadbeef00000000ull, 0x0000000080000000ull, 0xffffffff80000000ull,
                             0x7fffffff00000000ull, 1000000007ull, 0x5555555555555555ull, 0xffffffff00000001ull};

NOINLINE static void arith(uint64_t a, uint64_t b) {
  int64_t sa = (int64_t)a, sb = (int64_t)b;
  mix64(a + b);
  mix64(a - b);
  mix64(a * b);
  mix64((uint64_t)(sa * sb));
  mix64(-a);
  mix64(~a & b);
  mix64((uint64_t)(sa < 0 ? -sa : sa));
  mix64(a < b ? a : b);
  mix64((uint64_t)(sa > sb ? sa : sb));
  mix((a < b) | (a <= b) << 1 | (a > b) << 2 | (a >= b) << 3 | (a == b) << 4 | (a != b) << 5 | (sa < sb) << 6 |
      (sa <= sb) << 7 | (sa > sb) << 8 | (sa >= sb) << 9);
  if (b) {
    mix64(a / b);
    mix64(a % b);
    if (!(sa == INT64_MIN && sb == -1)) {
      mix64((uint64_t)(sa / sb));
      mix64((uint64_t)(sa % sb));
    }
  }
}

NOINLINE static void shifts(uint64_t a, unsigned n) {
  n &= 63;
  mix64(a << n);
  mix64(a >> n);
  mix64((uint64_t)((int64_t)a >> n));
  mix64(a << (63 - n) >> n);
  mix64((uint64_t)((int64_t)(a << n) >> (n / 2)));
  /* 32-bit values shifted as 64-bit ones. */
  uint32_t lo = (uint32_t)a;
  mix64((uint64_t)lo << n);
  mix64((uint64_t)((int64_t)(int32_t)lo << (n & 31)));
  mix((uint32_t)(a >> n));
  mix((uint32_t)((int64_t)a >> 32 >> (n & 31)));
}

NOINLINE static void convert(uint64_t a) {
  int64_t s = (int64_t)a;
  mix64((uint64_t)(int64_t)(int8_t)a);
  mix64((uint64_t)(int64_t)(int16_t)a);
  mix64((uint64_t)(int64_t)(int32_t)a);
  mix64((uint64_t)(uint8_t)a);
  mix64((uint64_t)(uint16_t)a);
  mix64((uint64_t)(uint32_t)a);
  mix((uint32_t)(int8_t)(s >> 40));
  mix((uint32_t)(int16_t)(s >> 33));
  mix((uint32_t)((uint64_t)a >> 32) + (uint32_t)a);
  int32_t hi = (int32_t)(a >> 32), lo = (int32_t)a;
  mix64((uint64_t)((int64_t)hi * lo)); /* one imul */
  mix64((uint64_t)hi * (uint32_t)lo);  /* one mul */
  mix64((uint64_t)((int64_t)hi * -7));
  mix64(a * 10);
  mix64(a * 0x100000001ull);
  mix64((uint64_t)(s * -3));
  mix64(a / 10);
  mix64((uint64_t)(s / 7));
  mix64(a % 1000);
  mix64((uint64_t)(s % -9));
  mix64(a >> 1 | a << 63);
  mix64((uint64_t)(s / 4));
  mix64((uint64_t)(s % 16));
}

/* 64-bit loop counters and accumulators. */
NOINLINE static uint64_t sum_squares(uint64_t n) {
  uint64_t s = 0;
  for (uint64_t i = 0; i < n; i++) s += i * i ^ (s >> 3);
  return s;
}

/* Decimal conversion by repeated division, the way printf does it. */
NOINLINE static uint32_t decimal(uint64_t v) {
  char buf[24];
  int n = 0;
  do {
    buf[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  uint32_t h = (uint32_t)n;
  while (n) h = h * 31 + (uint32_t)buf[--n];
  return h;
}

int main(void) {
  for (unsigned i = 0; i < COUNT(w); i++)
    for (unsigned j = 0; j < COUNT(w); j++) arith(OPQ(w[i]), OPQ(w[j]));
  section("arith");
  for (unsigned i = 0; i < COUNT(w); i++)
    for (unsigned n = 0; n < 70; n += (i & 1) + 1) shifts(OPQ(w[i]), OPQ(n));
  section("shifts");
  for (unsigned i = 0; i < COUNT(w); i++) convert(OPQ(w[i]));
  section("convert");
  show64("sum squares", sum_squares(OPQ(3000ull)));
  for (unsigned i = 0; i < COUNT(w); i++) mix(decimal(OPQ(w[i])));
  section("loops");
  return finish();
}
