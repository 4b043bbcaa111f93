/* disk: pwrite64/pread64 on fd 3, the module's disk. Writes DISK_RECORDS records at
   unaligned offsets (about half straddle a sector boundary) and one DISK_BLOCK-byte block, reads
   everything back (the block in odd-sized pieces) and checks it, and checks that the bytes
   next to each record were not touched. The records stay on the disk: tests compare the
   final disk image. Uses the first DISK_RECORDS * 12 KiB + DISK_BLOCK + 5 KiB bytes of the
   disk (under 1 MiB by default). */
#include "sys.h"

#ifndef DISK_RECORDS
#define DISK_RECORDS 64
#endif
#ifndef DISK_BLOCK
#define DISK_BLOCK 8192
#endif
#define PAYLOAD 240
#define NEAR 16 /* bytes checked on each side of a record */

struct record {
  char magic[4]; /* "LS86" */
  uint32_t index;
  uint32_t offset;
  uint32_t sum; /* of the payload bytes */
  uint8_t payload[PAYLOAD];
}; /* 256 bytes */

static struct record rec, back;
static uint8_t block[DISK_BLOCK], block_back[DISK_BLOCK];
static uint8_t near_before[DISK_RECORDS][2 * NEAR];
static uint32_t checksum = 2166136261u; /* FNV-1a over every byte read back */

/* Records are 12 KiB apart; the odd part of the offset crosses a sector boundary. */
static uint32_t record_offset(uint32_t i) { return 4096 + i * 12288 + 1 + (i * 97) % 511; }
#define BLOCK_OFFSET (record_offset(DISK_RECORDS) + 100) /* past the last record */

static void make_record(uint32_t i, struct record *r) {
  memcpy(r->magic, "LS86", 4);
  r->index = i;
  r->offset = record_offset(i);
  r->sum = 0;
  uint32_t x = i * 2654435761u + 1;
  for (int j = 0; j < PAYLOAD; j++) {
    x = x * 1664525u + 1013904223u;
    r->payload[j] = (uint8_t)(x >> 24);
    r->sum += r->payload[j];
  }
}

static void pwrite_all(const void *buf, uint32_t n, uint32_t offset) {
  while (n > 0) { /* a write may move fewer bytes than asked */
    int32_t r = sys_pwrite64(DISK_FD, buf, n, offset);
    if (r <= 0)
      fail("pwrite64");
    buf = (const uint8_t *)buf + r;
    n -= (uint32_t)r;
    offset += (uint32_t)r;
  }
}

static void pread_all(void *buf, uint32_t n, uint32_t offset) {
  while (n > 0) {
    int32_t r = sys_pread64(DISK_FD, buf, n, offset);
    if (r <= 0)
      fail("pread64");
    buf = (uint8_t *)buf + r;
    n -= (uint32_t)r;
    offset += (uint32_t)r;
  }
}

static void sum_bytes(const uint8_t *p, uint32_t n) {
  for (uint32_t i = 0; i < n; i++)
    checksum = (checksum ^ p[i]) * 16777619u;
}

int main(void) {
  for (uint32_t i = 0; i < DISK_RECORDS; i++) {
    uint32_t at = record_offset(i);
    pread_all(near_before[i], NEAR, at - NEAR);
    pread_all(near_before[i] + NEAR, NEAR, at + sizeof rec);
  }

  for (uint32_t i = 0; i < DISK_RECORDS; i++) {
    make_record(i, &rec);
    pwrite_all(&rec, sizeof rec, record_offset(i));
  }
  uint32_t x = 0xD15C;
  for (uint32_t j = 0; j < DISK_BLOCK; j++) {
    x = x * 1103515245u + 12345u;
    block[j] = (uint8_t)(x >> 16);
  }
  pwrite_all(block, DISK_BLOCK, BLOCK_OFFSET);

  for (uint32_t i = 0; i < DISK_RECORDS; i++) {
    uint32_t at = record_offset(i);
    make_record(i, &rec);
    pread_all(&back, sizeof back, at);
    if (memcmp(&rec, &back, sizeof rec) != 0)
      fail("a record read back differs from the one written");
    sum_bytes((const uint8_t *)&back, sizeof back);
    uint8_t near_after[2 * NEAR];
    pread_all(near_after, NEAR, at - NEAR);
    pread_all(near_after + NEAR, NEAR, at + sizeof rec);
    if (memcmp(near_before[i], near_after, sizeof near_after) != 0)
      fail("a write changed bytes next to its record");
  }
  for (uint32_t done = 0; done < DISK_BLOCK; done += 1000) {
    uint32_t n = DISK_BLOCK - done < 1000 ? DISK_BLOCK - done : 1000;
    pread_all(block_back + done, n, BLOCK_OFFSET + done);
  }
  if (memcmp(block, block_back, DISK_BLOCK) != 0)
    fail("the block read back differs from the one written");
  sum_bytes(block_back, DISK_BLOCK);

  print("disk: ");
  print_u32(DISK_RECORDS);
  print(" records of ");
  print_u32(sizeof rec);
  print(" bytes and a ");
  print_u32(DISK_BLOCK);
  print("-byte block written and read back, checksum ");
  print_hex32(checksum);
  print("\n");
  return 0;
}
