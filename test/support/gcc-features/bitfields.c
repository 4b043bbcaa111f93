/*
 * bitfields: signed and unsigned bit-fields of several widths, in ordinary and packed
 * structs, fields that straddle byte and word boundaries, 64-bit (long long) fields, and
 * read-modify-write updates. GCC extracts with shifts and and-masks (sar for signed fields,
 * or movsx/movzx for byte-sized ones), inserts with and/or, and may use 8- or 16-bit
 * accesses (movb, movw, orb) and bt for one-bit fields.
 */
#include "feat.h"

struct flags {
  unsigned a : 1;
  signed b : 3;
  unsigned c : 5;
  signed d : 7;
  unsigned e : 16;
  signed f : 17;
  unsigned g : 15;
  signed h : 1;
};

struct __attribute__((packed)) packed_fields {
  uint8_t tag;
  unsigned x : 11;
  signed y : 13;
  unsigned z : 9;
  signed long long big : 41;
  unsigned long long ubig : 23;
  uint16_t tail;
};

struct wide_fields {
  unsigned long long lo : 33;
  signed long long mid : 30;
  unsigned long long one : 1;
  unsigned long long hi : 60;
};

union view {
  struct flags f;
  uint32_t words[2];
};

NOINLINE static void flags_ops(uint32_t seed) {
  union view v = {.words = {seed * 2654435761u, ~seed * 40503u}};
  struct flags *f = &v.f;
  mix(f->a); mix((uint32_t)f->b); mix(f->c); mix((uint32_t)f->d);
  mix(f->e); mix((uint32_t)f->f); mix(f->g); mix((uint32_t)f->h);
  f->a ^= 1;
  f->b += 3;
  f->c = f->c * 7 + 1;
  f->d = (signed char)(f->d - f->b);
  f->e = (uint16_t)(f->e + seed);
  f->f = f->f * -3;
  f->g |= 0x4001;
  f->h = ~f->h;
  mix(v.words[0]); mix(v.words[1]);
  mix((uint32_t)(f->b < 0) + (uint32_t)(f->d > f->b) * 2 + (uint32_t)(f->f == -1) * 4 + (f->e > f->g) * 8);
  int sum = f->a + f->b + f->c + f->d + f->e + f->f + f->g + f->h;
  mix((uint32_t)sum);
}

NOINLINE static void packed_ops(uint32_t seed) {
  struct packed_fields p;
  uint8_t bytes[sizeof p];
  for (unsigned i = 0; i < sizeof p; i++) bytes[i] = (uint8_t)(seed >> (i % 4 * 8)) ^ (uint8_t)(i * 37);
  __builtin_memcpy(&p, bytes, sizeof p);
  mix(p.tag); mix(p.x); mix((uint32_t)p.y); mix(p.z);
  mix64((uint64_t)p.big); mix64(p.ubig); mix(p.tail);
  p.x += 1000;
  p.y = -p.y;
  p.z ^= p.x;
  p.big = p.big * 5 - 1;
  p.ubig += p.x;
  p.tail = (uint16_t)(p.tail * 3);
  __builtin_memcpy(bytes, &p, sizeof p);
  for (unsigned i = 0; i < sizeof p; i++) mix(bytes[i]);
  mix((uint32_t)sizeof p);
}

NOINLINE static void wide_ops(uint64_t seed) {
  struct wide_fields s = {seed, (long long)(seed >> 7), seed >> 63, seed * 0x9e3779b97f4a7c15ull};
  mix64(s.lo); mix64((uint64_t)s.mid); mix64(s.one); mix64(s.hi);
  s.lo = s.lo + s.hi;
  s.mid = s.mid >> 3;
  s.one = !s.one;
  s.hi <<= 5;
  mix64(s.lo ^ s.hi);
  mix64((uint64_t)s.mid + s.one);
  uint32_t out[4];
  __builtin_memcpy(out, &s, sizeof out);
  for (unsigned i = 0; i < 4; i++) mix(i == 3 ? out[i] & 0x0fffffff : out[i]); /* not the 4 padding bits */
}

/* An array of small records: the loop updates one field of each. */
struct cell { unsigned alive : 1, age : 6; signed delta : 4; unsigned pad : 5; };
NOINLINE static uint32_t cells(unsigned n) {
  struct cell c[64];
  for (unsigned i = 0; i < 64; i++) c[i] = (struct cell){i % 3 != 0, i, (int)(i % 16) - 8, i};
  for (unsigned r = 0; r < n; r++)
    for (unsigned i = 0; i < 64; i++) {
      struct cell *p = &c[i], *q = &c[(i + 1) % 64];
      p->alive = p->alive ^ q->alive ^ (r & 1);
      p->age += p->alive;
      p->delta = p->delta + (q->delta < 0 ? 1 : -1);
    }
  uint32_t h = 0;
  for (unsigned i = 0; i < 64; i++) h = h * 5 + c[i].alive + c[i].age * 2 + (uint32_t)(c[i].delta * 128);
  return h;
}

int main(void) {
  for (uint32_t s = 0; s < 300; s += 7) flags_ops(OPQ(s * 0x01010101u + 0x8000));
  section("flags");
  for (uint32_t s = 0; s < 200; s += 3) packed_ops(OPQ(s * 0x9e3779b9u));
  section("packed");
  for (uint32_t s = 0; s < 50; s++) wide_ops(OPQ(((uint64_t)s << 58) | (s * 0x123456789ull)));
  section("wide");
  show("cells", cells(OPQ(30u)));
  section("cells");
  return finish();
}
