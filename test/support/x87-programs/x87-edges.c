// x87 instructions (the transcendentals but fsin, fcos, fsincos and fptan included) on edge
// operands, in every rounding mode and precision control, through
// inline assembly: a seeded generator draws 80-bit operands (NaNs, infinities, denormals,
// pseudo-denormals, unnormals, the largest and smallest) and prints each result with the status
// word (TOP, condition bits, exception flags) in hex. qemu-i386 is the oracle.
#include <stdio.h>
#include <stdint.h>
#include <string.h>

typedef struct { uint64_t m; uint16_t se; } __attribute__((packed)) x80;

static uint32_t state = 12345;
static uint32_t rnd(void) { state ^= state << 13; state ^= state >> 17; state ^= state << 5; return state; }
static uint64_t rnd64(void) { return ((uint64_t)rnd() << 32) | rnd(); }

static x80 draw(void) {
  x80 v;
  uint16_t sign = (rnd() & 3) == 0 ? 0x8000 : 0;
  uint64_t m = rnd64() | (1ULL << 63);
  switch (rnd() % 14) {
    case 0: v.se = sign; v.m = 0; break;
    case 1: v.se = sign | 0x7fff; v.m = 1ULL << 63; break;
    case 2: v.se = sign | 0x7fff; v.m = m | (1ULL << 62); break;
    case 3: v.se = sign | 0x7fff; v.m = (m & ~(1ULL << 62)) | 1; break;
    case 4: v.se = sign; v.m = m >> (1 + rnd() % 63); break;
    case 5: v.se = sign; v.m = m; break; // pseudo-denormal
    case 6: v.se = sign | (1 + rnd() % 0x7ffd); v.m = m & ~(1ULL << 63); break; // unnormal
    case 7: v.se = sign | (0x7ffe - rnd() % 2); v.m = (rnd() & 1) ? ~0ULL : m; break;
    case 8: v.se = sign | (1 + rnd() % 2); v.m = m; break;
    case 9: v.se = sign | (0x3fff + rnd() % 70); v.m = m & ~((1ULL << (rnd() % 64)) - 1); break;
    case 10: v.se = sign | (0x3fff - 1022 - rnd() % 60); v.m = m; break;
    case 11: v.se = sign | (0x3fff - 126 - rnd() % 30); v.m = m; break;
    default: v.se = sign | (0x3fff - 30 + rnd() % 60); v.m = m; break;
  }
  return v;
}

static void show(const char *what, const x80 *r, unsigned sw) {
  printf("%s %04x:%016llx sw=%04x\n", what, r->se, (unsigned long long)r->m, sw);
}

// Each operation: load the control word, clear the flags, load b then a (a in st0, b in st1),
// operate, store st0 (and st1 where the instruction leaves two results), read the status word.
#define BINOP(name, insn) \
  static void name(const x80 *a, const x80 *b, unsigned cw, x80 *r0, x80 *r1, unsigned *sw) { \
    unsigned short w = cw; unsigned short s; \
    __asm__ volatile("fninit\n fldcw %5\n fldt %4\n fldt %3\n " insn "\n fnstsw %2\n fstpt %0\n fstpt %1\n" \
      : "=m"(*r0), "=m"(*r1), "=m"(s) : "m"(*a), "m"(*b), "m"(w) : "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)"); \
    *sw = s; \
  }
BINOP(op_add, "fadd %%st(1), %%st")
BINOP(op_sub, "fsub %%st(1), %%st")
BINOP(op_mul, "fmul %%st(1), %%st")
BINOP(op_div, "fdiv %%st(1), %%st")
BINOP(op_sqrt, "fsqrt")
BINOP(op_rndint, "frndint")
BINOP(op_prem, "fprem")
BINOP(op_prem1, "fprem1")
BINOP(op_scale, "fscale")
BINOP(op_xtract, "fxtract")
BINOP(op_com, "fcom %%st(1)")
BINOP(op_ucomi, "fucomi %%st(1), %%st\n setp %%al\n") // (flags land in eflags; the status word still shows)
BINOP(op_xam, "fxam")
BINOP(op_tst, "ftst")
BINOP(op_chs, "fchs")
BINOP(op_f2xm1, "f2xm1")
BINOP(op_fyl2x, "fyl2x")
BINOP(op_fyl2xp1, "fyl2xp1")
BINOP(op_fpatan, "fpatan")

static void conversions(const x80 *a, unsigned cw) {
  unsigned short w = cw, s;
  float f; double d; int16_t i16; int32_t i32; long long i64;
  __asm__ volatile("fninit\n fldcw %6\n fldt %7\n fsts %0\n fstl %1\n fists %2\n fistl %3\n fistpll %4\n fnstsw %5\n"
    : "=m"(f), "=m"(d), "=m"(i16), "=m"(i32), "=m"(i64), "=m"(s) : "m"(w), "m"(*a));
  uint32_t fb; uint64_t db; memcpy(&fb, &f, 4); memcpy(&db, &d, 8);
  printf("  cvt f=%08x d=%016llx i16=%d i32=%d i64=%lld sw=%04x\n", fb, (unsigned long long)db, i16, i32, i64, s);
  x80 back; unsigned short s2;
  __asm__ volatile("fninit\n fldcw %2\n flds %3\n fldl %4\n faddp\n fstpt %0\n fnstsw %1\n" : "=m"(back), "=m"(s2) : "m"(w), "m"(fb), "m"(db));
  show("  back", &back, s2);
}

int main(void) {
  static const struct { const char *name; void (*f)(const x80 *, const x80 *, unsigned, x80 *, x80 *, unsigned *); } ops[] = {
    { "add", op_add }, { "sub", op_sub }, { "mul", op_mul }, { "div", op_div }, { "sqrt", op_sqrt },
    { "rndint", op_rndint }, { "prem", op_prem }, { "prem1", op_prem1 }, { "scale", op_scale },
    { "xtract", op_xtract }, { "com", op_com }, { "ucomi", op_ucomi }, { "xam", op_xam }, { "tst", op_tst },
    { "chs", op_chs }, { "f2xm1", op_f2xm1 }, { "fyl2x", op_fyl2x }, { "fyl2xp1", op_fyl2xp1 },
    { "fpatan", op_fpatan },
  };
  static const unsigned cws[] = { 0x37f, 0x77f, 0xb7f, 0xf7f, 0x27f, 0x07f, 0x67f, 0xa7f };
  for (int k = 0; k < 1500; k++) {
    x80 a = draw(), b = draw(), r0, r1;
    if (k % 7 == 0) { b = a; b.m ^= rnd64() >> (rnd() % 64); } // near-equal operands
    unsigned cw = cws[rnd() % 8], sw;
    int o = rnd() % (sizeof ops / sizeof ops[0]);
    ops[o].f(&a, &b, cw, &r0, &r1, &sw);
    printf("%d %s cw=%03x a=%04x:%016llx b=%04x:%016llx\n", k, ops[o].name, cw, a.se, (unsigned long long)a.m, b.se, (unsigned long long)b.m);
    show("  st0", &r0, sw);
    show("  st1", &r1, sw);
    if (k % 3 == 0) conversions(&a, cw);
  }
  return 0;
}
