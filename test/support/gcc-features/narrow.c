/*
 * narrow: 8- and 16-bit arithmetic. C promotes char and short to int, so GCC mixes movzx
 * and movsx loads, byte and word registers (al/ah, ax: partial-register writes followed by
 * full reads), 16-bit instructions with the 0x66 prefix (addw, cmpw, rolw, imulw), setcc
 * into a byte then movzx, cmov or sbb masks for selects, and byte-sized compares and tests
 * against memory. Also bool arithmetic, saturating adds, and absolute values.
 */
#include "feat.h"

static const uint8_t bytes[] = {0, 1, 2, 0x7f, 0x80, 0x81, 0xfe, 0xff, 0x40, 0x3c, 0xc3, 0x55, 0xaa, 10, 200, 99};

NOINLINE static void ops8(uint8_t a, uint8_t b) {
  int8_t sa = (int8_t)a, sb = (int8_t)b;
  mix((uint8_t)(a + b)); mix((uint8_t)(a - b)); mix((uint8_t)(a * b)); mix(a * b);
  mix((uint32_t)(sa * sb)); mix((uint32_t)(int8_t)(sa * sb));
  if (b) { mix(a / b); mix(a % b); }
  if (sb && !(sa == -128 && sb == -1)) { mix((uint32_t)(sa / sb)); mix((uint32_t)(sa % sb)); }
  mix((uint8_t)(a << (b & 7))); mix((uint32_t)(sa >> (b & 7))); mix(a >> (b & 7));
  mix((uint32_t)(a < b) | (uint32_t)(sa < sb) << 1 | (uint32_t)(a == b) << 2 | (uint32_t)(sa >= sb) << 3 | (uint32_t)(a > b) << 4);
  mix(a > b ? a : b); mix((uint32_t)(sa < sb ? sa : sb));
  mix((uint8_t)(a + b) < a); /* carry out of a byte add */
  mix(a + b > 255 ? 255 : a + b); /* saturating */
  mix((uint32_t)(sa < 0 ? -sa : sa));
  mix((uint8_t)~a & b); mix((uint32_t)(int8_t)(sa ^ sb)); mix((uint32_t)-sa);
  mix((uint8_t)(a << 4 | a >> 4)); /* rolb $4 */
}

NOINLINE static void ops16(uint16_t a, uint16_t b) {
  int16_t sa = (int16_t)a, sb = (int16_t)b;
  mix((uint16_t)(a + b)); mix((uint16_t)(a - b)); mix((uint16_t)(a * b)); mix((uint32_t)a * b);
  mix((uint32_t)(sa * sb)); mix((uint32_t)(int16_t)(sa * sb));
  if (b) { mix(a / b); mix(a % b); }
  if (sb && !(sa == -32768 && sb == -1)) { mix((uint32_t)(sa / sb)); mix((uint32_t)(sa % sb)); }
  mix((uint16_t)(a << (b & 15))); mix((uint32_t)(sa >> (b & 15))); mix(a >> (b & 15));
  mix((uint32_t)(a < b) | (uint32_t)(sa < sb) << 1 | (uint32_t)(a == b) << 2 | (uint32_t)(sa >= sb) << 3 | (uint32_t)(a <= b) << 4);
  mix(a > b ? a : b); mix((uint32_t)(sa < sb ? sa : sb));
  mix((uint16_t)(a + b) < a);
  mix((uint32_t)(sa < 0 ? -sa : sa));
  mix((uint16_t)(a << 8 | a >> 8)); /* rolw $8 */
  mix((uint16_t)(a << (b & 15) | a >> (-b & 15)));
  mix((uint32_t)(int16_t)(sa + sb) + (uint32_t)(uint8_t)(a >> 8)); /* a byte of a word: movzbl %ah */
}

/* Arrays of bytes and shorts: movzx/movsx loads, narrow stores, and in-place updates. */
NOINLINE static uint32_t arrays(unsigned n) {
  uint8_t u[64];
  int8_t s[64];
  uint16_t w[64];
  int16_t sw[64];
  for (unsigned i = 0; i < 64; i++) {
    u[i] = (uint8_t)(i * 37 + n);
    s[i] = (int8_t)(i * 53 - n);
    w[i] = (uint16_t)(i * 3001 + n);
    sw[i] = (int16_t)(i * -977 + (int)n);
  }
  uint32_t h = 0;
  for (unsigned r = 0; r < 4; r++)
    for (unsigned i = 1; i < 64; i++) {
      u[i] += u[i - 1] >> 1;
      s[i] = (int8_t)(s[i] - (s[i - 1] >> 2));
      w[i] ^= (uint16_t)(w[i - 1] << 3);
      sw[i] = (int16_t)(sw[i] + sw[i - 1] / 4);
      h += (uint32_t)(u[i] + s[i] + w[i] + sw[i]);
    }
  for (unsigned i = 0; i < 64; i++) h = h * 31 + (uint32_t)(s[i] < 0) + (uint32_t)(sw[i] > 100);
  return h;
}

/* Bools: setcc, and/or of flags, counting with adc. */
NOINLINE static uint32_t bools(const uint8_t *p, unsigned n) {
  uint32_t count = 0, mask = 0;
  _Bool any = 0, all = 1;
  for (unsigned i = 0; i < n; i++) {
    _Bool big = p[i] > 0x7f, even = !(p[i] & 1);
    count += big;
    count += p[i] < 10;
    any |= big & even;
    all &= big | even;
    mask = mask << 1 | (big ^ even);
  }
  return count + any * 1000u + all * 2000u + (mask << 12);
}

/* Character classification and case mapping of a string. */
NOINLINE static uint32_t chars(const char *s) {
  uint32_t h = 0;
  for (; *s; s++) {
    char c = *s;
    if (c >= 'a' && c <= 'z') c = (char)(c - 32);
    else if ((unsigned char)(c - '0') < 10) c = (char)(c + 1);
    h = h * 33 + (unsigned char)c + (c < 0) * 0x10000u;
  }
  return h;
}

int main(void) {
  for (unsigned i = 0; i < COUNT(bytes); i++)
    for (unsigned j = 0; j < COUNT(bytes); j++) ops8(OPQ(bytes[i]), OPQ(bytes[j]));
  section("8-bit");
  for (unsigned i = 0; i < COUNT(bytes); i++)
    for (unsigned j = 0; j < COUNT(bytes); j++)
      ops16(OPQ((uint16_t)(bytes[i] << 8 | bytes[j])), OPQ((uint16_t)(bytes[j] * 0x0101 ^ i)));
  section("16-bit");
  show("arrays", arrays(OPQ(3u)));
  show("arrays2", arrays(OPQ(250u)));
  section("arrays");
  show("bools", bools(bytes, OPQ((unsigned)COUNT(bytes))));
  show("chars", chars(OPQ("Hello, World 0189 \x80\xff~z")));
  section("bools");
  return finish();
}
