/* strings: the x86 string instructions, as GCC emits them (struct copies and initialisers,
   __builtin_memcpy/__builtin_memset of known sizes, which become rep movs/rep stos) and as
   hand-written inline asm (rep movsb/movsd, rep stosb/stosd, repe cmpsb, repne scasb, and
   a backward std; rep movsb in memmove). Every result is checked against a formula or a
   plain C loop, including the final esi/edi/ecx and the bytes around the destination. */
#include "sys.h"

#ifndef STRINGS_MAXLEN
#define STRINGS_MAXLEN 260 /* longest copy in the length sweeps */
#endif
#define GUARD 16
#define BUFSZ (STRINGS_MAXLEN + 2 * GUARD + 8)

static uint8_t src[BUFSZ], dst[BUFSZ];

/* Byte i of pattern `seed`: a cheap hash so that shifted copies are easy to tell apart. */
static uint8_t pattern(uint32_t i, uint32_t seed) {
  return (uint8_t)((i * 2654435761u + seed * 40503u) >> 13);
}

static void fill_pattern(uint8_t *p, size_t n, uint32_t seed) {
  for (size_t i = 0; i < n; i++)
    p[i] = pattern(i, seed);
}

static void check_pattern(const uint8_t *p, size_t from, size_t to, uint32_t seed,
                          const char *what) {
  for (size_t i = from; i < to; i++)
    if (p[i] != pattern(i, seed))
      fail(what);
}

/* ---- hand-written string instructions; each returns the final edi ---- */

static uint8_t *rep_movsb(void *d, const void *s, size_t n, const void **s_end) {
  __asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
  if (n != 0)
    fail("rep movsb left ecx non-zero");
  *s_end = s;
  return d;
}

static uint8_t *rep_movsd(void *d, const void *s, size_t dwords) {
  __asm__ volatile("rep movsl" : "+D"(d), "+S"(s), "+c"(dwords) : : "memory");
  return d;
}

static uint8_t *rep_stosb(void *d, uint8_t v, size_t n) {
  __asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(v) : "memory");
  return d;
}

static uint8_t *rep_stosd(void *d, uint32_t v, size_t dwords) {
  __asm__ volatile("rep stosl" : "+D"(d), "+c"(dwords) : "a"(v) : "memory");
  return d;
}

/* Index of the first byte where a and b differ, or n: repe cmpsb stops one past it. */
static size_t repe_cmpsb(const void *a, const void *b, size_t n) {
  size_t left = n;
  uint8_t differ = 0;
  if (n == 0)
    return 0; /* with ecx = 0 nothing is compared and the flags are stale */
  __asm__ volatile("repe cmpsb\n\tsetne %3"
                   : "+S"(a), "+D"(b), "+c"(left), "=q"(differ)
                   :
                   : "memory", "cc");
  return differ ? n - left - 1 : n;
}

/* strlen with repne scasb: ecx counts down from -1 past the terminating zero. */
static size_t repne_scasb_strlen(const char *s) {
  size_t c = (size_t)-1;
  __asm__ volatile("repne scasb" : "+D"(s), "+c"(c) : "a"(0) : "memory", "cc");
  return ~c - 1;
}

/* ---- checks ---- */

static uint32_t checks;

static void expect(int ok, const char *what) {
  if (!ok)
    fail(what);
  checks++;
}

static void sweep_movsb(void) {
  fill_pattern(src, BUFSZ, 1);
  fill_pattern(dst, BUFSZ, 2);
  for (uint32_t off = 0; off < 8; off++)
    for (uint32_t len = 0; len <= STRINGS_MAXLEN; len++) {
      uint32_t at = GUARD + off; /* the destination is misaligned by off, like the source */
      const void *s_end;
      uint8_t *d_end = rep_movsb(dst + at, src + off, len, &s_end);
      expect(d_end == dst + at + len && s_end == src + off + len, "rep movsb edi/esi");
      for (uint32_t i = 0; i < len; i++)
        if (dst[at + i] != pattern(off + i, 1))
          fail("rep movsb data");
      check_pattern(dst, at - GUARD, at, 2, "rep movsb wrote before the destination");
      check_pattern(dst, at + len, at + len + GUARD, 2, "rep movsb wrote past the destination");
      for (uint32_t i = at; i < at + len; i++) /* restore for the next round */
        dst[i] = pattern(i, 2);
    }
}

