/*
 * callconv: the i386 calling conventions GCC offers besides cdecl. stdcall and -mrtd make
 * the callee pop its arguments (ret $n); fastcall passes two arguments in ecx and edx,
 * thiscall one in ecx, regparm(1..3) up to three in eax, edx, ecx; a struct returned by a
 * stdcall function pops the hidden pointer too. Calls go direct and through pointers,
 * from functions with different conventions, with 64-bit and struct arguments that do
 * not fit registers; recursion checks that esp comes back where it was. No 64-bit division:
 * libgcc's __udivdi3 is cdecl, and -mrtd or -mregparm would make GCC call it otherwise.
 * extra builds: -O2 -march=i686 -mrtd; -O1 -march=i686 -mregparm=3; -O0 -march=i386 -mrtd
 */
#include "feat.h"

#define STDCALL __attribute__((stdcall))
#define FASTCALL __attribute__((fastcall))
#define THISCALL __attribute__((thiscall))
#define REGPARM(n) __attribute__((regparm(n)))
#define CDECL __attribute__((cdecl))

struct pt { int32_t x, y, z; };

NOINLINE static STDCALL uint32_t sc3(uint32_t a, uint32_t b, uint32_t c) { return a * 7 + b * 3 + c; }
NOINLINE static STDCALL uint64_t sc64(uint64_t a, uint32_t b, uint64_t c) { return a * b + c; }
NOINLINE static STDCALL struct pt scpt(int32_t k, struct pt p) { return (struct pt){p.x + k, p.y - k, p.z * k}; }
NOINLINE static FASTCALL uint32_t fc2(uint32_t a, uint32_t b) { return a ^ (b << 3); }
NOINLINE static FASTCALL uint32_t fc5(uint32_t a, uint32_t b, uint32_t c, uint64_t d, uint8_t e) {
  return a + b * 2 + c * 3 + (uint32_t)(d >> 17) + e;
}
NOINLINE static FASTCALL uint64_t fc64(uint64_t a, uint32_t b, uint32_t c) { return (a >> b % 64) + c; }
NOINLINE static THISCALL uint32_t tc(const struct pt *self, uint32_t scale) {
  return (uint32_t)(self->x + self->y + self->z) * scale;
}
NOINLINE static REGPARM(1) uint32_t rp1(uint32_t a, uint32_t b) { return a - b; }
NOINLINE static REGPARM(2) uint32_t rp2(uint32_t a, uint32_t b, uint32_t c) { return a * b - c; }
NOINLINE static REGPARM(3) uint32_t rp3(uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint32_t e) {
  return (a | b) + (c & d) - e;
}
NOINLINE static REGPARM(3) uint32_t rp3_64(uint64_t a, uint32_t b, uint32_t c) { return (uint32_t)(a >> 20) % (b | 1) + c; }
NOINLINE static CDECL uint32_t cd4(uint32_t a, uint32_t b, uint32_t c, uint32_t d) { return a + b + c + d; }

/* Recursion through a stdcall and a fastcall function: a wrong pop would move esp. */
NOINLINE static FASTCALL uint32_t fc_rec(uint32_t n, uint32_t acc);
NOINLINE static STDCALL uint32_t sc_rec(uint32_t n, uint32_t acc, uint32_t pad) {
  return n ? fc_rec(n - 1, acc * 3 + pad) : acc;
}
NOINLINE static FASTCALL uint32_t fc_rec(uint32_t n, uint32_t acc) { return n ? sc_rec(n - 1, acc ^ n, n * 5) : acc; }

typedef STDCALL uint32_t (*sc_fn)(uint32_t, uint32_t, uint32_t);
typedef FASTCALL uint32_t (*fc_fn)(uint32_t, uint32_t);
typedef REGPARM(3) uint32_t (*rp_fn)(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);

NOINLINE static STDCALL uint32_t sc3b(uint32_t a, uint32_t b, uint32_t c) { return a - b - c; }
NOINLINE static FASTCALL uint32_t fc2b(uint32_t a, uint32_t b) { return a * b; }
NOINLINE static REGPARM(3) uint32_t rp3b(uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint32_t e) { return a ^ b ^ c ^ d ^ e; }

static sc_fn const scs[] = {sc3, sc3b};
static fc_fn const fcs[] = {fc2, fc2b};
static rp_fn const rps[] = {rp3, rp3b};

/* esp before and after a batch of calls: a difference shows a wrong pop count. */
NOINLINE static uint32_t esp_drift(uint32_t k) {
  uint32_t before, after, h = 0;
  __asm__ volatile("mov %%esp, %0" : "=r"(before));
  for (uint32_t i = 0; i < 8; i++) {
    h += scs[(k + i) & 1](i, k, h);
    h += fcs[(k + i) & 1](h, i);
    h += rps[(k + i) & 1](h, i, k, 3, 4);
    h += sc3(h, 1, 2) + fc5(h, 1, 2, 3, 4) + rp3(1, 2, 3, 4, h) + cd4(h, i, k, 1);
  }
  __asm__ volatile("mov %%esp, %0" : "=r"(after));
  return h + (before - after) * 0x10000u;
}

int main(void) {
  for (uint32_t k = 0; k < 10; k++) {
    uint32_t q = OPQ(k * 0x10203u + 5);
    mix(sc3(q, q + 1, q + 2));
    mix64(sc64((uint64_t)q << 30, q, ~(uint64_t)q));
    struct pt p = scpt((int32_t)q, (struct pt){1, 2, 3});
    mix((uint32_t)p.x); mix((uint32_t)p.y); mix((uint32_t)p.z);
    mix(fc2(q, q * 3));
    mix(fc5(q, 1, 2, (uint64_t)q << 20, (uint8_t)q));
    mix64(fc64((uint64_t)q * q * q, q, 7));
    mix(tc(&p, q));
    mix(rp1(q, 3));
    mix(rp2(q, q, 9));
    mix(rp3(q, 1, 2, 3, 4));
    mix(rp3_64((uint64_t)q << 33 | q, q, 1));
    mix(cd4(q, 1, 2, 3));
  }
  section("direct");
  mix(sc_rec(OPQ(60u), 1, 2));
  mix(fc_rec(OPQ(61u), 3));
  for (uint32_t k = 0; k < 4; k++) mix(esp_drift(OPQ(k)));
  section("pointers");
  return finish();
}
