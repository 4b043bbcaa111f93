/*
 * strmem: the string and memory builtins GCC expands inline. Copies, fills and compares of
 * constant size become mov sequences, rep movsl/movsb or rep stosl (with the remainder in
 * movsw/movsb), -minline-all-stringops and -mstringop-strategy pick other expansions for
 * run-time sizes (loops, unrolled loops, rep movsb), strlen becomes repnz scasb at -Os or a
 * word-at-a-time loop, memcmp of a few bytes becomes loads and bswap/sub or repz cmpsb.
 * Overlapping memmove runs backwards (std; rep movsb; cld in lib/sys.c).
 * extra builds: -O2 -march=i686 -minline-all-stringops; -O3 -march=i686 -mstringop-strategy=rep_byte -minline-all-stringops; -O2 -march=i686 -mstringop-strategy=unrolled_loop -minline-all-stringops; -Os -march=i386 -mstringop-strategy=rep_4byte -minline-all-stringops
 */
#include "feat.h"

/* -ffreestanding: GCC may still emit calls to these when it does not expand a builtin. */
char *strcpy(char *d, const char *s) {
  char *r = d;
  while ((*d++ = *s++)) {}
  return r;
}
int strcmp(const char *a, const char *b) {
  while (*a && *a == *b) a++, b++;
  return (unsigned char)*a - (unsigned char)*b;
}
int strncmp(const char *a, const char *b, size_t n) {
  for (; n; n--, a++, b++)
    if (*a != *b || !*a) return (unsigned char)*a - (unsigned char)*b;
  return 0;
}
char *strchr(const char *s, int c) {
  for (;; s++) {
    if (*s == (char)c) return (char *)s;
    if (!*s) return 0;
  }
}
void *memchr(const void *p, int c, size_t n) {
  const unsigned char *s = p;
  for (; n; n--, s++)
    if (*s == (unsigned char)c) return (void *)s;
  return 0;
}

static uint8_t src[600], dst[600];

static uint32_t hash(const void *p, unsigned n) {
  const uint8_t *b = p;
  uint32_t h = n;
  for (unsigned i = 0; i < n; i++) h = (h ^ b[i]) * 16777619u;
  return h;
}

static void reset(void) {
  for (unsigned i = 0; i < sizeof src; i++) src[i] = (uint8_t)(i * 7 + 1), dst[i] = (uint8_t)(i ^ 0xa5);
}

/* Constant sizes: each call is expanded on its own. */
#define COPY(n, off) do { __builtin_memcpy(dst + (off), src + OPQ(3u), n); mix(hash(dst, 80)); } while (0)
#define FILL(n, off, v) do { __builtin_memset(dst + (off), OPQ(v), n); mix(hash(dst, 80)); } while (0)
NOINLINE static void constant_sizes(void) {
  reset();
  COPY(1, 0); COPY(2, 1); COPY(3, 2); COPY(4, 3); COPY(5, 4); COPY(7, 5); COPY(8, 6); COPY(12, 7);
  COPY(15, 0); COPY(16, 1); COPY(17, 2); COPY(31, 3); COPY(32, 4); COPY(33, 5); COPY(63, 6); COPY(64, 7);
  FILL(1, 1, 0x11); FILL(3, 2, 0x22); FILL(4, 3, 0x33); FILL(6, 5, 0x44); FILL(9, 9, 0x55); FILL(16, 11, 0x66);
  FILL(31, 13, 0x77); FILL(40, 0, 0); FILL(65, 3, 0xff);
  /* Aligned copies of whole words, as struct copies do. */
  uint32_t a[40], b[40];
  for (unsigned i = 0; i < 40; i++) a[i] = OPQ(i * 0x01020304u);
  __builtin_memcpy(b, a, sizeof a);
  mix(hash(b, sizeof b));
  __builtin_memset(b, 0, 100);
  mix(hash(b, sizeof b));
  __builtin_memset(b + 1, -1, 57);
  mix(hash(b, sizeof b));
}

/* Run-time sizes and offsets: rep movs/stos or loops, depending on the strategy. */
NOINLINE static void variable_sizes(void) {
  reset();
  for (unsigned n = 0; n < 300; n += 13)
    for (unsigned off = 0; off < 8; off += 3) {
      __builtin_memcpy(dst + off, src + (n & 7), n);
      mix(hash(dst, 320));
      __builtin_memset(dst + n / 2, (int)(n + off), n / 3 + off);
      mix(hash(dst, 320));
    }
}