static void sweep_movsd_stos(void) {
  for (uint32_t dwords = 0; dwords <= STRINGS_MAXLEN / 4; dwords++) {
    fill_pattern(src, BUFSZ, 3);
    fill_pattern(dst, BUFSZ, 4);
    uint32_t n = dwords * 4;
    expect(rep_movsd(dst + GUARD, src, dwords) == dst + GUARD + n, "rep movsd edi");
    for (uint32_t i = 0; i < n; i++)
      if (dst[GUARD + i] != pattern(i, 3))
        fail("rep movsd data");
    check_pattern(dst, GUARD + n, BUFSZ, 4, "rep movsd wrote past the destination");

    expect(rep_stosd(dst + GUARD + 1, 0xA1B2C3D4u, dwords) == dst + GUARD + 1 + n,
           "rep stosd edi");
    for (uint32_t i = 0; i < n; i++)
      if (dst[GUARD + 1 + i] != (uint8_t)(0xA1B2C3D4u >> (8 * (i & 3))))
        fail("rep stosd data");
    check_pattern(dst, GUARD + 1 + n, BUFSZ, 4, "rep stosd wrote past the destination");

    expect(rep_stosb(dst + 3, 0x5A, n + 1) == dst + 4 + n, "rep stosb edi");
    for (uint32_t i = 0; i <= n; i++)
      if (dst[3 + i] != 0x5A)
        fail("rep stosb data");
    check_pattern(dst, 0, 3, 4, "rep stosb wrote before the destination");
  }
}

/* Overlaps: rep movsb copies one byte at a time, so a forward copy onto src + k repeats
   the first k bytes; memmove (std; rep movsb) must instead preserve the source. */
static void overlaps(void) {
  for (uint32_t k = 1; k <= 9; k++) {
    fill_pattern(dst, BUFSZ, 5);
    const void *s_end;
    rep_movsb(dst + k, dst, 100, &s_end);
    for (uint32_t i = 0; i < 100 + k; i++)
      if (dst[i] != pattern(i % k, 5))
        fail("overlapping rep movsb did not repeat the pattern");
    checks++;

    fill_pattern(dst, BUFSZ, 6);
    memmove(dst + k, dst, 100); /* backwards: dst above src */
    for (uint32_t i = 0; i < 100; i++)
      if (dst[k + i] != pattern(i, 6))
        fail("memmove up");
    checks++;

    fill_pattern(dst, BUFSZ, 7);
    memmove(dst, dst + k, 100); /* forwards: dst below src */
    for (uint32_t i = 0; i < 100; i++)
      if (dst[i] != pattern(k + i, 7))
        fail("memmove down");
    checks++;
  }
}

static void compares(void) {
  fill_pattern(src, BUFSZ, 8);
  fill_pattern(dst, BUFSZ, 8);
  for (uint32_t n = 0; n <= STRINGS_MAXLEN; n += 7)
    expect(repe_cmpsb(src, dst, n) == n && memcmp(src, dst, n) == 0, "equal buffers");
  for (uint32_t at = 0; at < STRINGS_MAXLEN; at += 5) {
    dst[at] ^= 0x80;
    expect(repe_cmpsb(src, dst, STRINGS_MAXLEN) == at, "repe cmpsb mismatch index");
    int c = memcmp(src, dst, STRINGS_MAXLEN);
    expect(c != 0 && (c < 0) == (src[at] < dst[at]), "memcmp sign");
    dst[at] ^= 0x80;
  }
}

static void scans(void) {
  for (uint32_t len = 0; len < STRINGS_MAXLEN; len += 3) {
    rep_stosb(src, 'x', len);
    src[len] = 0;
    expect(repne_scasb_strlen((const char *)src) == len && strlen((const char *)src) == len,
           "strlen");
  }
}

/* ---- what GCC emits by itself ---- */

struct record {
  uint32_t id;
  char name[28];
  uint32_t values[40];
}; /* 192 bytes: copied with rep movsl or a memcpy call, depending on -O and -march */

static struct record records[8];

static struct record make_record(uint32_t id) {
  struct record r = {0};
  r.id = id;
  for (int i = 0; i < 27; i++)
    r.name[i] = (char)('a' + (id + i) % 26);
  for (int i = 0; i < 40; i++)
    r.values[i] = id * 1000 + i;
  return r;
}

static void gcc_string_ops(void) {
  for (uint32_t i = 0; i < 8; i++)
    records[i] = make_record(i);
  struct record copy = records[5];
  expect(copy.id == 5 && copy.values[39] == 5039 && copy.name[0] == 'f' && copy.name[27] == 0,
         "struct copy");

  uint32_t big[256];
  __builtin_memset(big, 0xC3, sizeof big);
  expect(big[0] == 0xC3C3C3C3u && big[255] == 0xC3C3C3C3u, "__builtin_memset");
  __builtin_memcpy(big, records, sizeof big < sizeof records ? sizeof big : sizeof records);
  expect(big[0] == 0 && big[48] == 1, "__builtin_memcpy");
}

int main(void) {
  sweep_movsb();
  print("rep movsb: ok\n");
  sweep_movsd_stos();
  print("rep movsd, rep stosd, rep stosb: ok\n");
  overlaps();
  print("overlapping rep movsb, memmove: ok\n");
  compares();
  print("repe cmpsb, memcmp: ok\n");
  scans();
  print("repne scasb, strlen: ok\n");
  gcc_string_ops();
  print("struct copies, memset, memcpy: ok\n");
  print("strings: ");
  print_u32(checks);
  print(" checks passed\n");
  return 0;
}
