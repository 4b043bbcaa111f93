/*
 * alloca: stack allocation whose size is known only at run time. Variable-length arrays and
 * __builtin_alloca move esp by a computed amount (sub %eax,%esp with rounding and and-masks
 * for alignment), force a frame pointer, and free the space on scope exit (the saved esp
 * restored with mov or lea), inside loops and recursion; two-dimensional VLAs index with a
 * multiply by the run-time row length; __builtin_alloca_with_align aligns with and $-N.
 * A frame of 200 KiB is probed page by page under -fstack-clash-protection (or $0,(%esp)
 * in a loop); -mstackrealign realigns main's frame through ecx (lea, and $-16, push -4(%ecx)).
 * extra builds: -O2 -march=i686 -fstack-clash-protection; -O1 -march=i386 -mstackrealign -fno-omit-frame-pointer
 */
#include "feat.h"

NOINLINE static uint32_t vla_sum(unsigned n) {
  uint32_t a[n];
  for (unsigned i = 0; i < n; i++) a[i] = i * i + n;
  uint32_t s = 0;
  for (unsigned i = 0; i < n; i += 3) s += a[i] ^ a[n - 1 - i];
  return s + (uint32_t)sizeof a;
}

/* A VLA in a loop body: allocated and released every iteration. */
NOINLINE static uint32_t vla_loop(unsigned rounds) {
  uint32_t acc = 0;
  for (unsigned r = 1; r <= rounds; r++) {
    unsigned char buf[r * 13 % 97 + 1];
    for (unsigned i = 0; i < sizeof buf; i++) buf[i] = (unsigned char)(i * r + acc);
    for (unsigned i = 0; i < sizeof buf; i++) acc = acc * 31 + buf[i];
  }
  return acc;
}

/* A two-dimensional VLA, and a function taking one. */
NOINLINE static int32_t trace(int n, int m[n][n]) {
  int32_t t = 0;
  for (int i = 0; i < n; i++) t += m[i][i] - m[i][n - 1 - i];
  return t;
}
NOINLINE static uint32_t matrix(int rows, int cols) {
  int32_t m[rows][cols];
  for (int i = 0; i < rows; i++)
    for (int j = 0; j < cols; j++) m[i][j] = (i + 1) * (j - 3) ^ (i << j % 8);
  uint32_t h = 0;
  for (int j = 0; j < cols; j++)
    for (int i = rows - 1; i >= 0; i--) h = h * 17 + (uint32_t)m[i][j];
  int n = rows < cols ? rows : cols;
  int sq[n][n];
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) sq[i][j] = m[i][j];
  return h ^ (uint32_t)trace(n, sq);
}

/* alloca in recursion: each level keeps its block until it returns. */
NOINLINE static uint32_t deep(unsigned level, uint32_t seed) {
  if (level == 0) return seed;
  unsigned n = (seed % 37) + level;
  uint16_t *p = __builtin_alloca(n * sizeof *p);
  for (unsigned i = 0; i < n; i++) p[i] = (uint16_t)(seed >> (i % 16)) + (uint16_t)i;
  uint32_t below = deep(level - 1, seed * 1103515245u + 12345u);
  uint32_t s = below;
  for (unsigned i = 0; i < n; i++) s = (s << 1 | s >> 31) ^ p[i];
  return s;
}

/* alloca in a loop: nothing is freed until the function returns. */
NOINLINE static uint32_t alloca_loop(unsigned count) {
  uint32_t *blocks[64];
  for (unsigned i = 0; i < count; i++) {
    blocks[i] = __builtin_alloca((i % 5 + 1) * sizeof(uint32_t));
    for (unsigned j = 0; j <= i % 5; j++) blocks[i][j] = i * 100 + j;
  }
  uint32_t s = 0;
  for (unsigned i = 0; i < count; i++)
    for (unsigned j = 0; j <= i % 5; j++) s = s * 7 + blocks[i][j];
  return s;
}

/* Aligned blocks: the address's low bits must be zero in both runs. */
NOINLINE static uint32_t aligned(unsigned n) {
  uint32_t low = 0;
  for (unsigned i = 1; i <= n; i++) {
    char *p = __builtin_alloca_with_align(i, 8 * 64);
    char *q = __builtin_alloca_with_align(i * 3, 8 * 16);
    low |= ((uintptr_t)p & 63) | ((uintptr_t)q & 15);
    p[0] = (char)i;
    q[i * 3 - 1] = p[0];
    low += (uint32_t)q[i * 3 - 1];
  }
  return low;
}

/* A VLA of structs, copied whole. */
struct pair { int16_t a; uint8_t b; };
NOINLINE static uint32_t struct_vla(unsigned n) {
  struct pair v[n], w[n];
  for (unsigned i = 0; i < n; i++) v[i] = (struct pair){(int16_t)(i * -311), (uint8_t)(i * 7)};
  __builtin_memcpy(w, v, sizeof v);
  uint32_t s = (uint32_t)sizeof w;
  for (unsigned i = 0; i < n; i++) s = s * 3 + (uint32_t)(w[i].a + w[i].b);
  return s;
}

/* A large frame: sub $0x32000,%esp, probed at each page with -fstack-clash-protection. */
NOINLINE static uint32_t big_frame(unsigned stride) {
  volatile uint8_t block[200 * 1024];
  for (unsigned i = 0; i < sizeof block; i += stride) block[i] = (uint8_t)(i >> 8);
  uint32_t s = 0;
  for (unsigned i = 0; i < sizeof block; i += stride * 3) s = s * 7 + block[i];
  return s;
}

/* A VLA and alloca together, with the VLA's size a run-time multiple of a page. */
NOINLINE static uint32_t vla_pages(unsigned pages) {
  uint32_t v[pages * 1024];
  uint32_t *a = __builtin_alloca(pages * 4096);
  for (unsigned i = 0; i < pages * 1024; i += 97) v[i] = i, a[i] = ~i;
  uint32_t s = 0;
  for (unsigned i = 0; i < pages * 1024; i += 97) s += v[i] ^ a[i];
  return s;
}

int main(void) {
  for (unsigned n = 1; n < 40; n += 3) mix(vla_sum(OPQ(n)));
  section("vla");
  show("vla loop", vla_loop(OPQ(50u)));
  section("vla loop");
  for (int r = 1; r < 9; r++) mix(matrix(OPQ(r), OPQ(11 - r)));
  section("2d vla");
  show("deep", deep(OPQ(40u), 7));
  show("deep2", deep(OPQ(200u), 99));
  section("recursive alloca");
  show("alloca loop", alloca_loop(OPQ(60u)));
  section("alloca loop");
  show("aligned", aligned(OPQ(20u)));
  section("aligned");
  for (unsigned n = 1; n < 12; n++) mix(struct_vla(OPQ(n)));
  section("struct vla");
  show("big frame", big_frame(OPQ(61u)));
  for (unsigned n = 1; n < 40; n += 9) mix(vla_pages(OPQ(n)));
  section("large frames");
  return finish();
}
