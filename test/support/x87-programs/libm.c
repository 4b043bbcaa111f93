// libm in double, float and long double, over a sweep of arguments, and lrint/rint under each
// rounding mode: every result printed exactly (%a).
#include <stdio.h>
#include <math.h>
#include <fenv.h>

int main(void) {
  for (int i = -20; i <= 20; i++) {
    volatile double x = i * 0.37 + 0.001 * i * i, y = 1.5 - i * 0.11;
    double ax = fabs(x) + 0.25;
    printf("%d %a %a %a %a %a %a %a\n", i, sin(x), cos(x), tan(x), exp(x), log(ax), pow(ax, y), atan2(x, y));
    printf("  %a %a %a %a %a %a %a\n", atan(x), asin(x / 8), acos(x / 8), sinh(x / 2), cosh(x / 2), tanh(x), log10(ax));
    printf("  %a %a %a %a %a %a %a\n", log2(ax), exp2(x), expm1(x / 4), log1p(ax), cbrt(x), hypot(x, y), fmod(x, y));
    printf("  %a %a %a %a\n", (double)sinf((float)x), (double)expf((float)x), (double)logf((float)ax), (double)powf((float)ax, 1.5f));
    printf("  %La %La %La %La\n", expl((long double)x), logl((long double)ax), powl((long double)ax, y), atan2l(x, y));
  }
  static const int modes[] = { FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO };
  for (int m = 0; m < 4; m++) {
    fesetround(modes[m]);
    volatile double v = -3.5;
    for (int k = 0; k < 8; k++, v += 0.875)
      printf("m%d %a rint=%a lrint=%ld floor=%a ceil=%a round=%a exp=%a log=%a\n", m, v, rint(v), lrint(v), floor(v),
        ceil(v), round(v), exp(v), log(fabs(v) + 1));
  }
  fesetround(FE_TONEAREST);
  int e;
  double fr = frexp(1234.5, &e), ip, fp = modf(-7.25, &ip);
  printf("frexp %a %d ldexp %a modf %a %a\n", fr, e, ldexp(fr, e), fp, ip);
  return 0;
}
