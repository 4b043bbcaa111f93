/* div64: 64-bit division in a loop, through libgcc (__udivdi3, __umoddi3, __divdi3, __moddi3):
   converts DIV64_N 64-bit numbers to decimal digit by digit, and reduces pairs by Euclid's
   algorithm with 64-bit remainders. Self-check: each number rebuilt from its digits, each gcd
   divides both numbers, and signed quotients and remainders recombine. */
#include "sys.h"

#ifndef DIV64_N
#define DIV64_N 1500 /* numbers */
#endif

static uint64_t state = 0x9E3779B97F4A7C15ull;

static uint64_t next(void) { /* xorshift64 */
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}

static uint64_t gcd(uint64_t a, uint64_t b) {
  while (b) {
    uint64_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

static void print_hex64(uint64_t v) {
  char buf[18] = "0x";
  for (int i = 0; i < 16; i++) buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
  write_all(STDOUT, buf, sizeof buf);
}

int main(void) {
  uint64_t digits_sum = 0, gcd_sum = 0;
  int64_t signed_sum = 0;
  for (uint32_t i = 0; i < DIV64_N; i++) {
    uint64_t v = next();
    /* Decimal digits, lowest first, then the number rebuilt from them. */
    uint8_t d[20];
    int n = 0;
    for (uint64_t x = v; x; x /= 10) d[n++] = (uint8_t)(x % 10);
    uint64_t back = 0;
    for (int k = n - 1; k >= 0; k--) back = back * 10 + d[k];
    if (back != v) fail("digits do not rebuild the number");
    for (int k = 0; k < n; k++) digits_sum += d[k];
    uint64_t a = next() >> (i % 24), b = next() >> (8 + i % 32);
    uint64_t g = gcd(a, b);
    if (g == 0 || a % g || b % g) fail("gcd does not divide both");
    gcd_sum += g;
    int64_t p = (int64_t)next(), q = (int64_t)(next() >> (i % 40)) | 1;
    if (i & 1) q = -q;
    int64_t quo = p / q, rem = p % q;
    if (quo * q + rem != p) fail("signed quotient and remainder do not recombine");
    signed_sum += quo ^ rem;
  }
  print("div64 numbers ");
  print_u32(DIV64_N);
  print(": digits ");
  print_u32((uint32_t)digits_sum);
  print(", gcds ");
  print_hex64(gcd_sum);
  print(", signed ");
  print_hex64((uint64_t)signed_sum);
  print("\n");
  return 0;
}
