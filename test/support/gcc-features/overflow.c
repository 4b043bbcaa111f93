/*
 * overflow: __builtin_add/sub/mul_overflow on int, unsigned, long long and unsigned long
 * long, and with a result type narrower or of other signedness than the operands. GCC reads
 * the overflow and carry flags directly (jo, seto, setc, adc/sbb chains for 64 bits), uses
 * imul's OF for signed 32-bit products and mul's CF/OF (or the high half in edx) for
 * unsigned ones, and builds 64-bit products from several 32-bit multiplies with compares.
 */
#include "feat.h"

static const int32_t edge[] = {0, 1, -1, 2, -2, 3, 7, 0xff, 0x7fff, -0x8000, 0xffff, 0x10000, 46340, 46341, -46341,
                               0x7ffffffe, 0x7fffffff, (int32_t)0x80000000, (int32_t)0x80000001, 0x40000000,
                               -0x40000000, 0x12345678, (int32_t)0xedcba987, 65537};

NOINLINE static void ops32(int32_t a, int32_t b) {
  int32_t r;
  uint32_t u;
  int16_t s16;
  uint8_t u8;
  int64_t r64;
  mix((uint32_t)__builtin_add_overflow(a, b, &r)); mix((uint32_t)r);
  mix((uint32_t)__builtin_sub_overflow(a, b, &r)); mix((uint32_t)r);
  mix((uint32_t)__builtin_mul_overflow(a, b, &r)); mix((uint32_t)r);
  mix((uint32_t)__builtin_add_overflow((uint32_t)a, (uint32_t)b, &u)); mix(u);
  mix((uint32_t)__builtin_sub_overflow((uint32_t)a, (uint32_t)b, &u)); mix(u);
  mix((uint32_t)__builtin_mul_overflow((uint32_t)a, (uint32_t)b, &u)); mix(u);
  /* Mixed signedness and narrower results. */
  mix((uint32_t)__builtin_add_overflow(a, (uint32_t)b, &r)); mix((uint32_t)r);
  mix((uint32_t)__builtin_sub_overflow((uint32_t)a, b, &u)); mix(u);
  mix((uint32_t)__builtin_mul_overflow(a, b, &s16)); mix((uint32_t)s16);
  mix((uint32_t)__builtin_add_overflow(a, b, &u8)); mix(u8);
  mix((uint32_t)__builtin_mul_overflow(a, (uint32_t)b, &r64)); mix64((uint64_t)r64);
  mix((uint32_t)__builtin_mul_overflow((uint32_t)a, (uint32_t)b, &r)); mix((uint32_t)r);
  /* Only the flag: __builtin_*_overflow_p. */
  mix((uint32_t)__builtin_mul_overflow_p(a, b, (int32_t)0));
  mix((uint32_t)__builtin_add_overflow_p(a, b, (int16_t)0));
  mix((uint32_t)__builtin_sub_overflow_p(a, b, (uint32_t)0));
}

NOINLINE static void ops64(int64_t a, int64_t b) {
  int64_t r;
  uint64_t u;
  int32_t r32;
  mix((uint32_t)__builtin_add_overflow(a, b, &r)); mix64((uint64_t)r);
  mix((uint32_t)__builtin_sub_overflow(a, b, &r)); mix64((uint64_t)r);
  mix((uint32_t)__builtin_mul_overflow(a, b, &r)); mix64((uint64_t)r);
  mix((uint32_t)__builtin_add_overflow((uint64_t)a, (uint64_t)b, &u)); mix64(u);
  mix((uint32_t)__builtin_sub_overflow((uint64_t)a, (uint64_t)b, &u)); mix64(u);
  mix((uint32_t)__builtin_mul_overflow((uint64_t)a, (uint64_t)b, &u)); mix64(u);
  mix((uint32_t)__builtin_mul_overflow(a, b, &r32)); mix((uint32_t)r32);
  mix((uint32_t)__builtin_mul_overflow((uint64_t)a, b, &r)); mix64((uint64_t)r);
}

/* Saturating arithmetic written with the builtins, in a loop GCC may keep in flags. */
NOINLINE static int32_t sat_sum(const int32_t *v, unsigned n) {
  int32_t s = 0;
  for (unsigned i = 0; i < n; i++)
    if (__builtin_add_overflow(s, v[i], &s)) s = v[i] < 0 ? INT32_MIN : INT32_MAX;
  return s;
}
NOINLINE static uint32_t checked_product(const int32_t *v, unsigned n) {
  uint32_t p = 1, overflows = 0;
  for (unsigned i = 0; i < n; i++)
    if (__builtin_mul_overflow(p, (uint32_t)v[i] | 1, &p)) overflows++;
  return p ^ (overflows << 24);
}

int main(void) {
  for (unsigned i = 0; i < COUNT(edge); i++)
    for (unsigned j = 0; j < COUNT(edge); j++) ops32(OPQ(edge[i]), OPQ(edge[j]));
  section("32-bit");
  for (unsigned i = 0; i < COUNT(edge); i++)
    for (unsigned j = 0; j < COUNT(edge); j += 2) {
      int64_t a = (int64_t)edge[i] << (i % 33), b = ((int64_t)edge[j] << 31) + edge[i];
      ops64(OPQ(a), OPQ(b));
      ops64(OPQ((int64_t)edge[i]), OPQ((int64_t)edge[j] * 0x100000001ll));
    }
  ops64(OPQ(INT64_MAX), OPQ(INT64_MIN));
  ops64(OPQ(INT64_MIN), OPQ((int64_t)-1));
  ops64(OPQ((int64_t)0x100000000ll), OPQ((int64_t)0x7fffffffll));
  ops64(OPQ((int64_t)0xb504f334ll), OPQ((int64_t)0xb504f334ll));
  ops64(OPQ((int64_t)0xb504f333ll), OPQ((int64_t)-0xb504f333ll));
  section("64-bit");
  show("saturating", (uint32_t)sat_sum(edge, OPQ((unsigned)COUNT(edge))));
  show("checked", checked_product(edge, OPQ((unsigned)COUNT(edge))));
  section("loops");
  return finish();
}
