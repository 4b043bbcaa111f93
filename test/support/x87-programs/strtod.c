// strtod, strtof and strtold on decimal and hex input, printed exactly.
#include <stdio.h>
#include <stdlib.h>

static const char *in[] = { "0", "-0", "1", "0.1", "3.14159265358979323846264338327950288", "1e308", "1e309",
  "2.2250738585072011e-308", "4.9e-324", "2e-324", "123456789012345678901234567890", "0x1.8p3",
  "-0x1.fffffffffffffp1023", "1.7976931348623157e308", "9007199254740993", "0.000001", "inf", "-nan",
  "1e-400", "6.02214076e23", "  42.5abc" };

int main(void) {
  for (unsigned i = 0; i < sizeof in / sizeof in[0]; i++) {
    char *end;
    double d = strtod(in[i], &end);
    float f = strtof(in[i], 0);
    long double l = strtold(in[i], 0);
    printf("%s -> %.17g %a | %.9g | %.21Lg | rest '%s'\n", in[i], d, d, f, l, end);
  }
  return 0;
}
