/* crc32: CRC-32 (IEEE 802.3, as zlib) of a generated buffer, computed bitwise and with a
   256-entry table: shifts, xor, table loads, byte loads.
   Self-check: both methods agree, and the standard check value crc32("123456789") holds. */
#include "sys.h"

#ifndef CRC_LEN
#define CRC_LEN 65536 /* bytes */
#endif

#define POLY 0xEDB88320u /* reflected 0x04C11DB7 */

static uint8_t buf[CRC_LEN];
static uint32_t table[256];

static uint32_t crc32_bitwise(const uint8_t *p, size_t n) {
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++)
      c = (c >> 1) ^ (POLY & -(c & 1));
  }
  return ~c;
}

static void make_table(void) {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++)
      c = c & 1 ? (c >> 1) ^ POLY : c >> 1;
    table[i] = c;
  }
}

static uint32_t crc32_table(const uint8_t *p, size_t n) {
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; i++)
    c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
  return ~c;
}

int main(void) {
  /* Buffer contents: the top byte of a 32-bit LCG (Numerical Recipes constants), seed 1. */
  uint32_t x = 1;
  for (size_t i = 0; i < CRC_LEN; i++) {
    x = x * 1664525u + 1013904223u;
    buf[i] = (uint8_t)(x >> 24);
  }
  make_table();

  if (crc32_table((const uint8_t *)"123456789", 9) != 0xCBF43926u)
    fail("table crc32 of \"123456789\" is not 0xcbf43926");
  uint32_t t = crc32_table(buf, CRC_LEN);
  uint32_t b = crc32_bitwise(buf, CRC_LEN);
  print("crc32 of ");
  print_u32(CRC_LEN);
  print(" bytes: table ");
  print_hex32(t);
  print(" bitwise ");
  print_hex32(b);
  print("\n");
  if (t != b)
    fail("table and bitwise crc32 differ");
  return 0;
}
