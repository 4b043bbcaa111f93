/*
 * divconst: division and remainder by constants, which GCC turns into multiplications by
 * a "magic" reciprocal (mul or imul taking edx, then shifts and a sign correction with sar
 * $31 / sub), powers of two into shifts with a bias for negative dividends (sar, shr $31,
 * lea, and), x % c == 0 into a multiply and compare, and multiplications by constants into
 * lea/shl/add/sub chains. Signed and unsigned, 8-, 16-, 32- and 64-bit operands; the
 * 64-bit ones mostly call libgcc.
 */
#include "feat.h"

static const int32_t inputs[] = {0, 1, -1, 2, -2, 3, -3, 6, 7, -7, 9, 10, 99, 100, -100, 127, -128, 255, 256, 1000, -1001,
                                 32767, -32768, 65535, 65536, 1 << 20, -(1 << 20) - 1, 0x7ffffff0, 0x7fffffff,
                                 (int32_t)0x80000000, (int32_t)0x80000001, (int32_t)0xfffffff9, 123456789, -987654321,
                                 0x55555555, (int32_t)0xaaaaaaab, 1431655765, 858993459, 613566756};

#define DIVS(T, c) do { T x = (T)a; mix((uint32_t)(T)(x / (c))); mix((uint32_t)(T)(x % (c))); } while (0)
#define DIVU(T, c) do { T x = (T)a; mix((uint32_t)(T)(x / (c))); mix((uint32_t)(T)(x % (c))); } while (0)

NOINLINE static void s32(int32_t a) {
  DIVS(int32_t, 2); DIVS(int32_t, 3); DIVS(int32_t, 4); DIVS(int32_t, 5); DIVS(int32_t, 6); DIVS(int32_t, 7);
  DIVS(int32_t, 8); DIVS(int32_t, 9); DIVS(int32_t, 10); DIVS(int32_t, 11); DIVS(int32_t, 12); DIVS(int32_t, 13);
  DIVS(int32_t, 16); DIVS(int32_t, 25); DIVS(int32_t, 60); DIVS(int32_t, 100); DIVS(int32_t, 641); DIVS(int32_t, 1000);
  DIVS(int32_t, 3600); DIVS(int32_t, 65536); DIVS(int32_t, 1000000007); DIVS(int32_t, 0x40000000); DIVS(int32_t, 0x7fffffff);
  DIVS(int32_t, -2); DIVS(int32_t, -3); DIVS(int32_t, -7); DIVS(int32_t, -16); DIVS(int32_t, -1000);
  if (a != INT32_MIN) { DIVS(int32_t, -1); }
  mix(a % 3 == 0); mix(a % 10 == 0); mix(a % 16 == 0); mix(a % 7 == 3);
}

NOINLINE static void u32(int32_t a) {
  DIVU(uint32_t, 2); DIVU(uint32_t, 3); DIVU(uint32_t, 5); DIVU(uint32_t, 6); DIVU(uint32_t, 7); DIVU(uint32_t, 9);
  DIVU(uint32_t, 10); DIVU(uint32_t, 11); DIVU(uint32_t, 14); DIVU(uint32_t, 19); DIVU(uint32_t, 24); DIVU(uint32_t, 60);
  DIVU(uint32_t, 100); DIVU(uint32_t, 125); DIVU(uint32_t, 641); DIVU(uint32_t, 1000); DIVU(uint32_t, 3600);
  DIVU(uint32_t, 86400); DIVU(uint32_t, 65537); DIVU(uint32_t, 1000000007u); DIVU(uint32_t, 0x80000000u);
  DIVU(uint32_t, 0x80000001u); DIVU(uint32_t, 0xfffffffeu); DIVU(uint32_t, 0xffffffffu);
  uint32_t x = (uint32_t)a;
  mix(x % 3 == 0); mix(x % 10 == 0); mix(x % 6 == 0); mix(x % 5 == 2);
}

NOINLINE static void narrow(int32_t a) {
  DIVS(int8_t, 3); DIVS(int8_t, 7); DIVS(int8_t, 10); DIVS(int8_t, -5); DIVS(int8_t, 64);
  DIVU(uint8_t, 3); DIVU(uint8_t, 7); DIVU(uint8_t, 10); DIVU(uint8_t, 100); DIVU(uint8_t, 255);
  DIVS(int16_t, 3); DIVS(int16_t, 7); DIVS(int16_t, 10); DIVS(int16_t, -300); DIVS(int16_t, 1024);
  DIVU(uint16_t, 3); DIVU(uint16_t, 7); DIVU(uint16_t, 10); DIVU(uint16_t, 1000); DIVU(uint16_t, 65535);
}

NOINLINE static void wide(int32_t a, int32_t b) {
  int64_t x = (int64_t)a << 20 ^ b;
  uint64_t u = (uint64_t)x;
  mix64((uint64_t)(x / 3)); mix64((uint64_t)(x % 3)); mix64((uint64_t)(x / 10)); mix64((uint64_t)(x % -10));
  mix64((uint64_t)(x / 1024)); mix64((uint64_t)(x % 1024)); mix64((uint64_t)(x / 1000000007));
  mix64(u / 3); mix64(u % 3); mix64(u / 10); mix64(u % 10); mix64(u / 4096); mix64(u % 4096);
  mix64(u / 0x100000000ull); mix64(u / 0x123456789ull); mix64(u % 0xffffffffull);
}

NOINLINE static void multiply(int32_t a) {
  uint32_t x = (uint32_t)a;
  mix(x * 3); mix(x * 5); mix(x * 9); mix(x * 10); mix(x * 15); mix(x * 24); mix(x * 37); mix(x * 100);
  mix(x * 0xfffffffbu); mix(x * 641); mix(x * 65537); mix(x * 0x80000001u);
  mix64((uint64_t)x * 10); mix64((uint64_t)(int64_t)a * -3);
}

int main(void) {
  for (unsigned i = 0; i < COUNT(inputs); i++) s32(OPQ(inputs[i]));
  section("signed 32");
  for (unsigned i = 0; i < COUNT(inputs); i++) u32(OPQ(inputs[i]));
  section("unsigned 32");
  for (unsigned i = 0; i < COUNT(inputs); i++) narrow(OPQ(inputs[i]));
  section("8 and 16");
  for (unsigned i = 0; i < COUNT(inputs); i += 2) wide(OPQ(inputs[i]), OPQ(inputs[(i * 7) % COUNT(inputs)]));
  section("64");
  for (unsigned i = 0; i < COUNT(inputs); i++) multiply(OPQ(inputs[i]));
  section("multiply");
  return finish();
}
