/* qsort and bsearch on integers and strings from a seeded generator. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned seed = 12345;
static unsigned next(void) { seed = seed * 1103515245u + 12345u; return seed >> 8; }
static int cmpint(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }
static int cmpstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
  enum { N = 5000 };
  static int v[N];
  for (int i = 0; i < N; i++) v[i] = (int)(next() % 100000) - 50000;
  qsort(v, N, sizeof v[0], cmpint);
  int sorted = 1;
  for (int i = 1; i < N; i++) sorted &= v[i - 1] <= v[i];
  printf("sorted %d, min %d, median %d, max %d\n", sorted, v[0], v[N / 2], v[N - 1]);
  int key = v[1234];
  int *hit = bsearch(&key, v, N, sizeof v[0], cmpint);
  printf("bsearch %d at %d\n", key, hit ? (int)(hit - v) >= 0 : -1);
  static char words[200][12];
  char *p[200];
  for (int i = 0; i < 200; i++) {
    int len = 3 + next() % 8;
    for (int k = 0; k < len; k++) words[i][k] = 'a' + next() % 26;
    words[i][len] = 0;
    p[i] = words[i];
  }
  qsort(p, 200, sizeof p[0], cmpstr);
  for (int i = 0; i < 200; i += 20) printf("%s ", p[i]);
  printf("\n");
  return 0;
}
