/*
 * unaligned: loads and stores at addresses that are not multiples of their size. Packed
 * structs put 16-, 32- and 64-bit fields at odd offsets, and x86 code reads them with
 * ordinary movs; an aligned(1) typedef lets a pointer into a byte buffer be read at every
 * offset; read-modify-write instructions (add, xor, inc) on unaligned operands,
 * fields that cross a 4- or 8-byte boundary, and a buffer walked one byte at a time with
 * overlapping word loads.
 */
#include "feat.h"

typedef uint16_t u16u __attribute__((aligned(1), may_alias));
typedef uint32_t u32u __attribute__((aligned(1), may_alias));
typedef uint64_t u64u __attribute__((aligned(1), may_alias));

struct __attribute__((packed)) rec {
  uint8_t a;
  uint32_t b;
  uint16_t c;
  uint64_t d;
  int8_t e;
  int32_t f;
  int16_t g;
};

static uint8_t buf[256];
static struct rec recs[9];

NOINLINE static void at_offsets(void) {
  for (unsigned i = 0; i < sizeof buf; i++) buf[i] = (uint8_t)(i * 151 + 7);
  for (unsigned off = 0; off < 16; off++) {
    unsigned o = OPQ(off);
    mix(*(const u16u *)(buf + o));
    mix(*(const u32u *)(buf + o));
    mix64(*(const u64u *)(buf + o));
    mix((uint32_t)*(const int16_t *)(const void *)(const u16u *)(buf + o + 32)); /* movsx from memory */
  }
  for (unsigned off = 0; off < 16; off++) {
    unsigned o = OPQ(off);
    *(u32u *)(buf + 64 + o) += 0x01010101u * o;
    *(u16u *)(buf + 100 + o) ^= (uint16_t)(o * 0x1111);
    *(u64u *)(buf + 128 + o * 3) = *(const u64u *)(buf + o) * 3;
  }
  mix64(*(const u64u *)(buf + 61));
  uint32_t h = 0;
  for (unsigned i = 0; i < sizeof buf; i++) h = h * 31 + buf[i];
  mix(h);
}

NOINLINE static void packed(uint32_t seed) {
  for (unsigned i = 0; i < COUNT(recs); i++) {
    struct rec *r = &recs[i];
    uint32_t k = seed + i;
    r->a = (uint8_t)k;
    r->b = k * 0x9e3779b9u;
    r->c = (uint16_t)(k * 77);
    r->d = (uint64_t)k << 40 | (k ^ 0xffffu);
    r->e = (int8_t)(k - 100);
    r->f = -(int32_t)k * 1000;
    r->g = (int16_t)(k * -3);
  }
  for (unsigned i = 0; i < COUNT(recs); i++) {
    struct rec *r = &recs[OPQ(i)];
    r->b += r->a;
    r->c++;
    r->d ^= r->b;
    r->f |= r->e;
    r->g = (int16_t)(r->g + r->c);
    mix(r->b); mix(r->c); mix64(r->d); mix((uint32_t)r->f); mix((uint32_t)r->g);
    mix((uint32_t)(r->e < 0) | (uint32_t)(r->f > r->g) << 1 | (uint32_t)(r->d > r->b) << 2);
  }
  struct rec copy = recs[3];
  recs[7] = copy;
  recs[8] = recs[OPQ(1u)];
  uint32_t h = 0;
  const uint8_t *b = (const uint8_t *)recs;
  for (unsigned i = 0; i < sizeof recs; i++) h = (h ^ b[i]) * 16777619u;
  mix(h);
  mix((uint32_t)sizeof(struct rec));
}

/* A byte-at-a-time scanner reading overlapping 32-bit words (as hash functions do). */
NOINLINE static uint32_t rolling(const uint8_t *p, unsigned n) {
  uint32_t h = 0;
  for (unsigned i = 0; i + 4 <= n; i++) h = (h << 5 | h >> 27) ^ *(const u32u *)(p + i);
  return h;
}

/* A load and a store through the same unaligned pointer. */
NOINLINE static uint32_t swap_odd(unsigned off, uint32_t v) {
  u32u *p = (u32u *)(buf + 200 + off);
  uint32_t old = *p;
  *p = v;
  return old ^ *p;
}

int main(void) {
  at_offsets();
  section("offsets");
  packed(OPQ(5u));
  packed(OPQ(0xfffffff0u));
  section("packed");
  for (unsigned n = 4; n < 64; n += 7) mix(rolling(buf + OPQ(n % 5), n));
  section("rolling");
  for (unsigned off = 0; off < 8; off++) mix(swap_odd(OPQ(off), off * 0x11111111u));
  section("swap");
  return finish();
}
