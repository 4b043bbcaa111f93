// Floating-point loops: a Mandelbrot grid, Newton's square roots, compensated summation, and
// long double accumulation; the result of every step feeds the next.
#include <stdio.h>
#include <math.h>

int main(void) {
  for (int y = -12; y <= 12; y++) {
    for (int x = -39; x <= 20; x++) {
      double cr = x / 20.0, ci = y / 10.0, zr = 0, zi = 0;
      int n = 0;
      while (n < 200 && zr * zr + zi * zi < 4.0) { double t = zr * zr - zi * zi + cr; zi = 2 * zr * zi + ci; zr = t; n++; }
      putchar(" .:-=+*#%@"[n % 10]);
    }
    putchar('\n');
  }
  for (int k = 2; k < 40; k += 7) {
    double r = k;
    for (int i = 0; i < 8; i++) r = 0.5 * (r + k / r);
    printf("newton %d %.17g %.17g\n", k, r, r - sqrt((double)k));
  }
  double s = 0, c = 0, naive = 0;
  long double ls = 0;
  for (int i = 1; i <= 100000; i++) {
    double v = 1.0 / ((double)i * i);
    double yv = v - c, t = s + yv;
    c = (t - s) - yv; s = t; naive += v; ls += 1.0L / ((long double)i * i);
  }
  printf("sum %.17g %.17g %.21Lg\n", s, naive, ls);
  printf("fmod %.17g %.17g %.17g\n", fmod(10.5, 3.2), fmod(-1e10, 7.0), remainder(10.5, 3.2));
  printf("floor %.17g ceil %.17g round %.17g trunc %.17g\n", floor(-2.5), ceil(2.0000001), round(-0.5), trunc(1e15 + 0.5));
  printf("frexp/ldexp %.17g %.17g\n", ldexp(0.75, 1000), scalbn(1.0, -1074));
  return 0;
}
