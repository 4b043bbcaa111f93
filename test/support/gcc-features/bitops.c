/*
 * bitops: GCC's bit builtins and the idioms it recognises. __builtin_clz/ctz/ffs become
 * bsr/bsf (ctz as rep bsf, which is tzcnt's encoding and runs as bsf on CPUs without BMI)
 * with cmov or a branch for zero, popcount and parity become libgcc calls or the parity
 * flag (setnp after xor of the halves), bswap32 is bswap at -march=i486 and later and
 * rotates at -march=i386, bswap16 is rolw $8 or xchg of byte registers, 64-bit versions
 * combine both halves; rotate idioms become rol/ror by cl, single-bit tests, sets, clears
 * and flips become bt/bts/btr/btc or shifts and masks.
 */
#include "feat.h"

static const uint32_t v32[] = {0, 1, 2, 3, 0x80, 0xff, 0x100, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000,
                               0x80000001, 0xffffffff, 0xfffffffe, 0x12345678, 0xdeadbeef, 0x00f0f000, 0x55555555,
                               0xaaaaaaaa, 0x01010101, 0x40000000, 0x00000400, 0x0f000000};

NOINLINE static void bits32(uint32_t x) {
  mix((uint32_t)__builtin_popcount(x));
  mix((uint32_t)__builtin_parity(x));
  mix((uint32_t)__builtin_ffs((int)x));
  mix((uint32_t)__builtin_clrsb((int)x));
  if (x) {
    mix((uint32_t)__builtin_clz(x));
    mix((uint32_t)__builtin_ctz(x));
    mix(31u - (uint32_t)__builtin_clz(x)); /* log2: bsr alone */
  }
  mix(__builtin_bswap32(x));
  mix(__builtin_bswap16((uint16_t)x));
  mix((uint32_t)__builtin_popcount((uint16_t)x));
  mix((uint32_t)__builtin_parity((uint8_t)x));
  mix(x & -x);       /* lowest set bit */
  mix(x & (x - 1));  /* clear lowest set bit */
  mix(x ^ (x >> 1)); /* gray code */
}

NOINLINE static void bits64(uint64_t x) {
  mix((uint32_t)__builtin_popcountll(x));
  mix((uint32_t)__builtin_parityll(x));
  mix((uint32_t)__builtin_ffsll((long long)x));
  mix((uint32_t)__builtin_clrsbll((long long)x));
  if (x) {
    mix((uint32_t)__builtin_clzll(x));
    mix((uint32_t)__builtin_ctzll(x));
  }
  mix64(__builtin_bswap64(x));
}

static inline uint32_t rol32(uint32_t x, unsigned n) { return (x << (n & 31)) | (x >> (-n & 31)); }
static inline uint32_t ror32(uint32_t x, unsigned n) { return (x >> (n & 31)) | (x << (-n & 31)); }
static inline uint16_t rol16(uint16_t x, unsigned n) { return (uint16_t)((x << (n & 15)) | (x >> (-n & 15))); }
static inline uint8_t ror8(uint8_t x, unsigned n) { return (uint8_t)((x >> (n & 7)) | (x << (-n & 7))); }
static inline uint64_t rol64(uint64_t x, unsigned n) { return (x << (n & 63)) | (x >> (-n & 63)); }

NOINLINE static void rotates(uint32_t x, unsigned n) {
  mix(rol32(x, n));
  mix(ror32(x, n));
  mix(rol16((uint16_t)x, n));
  mix(ror8((uint8_t)x, n));
  mix64(rol64(((uint64_t)x << 32) | ~x, n));
  mix(rol32(x, 7) ^ ror32(x, 13)); /* constant counts */
  mix64(rol64((uint64_t)x * 0x9e3779b97f4a7c15ull, 23));
}

NOINLINE static void single_bits(uint32_t x, unsigned n) {
  n &= 31;
  mix((x >> n) & 1);
  mix((x & (1u << n)) != 0);
  mix(x | (1u << n));
  mix(x & ~(1u << n));
  mix(x ^ (1u << n));
  uint64_t y = ((uint64_t)x << 32) | (x * 3u);
  unsigned m = (n * 2 + 1) & 63;
  mix((uint32_t)((y >> m) & 1));
  mix64(y | (1ull << m));
  mix64(y & ~(1ull << m));
}

/* Bit arrays: bt/bts/btr with a memory operand and a register offset, or shifts. */
NOINLINE static uint32_t bitmap(unsigned seed) {
  uint32_t map[8] = {0};
  uint32_t s = seed;
  for (int i = 0; i < 300; i++) {
    s = s * 1664525u + 1013904223u;
    unsigned bit = s >> 24;
    if (s & 0x100) map[bit / 32] |= 1u << (bit % 32);
    else if (s & 0x200) map[bit / 32] &= ~(1u << (bit % 32));
    else map[bit / 32] ^= 1u << (bit % 32);
  }
  uint32_t h = 0;
  for (unsigned bit = 0; bit < 256; bit++)
    if (map[bit / 32] & (1u << (bit % 32))) h = h * 3 + bit;
  return h;
}

int main(void) {
  for (unsigned i = 0; i < COUNT(v32); i++) bits32(OPQ(v32[i]));
  section("32-bit");
  for (unsigned i = 0; i < COUNT(v32); i++)
    for (unsigned j = 0; j < COUNT(v32); j += 5) bits64(OPQ(((uint64_t)v32[i] << 32) | v32[j]));
  section("64-bit");
  for (unsigned i = 0; i < COUNT(v32); i += 2)
    for (unsigned n = 0; n < 70; n += 3) rotates(OPQ(v32[i]), OPQ(n));
  section("rotates");
  for (unsigned i = 0; i < COUNT(v32); i += 3)
    for (unsigned n = 0; n < 40; n++) single_bits(OPQ(v32[i]), OPQ(n));
  section("single bits");
  show("bitmap", bitmap(OPQ(1u)));
  show("bitmap2", bitmap(OPQ(0xabcdefu)));
  section("bitmap");
  return finish();
}
