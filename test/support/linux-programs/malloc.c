/* malloc, calloc, realloc and free, small and large (glibc maps large blocks with mmap2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned sum(const unsigned char *p, size_t n) {
  unsigned s = 0;
  for (size_t i = 0; i < n; i++) s = s * 31 + p[i];
  return s;
}

int main(void) {
  void *small[500];
  for (int i = 0; i < 500; i++) {
    small[i] = malloc(1 + (i * 37) % 300);
    memset(small[i], i & 0xff, 1 + (i * 37) % 300);
  }
  unsigned s = 0;
  for (int i = 0; i < 500; i += 2) { s += sum(small[i], 1 + (i * 37) % 300); free(small[i]); }
  for (int i = 1; i < 500; i += 2) { s += sum(small[i], 1 + (i * 37) % 300); free(small[i]); }
  printf("small %u\n", s);
  for (int round = 0; round < 6; round++) {
    size_t n = (size_t)(200000 + round * 150000);
    unsigned char *big = malloc(n);
    if (!big) { puts("big: out of memory"); return 1; }
    for (size_t i = 0; i < n; i += 4096) big[i] = (unsigned char)(i >> 12);
    unsigned char *z = calloc(n / 4, 4);
    size_t nonzero = 0;
    for (size_t i = 0; i < n; i++) nonzero += z[i] != 0;
    printf("big %zu: sum %u, calloc nonzero %zu\n", n, sum(big, n), nonzero);
    free(z);
    free(big);
  }
  char *r = malloc(10);
  strcpy(r, "realloc");
  for (int i = 0; i < 12; i++) r = realloc(r, 10 << i);
  printf("%s survives growing to %d\n", r, 10 << 11);
  free(r);
  return 0;
}
