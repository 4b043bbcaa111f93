/* fnptr: indirect calls through function pointers. A table of small mixing functions is applied
   to a stream of LCG words, each call chosen by the data (call *table(,reg,4)), and an insertion
   sort takes its comparison as a pointer. FNPTR_N words. Self-check: the same mix computed with
   a `switch`, and the sorted array checked in order. */
#include "sys.h"

#ifndef FNPTR_N
#define FNPTR_N 3072 /* words */
#endif

typedef uint32_t (*mixer)(uint32_t h, uint32_t v);

static uint32_t mix_add(uint32_t h, uint32_t v) { return h + v; }
static uint32_t mix_xor(uint32_t h, uint32_t v) { return h ^ (v * 2654435761u); }
static uint32_t mix_rot(uint32_t h, uint32_t v) { return ((h << 5) | (h >> 27)) ^ v; }
static uint32_t mix_mul(uint32_t h, uint32_t v) { return h * 31 + v; }
static uint32_t mix_sub(uint32_t h, uint32_t v) { return h - (v >> 3); }
static uint32_t mix_fnv(uint32_t h, uint32_t v) { return (h ^ (v & 0xff)) * 16777619u; }

static mixer const mixers[8] = {mix_add, mix_xor, mix_rot, mix_mul, mix_sub, mix_fnv, mix_xor, mix_rot};

/* The same, without pointers (noinline: GCC must not fold the two into one). */
static __attribute__((noinline)) uint32_t mix_switch(uint32_t h, uint32_t v) {
  switch (v & 7) {
  case 0: return h + v;
  case 1: case 6: return h ^ (v * 2654435761u);
  case 2: case 7: return ((h << 5) | (h >> 27)) ^ v;
  case 3: return h * 31 + v;
  case 4: return h - (v >> 3);
  default: return (h ^ (v & 0xff)) * 16777619u;
  }
}

static int less_u32(const void *a, const void *b) { return *(const uint32_t *)a < *(const uint32_t *)b; }
static int less_low(const void *a, const void *b) { return (*(const uint32_t *)a & 0xffff) < (*(const uint32_t *)b & 0xffff); }

/* Insertion sort of n words by `less` (a pointer: every comparison is an indirect call). */
static __attribute__((noinline)) void sort(uint32_t *a, uint32_t n, int (*less)(const void *, const void *)) {
  for (uint32_t i = 1; i < n; i++) {
    uint32_t x = a[i];
    uint32_t j = i;
    while (j > 0 && less(&x, &a[j - 1])) {
      a[j] = a[j - 1];
      j--;
    }
    a[j] = x;
  }
}

static uint32_t words[FNPTR_N];
static uint32_t part[512];

int main(void) {
  uint32_t s = 12345;
  for (uint32_t i = 0; i < FNPTR_N; i++) {
    s = s * 1103515245u + 12345u;
    words[i] = s ^ (s >> 16);
  }
  uint32_t h = 0, h2 = 0;
  for (uint32_t round = 0; round < 8; round++)
    for (uint32_t i = 0; i < FNPTR_N; i++) {
      h = mixers[(words[i] + round) & 7](h, words[i] + round);
      h2 = mix_switch(h2, words[i] + round);
    }
  if (h != h2) fail("the pointer mix differs from the switch mix");
  uint32_t sorted = 0;
  for (uint32_t at = 0; at + 512 <= FNPTR_N; at += 512) {
    for (uint32_t i = 0; i < 512; i++) part[i] = words[at + i];
    int (*less)(const void *, const void *) = (at / 512) & 1 ? less_low : less_u32;
    sort(part, 512, less);
    for (uint32_t i = 1; i < 512; i++)
      if (less(&part[i], &part[i - 1])) fail("not sorted");
    sorted = sorted * 33 + part[0] + part[511];
  }
  print("fnptr words ");
  print_u32(FNPTR_N);
  print(": mix ");
  print_hex32(h);
  print(", sorted ");
  print_hex32(sorted);
  print("\n");
  return 0;
}
