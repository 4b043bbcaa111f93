// Conversions between float, double, long double and the integers, in the four rounding modes.
#include <stdio.h>
#include <fenv.h>
#include <math.h>
#include <stdint.h>

static const int modes[] = { FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO };

int main(void) {
  volatile double d[] = { 2.5, -2.5, 3.5, 0.49999999999999994, -7.75, 1e19, 9007199254740993.0, 4294967295.5, -0.0 };
  volatile int64_t big[] = { 9007199254740993LL, -9223372036854775807LL - 1, 123456789123456789LL, 1 };
  for (int m = 0; m < 4; m++) {
    fesetround(modes[m]);
    for (unsigned i = 0; i < sizeof d / sizeof d[0]; i++) {
      float f = (float)d[i];
      long double l = (long double)d[i] / 3.0L;
      printf("m%d %.17g f=%.9g l=%.21Lg rint=%.17g lrint=%ld llrint=%lld nearby=%.17g i=%d\n", m, d[i], f, l,
        rint(d[i]), lrint(d[i] / 1e10), llrint(d[i]), nearbyint(d[i]), (int)d[i]);
    }
    for (unsigned i = 0; i < sizeof big / sizeof big[0]; i++) {
      double x = (double)big[i];
      float y = (float)big[i];
      printf("m%d %lld -> %.17g %.9g back %lld %u\n", m, (long long)big[i], x, y, (long long)x, (unsigned)(x / 1e9));
    }
    volatile double a = 1.0, b = 3.0;
    printf("m%d 1/3=%a 2/3=%a sqrt2=%a\n", m, a / b, (a + a) / b, sqrt(a + a));
  }
  return 0;
}
