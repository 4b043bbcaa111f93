// f2xm1, fyl2x, fyl2xp1 and fpatan over seeded random arguments inside their ranges, in the four
// rounding modes and three precisions, results and status words printed in hex: qemu-i386
// computes them in soft-float, so every bit must agree.
#include <stdio.h>
#include <stdint.h>

typedef struct { uint64_t m; uint16_t se; } __attribute__((packed)) x80;
static uint32_t st = 2024;
static uint32_t rnd(void) { st ^= st << 13; st ^= st >> 17; st ^= st << 5; return st; }
static x80 value(int sign, int exp) {
  x80 v = { ((uint64_t)rnd() << 32 | rnd()) | (1ULL << 63), (uint16_t)((sign ? 0x8000 : 0) | exp) };
  return v;
}

#define RUN(insn, two) do { \
    unsigned short sw; x80 r; \
    if (two) __asm__ volatile("fninit\n fldcw %4\n fldt %3\n fldt %2\n " insn "\n fnstsw %1\n fstpt %0\n" : "=m"(r), "=m"(sw) : "m"(a), "m"(b), "m"(cw)); \
    else __asm__ volatile("fninit\n fldcw %3\n fldt %2\n " insn "\n fnstsw %1\n fstpt %0\n" : "=m"(r), "=m"(sw) : "m"(a), "m"(cw)); \
    printf("%s %04x:%016llx %04x:%016llx cw=%x -> %04x:%016llx sw=%04x\n", insn, a.se, (unsigned long long)a.m, b.se, \
      (unsigned long long)b.m, cw, r.se, (unsigned long long)r.m, sw); \
  } while (0)

int main(void) {
  static const unsigned short cws[] = { 0x37f, 0x77f, 0xb7f, 0xf7f, 0x27f, 0x07f };
  for (int i = 0; i < 2500; i++) {
    uint32_t k = rnd();
    unsigned short cw = cws[k % 6];
    x80 a, b = value((k >> 3) & 1, 0x3fff - 20 + (k >> 4) % 40);
    switch (i % 4) {
      case 0: a = value((k >> 9) & 1, 0x3ffe - (k >> 10) % 70); if (i % 40 == 0) a.m = 1ULL << 63, a.se = 0x3fff; RUN("f2xm1", 0); break;
      case 1: a = value(0, 0x3fff - 40 + (k >> 10) % 80); if (i % 37 == 1) a.m = 1ULL << 63; RUN("fyl2x", 1); break;
      case 2: a = value((k >> 9) & 1, 0x3ffd - (k >> 10) % 90); RUN("fyl2xp1", 1); break;
      default: a = value((k >> 9) & 1, 0x3fff - 12 + (k >> 10) % 24); if (i % 23 == 3) b.m = a.m, b.se = (b.se & 0x8000) | (a.se & 0x7fff); RUN("fpatan", 1); break;
    }
  }
  return 0;
}
