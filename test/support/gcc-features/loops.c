/*
 * loops: loop shapes under -funroll-loops, -funroll-all-loops and -fpeel-loops, and with
 * and without a frame pointer. Unrolled bodies index memory with constant displacements
 * and exit through a computed entry (a Duff's-device-like jump into the unrolled body or a
 * remainder loop); __builtin_expect moves cold paths out of line; counted loops run down
 * to zero (dec/jnz), nested loops, early exits, loops over 64-bit counters, a loop whose
 * count is zero, reversed and strided walks, and a reduction with several accumulators.
 * extra builds: -O2 -march=i686 -funroll-loops; -O3 -march=i686 -funroll-all-loops -fno-omit-frame-pointer; -O1 -march=i386 -fno-omit-frame-pointer -funroll-loops; -Os -march=i686 -fomit-frame-pointer -fpeel-loops
 */
#include "feat.h"

static uint32_t data[1024];

NOINLINE static void fill(uint32_t seed) {
  for (unsigned i = 0; i < COUNT(data); i++) {
    seed = seed * 1103515245u + 12345u;
    data[i] = seed >> 7;
  }
}

NOINLINE static uint32_t sum_n(const uint32_t *p, unsigned n) {
  uint32_t s = 0;
  for (unsigned i = 0; i < n; i++) s += p[i];
  return s;
}

NOINLINE static uint32_t dot(const uint32_t *a, const uint32_t *b, unsigned n) {
  uint32_t s = 0;
  for (unsigned i = 0; i < n; i++) s += a[i] * b[n - 1 - i];
  return s;
}

NOINLINE static uint32_t strided(unsigned stride, unsigned n) {
  uint32_t x = 0;
  for (unsigned i = 0; i < n; i += stride) x ^= data[i] + i;
  for (int i = (int)n - 1; i >= 0; i -= (int)stride + 1) x = x * 3 + data[i];
  return x;
}

NOINLINE static int find(const uint32_t *p, unsigned n, uint32_t key) {
  for (unsigned i = 0; i < n; i++) {
    if (__builtin_expect(p[i] == key, 0)) return (int)i;
  }
  return -1;
}

NOINLINE static uint32_t checked(const uint32_t *p, unsigned n) {
  uint32_t s = 0;
  for (unsigned i = 0; i < n; i++) {
    if (__builtin_expect(p[i] > 0x1fffff0u, 0)) {
      s += 0x1000; /* cold */
      continue;
    }
    if (__builtin_expect_with_probability(p[i] & 1, 1, 0.9)) s += p[i] >> 3;
    else s ^= p[i];
  }
  return s;
}

/* Four accumulators, as after unrolling a reduction by hand. */
NOINLINE static uint32_t reduce(const uint32_t *p, unsigned n) {
  uint32_t a = 0, b = 0, c = 0, d = 0;
  unsigned i = 0;
  for (; i + 4 <= n; i += 4) {
    a += p[i];
    b ^= p[i + 1];
    c += p[i + 2] >> 1;
    d = d * 3 + p[i + 3];
  }
  for (; i < n; i++) a -= p[i];
  return a ^ b ^ c ^ d;
}

/* Matrix multiply of 12x12 ints: three nested loops. */
NOINLINE static uint32_t matmul(unsigned n) {
  static int32_t m[12][12], r[12][12];
  for (unsigned i = 0; i < 12; i++)
    for (unsigned j = 0; j < 12; j++) m[i][j] = (int32_t)(data[i * 12 + j] % 201) - 100;
  for (unsigned k = 0; k < n; k++)
    for (unsigned i = 0; i < 12; i++)
      for (unsigned j = 0; j < 12; j++) {
        int32_t s = 0;
        for (unsigned t = 0; t < 12; t++) s += m[i][t] * m[t][j];
        r[i][j] = s;
      }
  uint32_t h = 0;
  for (unsigned i = 0; i < 12; i++)
    for (unsigned j = 0; j < 12; j++) h = h * 31 + (uint32_t)r[i][j];
  return h;
}

NOINLINE static uint64_t wide_counter(uint64_t start, uint64_t end) {
  uint64_t s = 0;
  for (uint64_t i = start; i != end; i++) s += i ^ (i >> 3);
  return s;
}

/* A do-while counting down to zero, and a while loop that may not run. */
NOINLINE static uint32_t countdown(unsigned n) {
  uint32_t x = 1;
  if (n) do { x = x * 5 + n; } while (--n);
  while (n < 3) x += ++n;
  return x;
}

/* Insertion sort: a nested loop with a data-dependent inner exit. */
NOINLINE static uint32_t isort(unsigned n) {
  uint32_t a[200];
  for (unsigned i = 0; i < n; i++) a[i] = data[i * 3] % 1000;
  for (unsigned i = 1; i < n; i++) {
    uint32_t v = a[i];
    unsigned j = i;
    while (j > 0 && a[j - 1] > v) { a[j] = a[j - 1]; j--; }
    a[j] = v;
  }
  uint32_t h = 0;
  for (unsigned i = 0; i < n; i++) h = h * 7 + a[i];
  return h;
}

int main(void) {
  fill(OPQ(1u));
  for (unsigned n = 0; n < 40; n++) mix(sum_n(data, OPQ(n)));
  mix(sum_n(data + 1, OPQ(1000u)));
  section("sums");
  for (unsigned n = 0; n < 20; n++) mix(dot(data, data + 100, OPQ(n * 7)));
  section("dot");
  for (unsigned s = 1; s < 9; s++) mix(strided(OPQ(s), OPQ(1000u)));
  section("strided");
  mix((uint32_t)find(data, 1024, OPQ(data[777])));
  mix((uint32_t)find(data, 1024, OPQ(0u)));
  mix(checked(data, OPQ(1024u)));
  section("expect");
  for (unsigned n = 0; n < 12; n++) mix(reduce(data + n, OPQ(n * 13)));
  section("reduce");
  show("matmul", matmul(OPQ(3u)));
  show64("wide counter", wide_counter(OPQ(0xfffffe00ull), OPQ(0x100000400ull)));
  show("countdown", countdown(OPQ(17u)));
  show("countdown0", countdown(OPQ(0u)));
  show("isort", isort(OPQ(200u)));
  section("nested");
  return finish();
}
