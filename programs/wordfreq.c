/* wordfreq: string-heavy work in plain C byte loops. Generates WORDFREQ_N words of text from a
   syllable table, splits it into words, counts each word in an open-addressing hash table
   (hashing and comparing strings byte by byte), then reverses, upper-cases and searches the
   text. Self-check: the counts add up to the number of words, each word found again. */
#include "sys.h"

#ifndef WORDFREQ_N
#define WORDFREQ_N 8000 /* words */
#endif

static const char *const syllables[16] = {"ka", "lo", "mi", "ne", "su", "ta", "ri", "po",
                                          "an", "el", "or", "us", "ix", "ju", "be", "dra"};

static char text[WORDFREQ_N * 10 + 16];
static uint32_t text_len;

#define SLOTS 4096
static struct {
  const char *word; /* into text */
  uint32_t len;
  uint32_t count;
} table[SLOTS];
static uint32_t distinct;

static uint32_t hash(const char *s, uint32_t n) {
  uint32_t h = 2166136261u;
  for (uint32_t i = 0; i < n; i++) h = (h ^ (uint8_t)s[i]) * 16777619u;
  return h;
}

static int same(const char *a, const char *b, uint32_t n) {
  for (uint32_t i = 0; i < n; i++)
    if (a[i] != b[i]) return 0;
  return 1;
}

static uint32_t *slot_count(const char *w, uint32_t n) {
  uint32_t at = hash(w, n) & (SLOTS - 1);
  while (table[at].word) {
    if (table[at].len == n && same(table[at].word, w, n)) return &table[at].count;
    at = (at + 1) & (SLOTS - 1);
  }
  if (++distinct > SLOTS / 2) fail("hash table full");
  table[at].word = w;
  table[at].len = n;
  return &table[at].count;
}

static int is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Occurrences of `needle` in the text, by a naive search. */
static uint32_t occurrences(const char *needle) {
  uint32_t n = 0, m = 0;
  while (needle[m]) m++;
  for (uint32_t i = 0; i + m <= text_len; i++) {
    uint32_t k = 0;
    while (k < m && text[i + k] == needle[k]) k++;
    if (k == m) n++;
  }
  return n;
}

int main(void) {
  uint32_t s = 2024;
  for (uint32_t w = 0; w < WORDFREQ_N; w++) {
    s = s * 1664525u + 1013904223u;
    uint32_t parts = 1 + (s >> 31); /* 1 or 2 syllables: words repeat */
    for (uint32_t p = 0; p < parts; p++) {
      const char *syl = syllables[(s >> (4 * p + 8)) & 15];
      while (*syl) text[text_len++] = *syl++;
    }
    text[text_len++] = (w % 11 == 10) ? '\n' : ' ';
  }
  uint32_t words = 0;
  for (uint32_t i = 0; i < text_len;) {
    while (i < text_len && !is_letter(text[i])) i++;
    uint32_t start = i;
    while (i < text_len && is_letter(text[i])) i++;
    if (i > start) {
      (*slot_count(text + start, i - start))++;
      words++;
    }
  }
  uint32_t total = 0, most = 0;
  for (uint32_t k = 0; k < SLOTS; k++) {
    total += table[k].count;
    if (table[k].count > table[most].count) most = k;
  }
  if (words != WORDFREQ_N || total != words) fail("word counts do not add up");
  /* Upper-case the text, reverse it in place twice: it must come back. */
  uint32_t sum = 0;
  for (uint32_t i = 0; i < text_len; i++) {
    if (text[i] >= 'a' && text[i] <= 'z') text[i] = (char)(text[i] - 32);
    sum = sum * 31 + (uint8_t)text[i];
  }
  for (uint32_t r = 0; r < 2; r++)
    for (uint32_t i = 0, j = text_len - 1; i < j; i++, j--) {
      char t = text[i];
      text[i] = text[j];
      text[j] = t;
    }
  uint32_t again = 0;
  for (uint32_t i = 0; i < text_len; i++) again = again * 31 + (uint8_t)text[i];
  if (again != sum) fail("the text did not come back");
  uint32_t found = occurrences("KALO") + occurrences("DRA") + occurrences("USIX");
  print("wordfreq words ");
  print_u32(words);
  print(": distinct ");
  print_u32(distinct);
  print(", most ");
  write_all(STDOUT, table[most].word, table[most].len);
  print(" ");
  print_u32(table[most].count);
  print(", found ");
  print_u32(found);
  print(", text ");
  print_hex32(sum);
  print("\n");
  return 0;
}