NOINLINE static void moves(void) {
  reset();
  for (unsigned n = 1; n < 200; n += 17) {
    __builtin_memmove(src + 5, src + 5 + n % 9, n); /* forwards */
    __builtin_memmove(src + 10 + n % 11, src + 10, n); /* backwards */
    mix(hash(src, 260));
  }
}

NOINLINE static void compares(void) {
  static const char *const words[] = {"", "a", "ab", "abc", "abd", "abcd", "b", "\x80", "\x7f", "zzzzzzzzzzzzzzzzzzzzzzzz", "zzzzzzzzzzzzzzzzzzzzzzzy", "hello, world"};
  for (unsigned i = 0; i < COUNT(words); i++) {
    const char *a = OPQ(words[i]);
    mix((uint32_t)__builtin_strlen(a));
    for (unsigned j = 0; j < COUNT(words); j++) {
      const char *b = OPQ(words[j]);
      int c = __builtin_strcmp(a, b);
      mix((uint32_t)((c > 0) - (c < 0)));
      c = __builtin_memcmp(a, b, 1);
      mix((uint32_t)((c > 0) - (c < 0)));
      unsigned n = __builtin_strlen(a) < __builtin_strlen(b) ? __builtin_strlen(a) : __builtin_strlen(b);
      c = __builtin_memcmp(a, b, n);
      mix((uint32_t)((c > 0) - (c < 0)));
    }
    const char *p = __builtin_strchr(a, 'b');
    mix(p ? (uint32_t)(p - a) : 0xffffffffu);
    p = __builtin_memchr(a, 'z', __builtin_strlen(a));
    mix(p ? (uint32_t)(p - a) : 0xffffffffu);
  }
  /* Constant strings against a run-time one: compared inline. */
  const char *s = OPQ("abcdefgh");
  mix(__builtin_memcmp(s, "abcd", 4) == 0);
  mix(__builtin_memcmp(s, "abce", 4) < 0);
  mix(__builtin_strcmp(s, "abcdefgh") == 0);
  mix(__builtin_strncmp(s, "abcx", 3) == 0);
  char buf[32];
  __builtin_strcpy(buf, "constant string!");
  mix(hash(buf, 17));
  __builtin_strcpy(buf + 3, s);
  mix(hash(buf, 12));
}

/* Loops GCC recognises as memset/memcpy (loop distribution) or keeps as loops. */
NOINLINE static void idioms(unsigned n) {
  uint32_t w[128];
  for (unsigned i = 0; i < n; i++) w[i] = 0;
  for (unsigned i = n; i < 128; i++) w[i] = i;
  mix(hash(w, sizeof w));
  for (unsigned i = 0; i < n; i++) w[i] = w[i + 128 - n];
  mix(hash(w, sizeof w));
  uint8_t c[200];
  for (unsigned i = 0; i < sizeof c; i++) c[i] = (uint8_t)(i < n ? 0xab : i);
  mix(hash(c, sizeof c));
}

/* Large blocks: a rep movs or stos of tens of thousands of iterations, which a lockstep
   comparison epoch ends in the middle of. */
static uint32_t large_a[24 * 1024], large_b[24 * 1024];
NOINLINE static void large(unsigned n) {
  if (n < 8 || n > sizeof large_a) return;
  for (unsigned i = 0; i < n / 4; i += 37) large_a[i] = i * 0x9e3779b9u;
  __builtin_memcpy(large_b, large_a, n);
  mix(hash(large_b, n));
  __builtin_memset((uint8_t *)large_b + 3, (int)n, n - 7);
  mix(hash(large_b, n));
  __builtin_memmove((uint8_t *)large_a + 1, large_a, n - 1);
  mix(hash(large_a, n));
  __builtin_memcpy(large_b, large_a, sizeof large_a); /* constant size: rep movsl inline */
  mix(hash(large_b + 1000, 4000));
}

int main(void) {
  constant_sizes();
  section("constant sizes");
  variable_sizes();
  section("variable sizes");
  moves();
  section("memmove");
  compares();
  section("compares");
  idioms(OPQ(50u));
  idioms(OPQ(128u));
  section("idioms");
  large(OPQ(70001u));
  section("large");
  return finish();
}
