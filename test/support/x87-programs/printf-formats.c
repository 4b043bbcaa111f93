// printf of doubles and long doubles in every conversion glibc and musl offer.
#include <stdio.h>
#include <float.h>

int main(void) {
  volatile double v[] = { 0.0, -0.0, 1.0, 0.1, 1.0 / 3.0, 2.5, -1234.5678, 1e300, 2.5e-300, 4.9e-324,
    DBL_MAX, DBL_MIN, 123456789.0, 0.5, 1.5, 1e-5, 9.999999e22, 3.141592653589793 };
  for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++)
    printf("%f|%g|%e|%.17g|%a|%.3f|%10.4e|%-12g|%+.0f\n", v[i], v[i], v[i], v[i], v[i], v[i], v[i], v[i], v[i]);
  volatile long double l[] = { 1.0L / 7.0L, -2.0L / 3.0L, 1e4000L, 1e-4000L, LDBL_MAX, LDBL_MIN, 0.1L };
  for (unsigned i = 0; i < sizeof l / sizeof l[0]; i++)
    printf("%Lf|%Lg|%Le|%.21Lg|%La\n", l[i], l[i], l[i], l[i], l[i]);
  volatile float f = 1.0f / 3.0f;
  printf("%.9g %a %f\n", f, f, f * 1e10f);
  return 0;
}
