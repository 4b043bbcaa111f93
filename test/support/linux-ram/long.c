/* The program src/node/linux-ram.ts measures (README, Standard binaries): a glibc program at
 * 0x08048000 that runs long enough (156 M cycles) for a dmr hot swap to resync. */
#include <stdio.h>
#include <stdlib.h>
int main(void) {
  unsigned n = 3000000, *v = malloc(n * sizeof *v), s = 1;
  for (unsigned r = 0; r < 6; r++)
    for (unsigned i = 0; i < n; i++) { s = s * 1103515245u + 12345u; v[i] ^= s >> 3; }
  unsigned t = 0;
  for (unsigned i = 0; i < n; i++) t += v[i];
  printf("%u\n", t);
  return 0;
}
