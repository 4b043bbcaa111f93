/*
 * feat.h: output helpers shared by the GCC feature programs (test/support/gcc-features/).
 *
 * A program feeds every result to mix(); section() prints the name of the group just
 * finished with its count and hash, so a difference between two runs names the group.
 * show() prints one value too. Output is buffered and written by finish(), which main returns:
 * it writes the number of groups to stderr and exits with six bits of a hash of all of them,
 * so that stderr and the exit status are compared too.
 * OPQ(x) hides a value from the optimiser (an empty asm that may change it), so that results
 * are computed at run time, by the instructions under test, instead of folded by GCC.
 */
#ifndef FEAT_H
#define FEAT_H
#include "sys.h"

#define OPQ(x)                        \
  ({                                  \
    __auto_type opq_v = (x);      \
    __asm__("" : "+rm"(opq_v));       \
    opq_v;                            \
  })
#define NOINLINE __attribute__((noinline, noclone))
#define UNUSED __attribute__((unused))
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static char feat_buf[2048];
static unsigned feat_len;
static uint32_t feat_hash = 2166136261u;
static uint32_t feat_count;
static uint32_t feat_total, feat_sections;

static UNUSED void flush_out(void) {
  if (feat_len) write_all(STDOUT, feat_buf, feat_len);
  feat_len = 0;
}
static UNUSED void put_c(char c) {
  if (feat_len == sizeof feat_buf) flush_out();
  feat_buf[feat_len++] = c;
}
static UNUSED void put_s(const char *s) {
  while (*s) put_c(*s++);
}
static UNUSED void put_hex(uint32_t v) {
  for (int i = 28; i >= 0; i -= 4) put_c("0123456789abcdef"[(v >> i) & 15]);
}
static UNUSED void mix(uint32_t v) {
  for (int i = 0; i < 4; i++) {
    feat_hash ^= (v >> (8 * i)) & 255;
    feat_hash *= 16777619u;
  }
  feat_count++;
}
static UNUSED void mix64(uint64_t v) {
  mix((uint32_t)v);
  mix((uint32_t)(v >> 32));
}
static UNUSED void show(const char *label, uint32_t v) {
  put_s(label);
  put_s(" ");
  put_hex(v);
  put_c('\n');
  mix(v);
}
static UNUSED void show64(const char *label, uint64_t v) {
  put_s(label);
  put_s(" ");
  put_hex((uint32_t)(v >> 32));
  put_hex((uint32_t)v);
  put_c('\n');
  mix64(v);
}
static UNUSED void section(const char *name) {
  put_s(name);
  put_s(": ");
  put_hex(feat_count);
  put_s(" values, hash ");
  put_hex(feat_hash);
  put_c('\n');
  feat_total = (feat_total ^ feat_hash) * 16777619u;
  feat_sections++;
  feat_hash = 2166136261u;
  feat_count = 0;
}
static UNUSED int finish(void) {
  flush_out();
  char line[] = "00 groups\n";
  line[0] = (char)('0' + feat_sections / 10 % 10);
  line[1] = (char)('0' + feat_sections % 10);
  eprint(line);
  return (int)(feat_total >> 26);
}
#endif
