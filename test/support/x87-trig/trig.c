// fsin, fcos, fptan and fsincos on seeded arguments of every kind (doubles across all magnitudes,
// arguments near multiples of pi/2, tiny, denormal, beyond 2^63, infinities, NaNs, and 80-bit
// values that are not doubles, rounded to a double in each rounding mode), results and status
// words printed in hex. qemu-i386 rounds ST0 to a double and calls its host's sin, cos and tan
// (glibc's, which misround about 0.2% of results); lockstep86 rounds correctly.
// Each line shows the argument as the double it rounds to (fst in the same mode, then fnclex).
// `prog N` runs N arguments (default 1200).
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct { uint64_t m; uint16_t se; } __attribute__((packed)) x80;
static uint32_t st = 4711;
static uint32_t rnd(void) { st ^= st << 13; st ^= st >> 17; st ^= st << 5; return st; }
static uint64_t rnd64(void) { uint64_t h = rnd(); return h << 32 | rnd(); }

static x80 fromDouble(double d) {
  long double l = d; x80 v; memcpy(&v, &l, 10); return v;
}

// An argument of kind k; doubles unless the kind says otherwise.
static x80 argument(uint32_t k) {
  x80 v;
  uint32_t sign = (k >> 8) & 1 ? 0x8000 : 0;
  switch (k % 10) {
    case 0: case 1: { // a double of any magnitude up to 2^70
      int e = 0x3fff - 1022 + (int)(rnd() % 1093);
      v.m = (rnd64() | 1ULL << 63) & ~0x7ffULL; v.se = sign | e; return v;
    }
    case 2: case 3: { // |x| in [2^-30, 2^8)
      int e = 0x3fff - 30 + (int)(rnd() % 38);
      v.m = (rnd64() | 1ULL << 63) & ~0x7ffULL; v.se = sign | e; return v;
    }
    case 4: { // near n * pi/2, n up to 2^62, a few ulps either way
      long double n = (long double)(rnd64() >> (rnd() % 64));
      double d = (double)(n * 1.57079632679489661923132169163975144L);
      uint64_t bits; memcpy(&bits, &d, 8); bits += (int)(rnd() % 9) - 4; memcpy(&d, &bits, 8);
      v = fromDouble(d); v.se |= sign; return v;
    }
    case 5: { // 80-bit values that are not doubles, |x| in [2^-40, 2^64)
      int e = 0x3fff - 40 + (int)(rnd() % 104);
      v.m = rnd64() | 1ULL << 63; v.se = sign | e; return v;
    }
    case 6: { // tiny and denormal doubles, and their neighbourhood in the 80-bit format
      uint32_t w = rnd() % 4;
      if (w == 0) { double d; uint64_t b = rnd64() >> (12 + rnd() % 52); memcpy(&d, &b, 8); v = fromDouble(d); }
      else if (w == 1) { v.m = (rnd64() | 1ULL << 63) & ~0x7ffULL; v.se = 0x3fff - 1022 + rnd() % 80; }
      else { v.m = rnd64() | 1ULL << 63; v.se = 0x3fff - 1100 + rnd() % 120; }
      v.se |= sign; return v;
    }
    case 7: { // around 2^63, where the range check is, and huge
      int e = 0x3fff + 60 + (int)(rnd() % 8);
      v.m = rnd() % 3 == 0 ? 1ULL << 63 : ((rnd64() | 1ULL << 63) & (rnd() % 2 ? ~0ULL : ~0x7ffULL));
      if (rnd() % 5 == 0) v.m = ~0ULL, e = 0x3fff + 62;
      v.se = sign | e; return v;
    }
    case 8: { // specials: zeros, infinities, NaNs, the largest values
      static const x80 sp[] = {
        { 0, 0 }, { 1ULL << 63, 0x7fff }, { 0xc000000000000000ULL, 0x7fff }, { 0xc000000000001234ULL, 0x7fff },
        { 0xa000000000000000ULL, 0x7fff }, { ~0ULL, 0x7ffe }, { 1ULL << 63, 0x3fff }, { 0xc90fdaa22168c235ULL, 0x3fff },
        { 0xc90fdaa22168c234ULL, 0x4000 }, { 0x96cbe3f9990e91a8ULL, 0x4001 }, { 0xc90fdaa22168c000ULL, 0x3ffe },
      };
      v = sp[rnd() % (sizeof sp / sizeof sp[0])]; v.se |= sign; return v;
    }
    default: { // |x| in [2^-3, 2^30), the common case
      int e = 0x3fff - 3 + (int)(rnd() % 33);
      v.m = (rnd64() | 1ULL << 63) & ~0x7ffULL; v.se = sign | e; return v;
    }
  }
}

#define RUN(insn) do { \
    __asm__ volatile("fninit\n fldcw %5\n fldz\n fldt %4\n fstl %3\n fnclex\n " insn "\n fnstsw %2\n fstpt %0\n fstpt %1\n" \
      : "=m"(r1), "=m"(r2), "=m"(sw), "=m"(d) : "m"(a), "m"(cw)); \
    printf("%-7s %04x:%016llx cw=%03x x=%016llx -> %04x:%016llx %04x:%016llx sw=%04x\n", insn, a.se, \
      (unsigned long long)a.m, cw, (unsigned long long)d, r1.se, (unsigned long long)r1.m, r2.se, (unsigned long long)r2.m, sw); \
  } while (0)

int main(int argc, char **argv) {
  static const unsigned short cws[] = { 0x37f, 0x37f, 0x37f, 0x77f, 0xb7f, 0xf7f, 0x27f, 0x07f };
  int n = argc > 1 ? atoi(argv[1]) : 1200;
  for (int i = 0; i < n; i++) {
    uint32_t k = rnd();
    unsigned short cw = cws[(k >> 12) % 8], sw;
    uint64_t d;
    x80 a = argument(k), r1, r2;
    RUN("fsin"); RUN("fcos"); RUN("fptan"); RUN("fsincos");
  }
  return 0;
}
