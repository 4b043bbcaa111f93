/* An x87-heavy libm loop for scripts/measure-x87.mjs: exp, log, pow, atan2, sqrt and floor on
   doubles (glibc's i386 libm runs them on the x87: f2xm1, fyl2x, fpatan, fsqrt, frndint, fscale),
   summed so that nothing is optimized away. */
#include <math.h>
#include <stdio.h>

int main(void) {
  double acc = 0;
  for (int i = 1; i <= 200000; i++) {
    double x = i * 0.0001;
    acc += exp(-x) + log(x + 1) + pow(x, 1.3) + atan2(x, 3.0) + sqrt(x) + floor(x * 7.5);
  }
  printf("%.17g\n", acc);
  return 0;
}
