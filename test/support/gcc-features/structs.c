/*
 * structs: structures passed and returned by value. The i386 System V ABI returns every
 * struct through a hidden pointer that the callee pops with ret $4; arguments are copied
 * onto the stack by pushes, movs or rep movsl (large ones through an inlined memcpy);
 * struct assignment and initialisation become mov sequences, rep movsl/stosl or memcpy
 * calls depending on size and -O level. Also nested structs, arrays inside structs,
 * returning a struct from a function called through a pointer, and unions.
 */
#include "feat.h"

struct s1 { uint8_t a; };
struct s3 { uint8_t a, b, c; };
struct s8 { int32_t x, y; };
struct s12 { int32_t x; int16_t y; int8_t z; uint32_t w; };
struct s64 { uint32_t v[16]; };
struct big { uint32_t v[250]; uint8_t tail[3]; };
#define BIG_BYTES (__builtin_offsetof(struct big, tail) + 3)
struct nested { struct s3 head; struct s8 mid[3]; union { uint32_t u; int16_t h[2]; } tag; };

NOINLINE static struct s1 make1(uint32_t k) { return (struct s1){(uint8_t)(k * 3)}; }
NOINLINE static struct s3 make3(uint32_t k) { return (struct s3){(uint8_t)k, (uint8_t)(k >> 8), (uint8_t)(k ^ 0x5a)}; }
NOINLINE static struct s8 make8(uint32_t k) { return (struct s8){(int32_t)k, -(int32_t)k}; }
NOINLINE static struct s12 make12(uint32_t k) {
  struct s12 r = {(int32_t)(k * 7), (int16_t)(k * 9), (int8_t)k, ~k};
  return r;
}
NOINLINE static struct s64 make64(uint32_t k) {
  struct s64 r;
  for (int i = 0; i < 16; i++) r.v[i] = k * (uint32_t)i + (uint32_t)i;
  return r;
}
NOINLINE static struct big makebig(uint32_t k) {
  struct big r;
  for (int i = 0; i < 250; i++) r.v[i] = k ^ (uint32_t)i * 0x01000193u;
  r.tail[0] = (uint8_t)k; r.tail[1] = 1; r.tail[2] = 2;
  return r;
}

/* By value: the callee gets copies and modifies them freely. */
NOINLINE static uint32_t take(struct s1 a, struct s3 b, struct s8 c, struct s12 d, struct s64 e, uint8_t f, struct big g) {
  uint32_t h = a.a + b.a * 3u + b.b * 5u + b.c * 7u;
  c.x += c.y; d.w ^= (uint32_t)d.z;
  h = h * 31 + (uint32_t)c.x + (uint32_t)d.x + (uint32_t)d.y + d.w;
  for (int i = 0; i < 16; i++) { e.v[i] += h; h = h * 3 + e.v[i]; }
  for (int i = 0; i < 250; i += 7) { g.v[i] = ~g.v[i]; h ^= g.v[i] + (uint32_t)i; }
  return h + f + g.tail[0] + g.tail[2];
}

/* Returning a by-value argument changed: copy in, copy out. */
NOINLINE static struct big twist(struct big b, int n) {
  for (int i = 0; i < n; i++) {
    uint32_t t = b.v[i];
    b.v[i] = b.v[249 - i];
    b.v[249 - i] = t * 3;
  }
  b.tail[1] += (uint8_t)n;
  return b;
}

NOINLINE static struct nested build_nested(uint32_t k) {
  struct nested n = {make3(k), {make8(k), make8(k + 1), make8(k * 2)}, {.u = k * 0x10001u}};
  n.tag.h[1] = (int16_t)(n.tag.h[1] - 3);
  return n;
}

typedef struct s12 (*maker12)(uint32_t);
NOINLINE static struct s12 make12b(uint32_t k) { return (struct s12){(int32_t)k, 1, 2, 3}; }
static maker12 makers[] = {make12, make12b};

/* Padding bytes are left out: they may hold whatever the stack held, and the stack is not
   at the same address under qemu-i386. */
static uint32_t hash_bytes(const void *p, unsigned n) {
  const uint8_t *b = p;
  uint32_t h = 0;
  for (unsigned i = 0; i < n; i++) h = h * 257 + b[i];
  return h;
}

struct big g_big; /* copies into and out of static storage */

int main(void) {
  for (uint32_t k = 0; k < 20; k++) {
    uint32_t q = OPQ(k * 0x11111111u);
    struct s1 a = make1(q);
    struct s3 b = make3(q);
    struct s8 c = make8(q);
    struct s12 d = make12(q);
    mix(a.a); mix(b.a | b.b << 8 | (uint32_t)b.c << 16); mix((uint32_t)(c.x + c.y)); mix((uint32_t)d.x ^ (uint32_t)d.y ^ (uint32_t)d.z ^ d.w);
    struct s64 e = make64(q);
    mix(hash_bytes(&e, sizeof e));
  }
  section("returns");
  struct big bg = makebig(OPQ(0x12345u));
  uint32_t h = 0;
  for (uint32_t k = 0; k < 10; k++)
    h += take(make1(k), make3(k), make8(k), make12(k), make64(k), (uint8_t)k, bg);
  show("take", h);
  section("arguments");
  g_big = twist(bg, OPQ(100));
  mix(hash_bytes(&g_big, BIG_BYTES));
  struct big copy = g_big;
  copy = twist(copy, OPQ(125));
  mix(hash_bytes(&copy, BIG_BYTES));
  g_big = copy;
  mix(hash_bytes(&g_big, BIG_BYTES));
  section("big copies");
  for (uint32_t k = 0; k < 10; k++) {
    struct nested n = build_nested(OPQ(k * 77));
    mix(hash_bytes(&n.head, sizeof n.head));
    mix(hash_bytes(&n.mid, sizeof n.mid + sizeof n.tag));
    struct nested m = n;
    m.mid[2] = m.mid[0];
    mix(hash_bytes(&m.mid, sizeof m.mid + sizeof m.tag));
  }
  section("nested");
  for (uint32_t k = 0; k < 10; k++) {
    struct s12 r = makers[OPQ(k) & 1](k);
    mix((uint32_t)r.x); mix((uint32_t)r.y); mix((uint32_t)r.z); mix(r.w);
  }
  section("through pointers");
  /* Compound literals and zeroing of partly initialised structs. */
  for (uint32_t k = 0; k < 8; k++) {
    struct s64 z = {{OPQ(k), [9] = 5}};
    struct big zb = {{1, 2, OPQ(k)}, {9}};
    mix(hash_bytes(&z, sizeof z));
    mix(hash_bytes(&zb, BIG_BYTES));
  }
  section("initialisers");
  return finish();
}
