/* qsort: quicksort of QSORT_N signed ints from a seeded LCG: recursion, signed compares,
   array indexing, swaps. Self-check: the result is sorted and holds the same values
   (sum and xor unchanged). Prints a position-weighted checksum of the sorted array. */
#include "sys.h"

#ifndef QSORT_N
#define QSORT_N 10000
#endif

static int32_t a[QSORT_N];

static void swap(int32_t *p, int32_t *q) {
  int32_t t = *p;
  *p = *q;
  *q = t;
}

static void insertion_sort(int32_t *v, int n) {
  for (int i = 1; i < n; i++) {
    int32_t x = v[i];
    int j = i;
    for (; j > 0 && v[j - 1] > x; j--)
      v[j] = v[j - 1];
    v[j] = x;
  }
}

/* Hoare partition around the median of three; recurse into the smaller side and loop on
   the larger, so the stack stays O(log n) deep. */
static void quicksort(int32_t *v, int n) {
  while (n > 16) {
    int m = n / 2;
    if (v[m] < v[0])
      swap(&v[m], &v[0]);
    if (v[n - 1] < v[0])
      swap(&v[n - 1], &v[0]);
    if (v[n - 1] < v[m])
      swap(&v[n - 1], &v[m]);
    int32_t pivot = v[m];
    int i = -1, j = n;
    for (;;) {
      do i++; while (v[i] < pivot);
      do j--; while (v[j] > pivot);
      if (i >= j)
        break;
      swap(&v[i], &v[j]);
    }
    int left = j + 1; /* v[0..j] <= pivot <= v[j+1..n-1] */
    if (left < n - left) {
      quicksort(v, left);
      v += left;
      n -= left;
    } else {
      quicksort(v + left, n - left);
      n = left;
    }
  }
  insertion_sort(v, n);
}

int main(void) {
  uint32_t x = 42, sum = 0, xor = 0;
  for (int i = 0; i < QSORT_N; i++) {
    x = x * 1103515245u + 12345u;
    a[i] = (int32_t)x;
    sum += x;
    xor ^= x;
  }

  quicksort(a, QSORT_N);

  uint32_t sum2 = 0, xor2 = 0, check = 0;
  for (int i = 0; i < QSORT_N; i++) {
    if (i > 0 && a[i - 1] > a[i])
      fail("not sorted");
    sum2 += (uint32_t)a[i];
    xor2 ^= (uint32_t)a[i];
    check = check * 31 + (uint32_t)a[i];
  }
  if (sum2 != sum || xor2 != xor)
    fail("values lost or duplicated");

  print("qsort ");
  print_u32(QSORT_N);
  print(" ints: sorted, min ");
  print_i32(a[0]);
  print(" max ");
  print_i32(a[QSORT_N - 1]);
  print(" checksum ");
  print_hex32(check);
  print("\n");
  return 0;
}
