/* Maps data.bin (not a whole number of pages) and big.bin: whole, from a page offset, shared
 * read-only, and as a writable private copy (the file stays as it was); the zeros after the end
 * of the file in its last page; the errors for a bad fd, a directory and a write-only fd. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

static unsigned sum(const unsigned char *p, size_t n) {
  unsigned h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
  return h;
}

static void attempt(const char *what, int fd, int prot, int flags) {
  errno = 0;
  void *p = mmap(0, 4096, prot, flags, fd, 0);
  printf("%s: %s\n", what, p == MAP_FAILED ? strerror(errno) : "mapped");
  if (p != MAP_FAILED) munmap(p, 4096);
}

int main(void) {
  int fd = open("data.bin", O_RDONLY);
  if (fd < 0) { perror("data.bin"); return 1; }
  struct stat st;
  fstat(fd, &st);
  size_t size = st.st_size, len = (size + 4095) & ~4095u;
  unsigned char *p = mmap(0, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (p == MAP_FAILED) { perror("mmap"); return 2; }
  printf("size %zu, sum %08x, first %02x %02x, last %02x\n", size, sum(p, size), p[0], p[1], p[size - 1]);
  int zeros = 1;
  for (size_t i = size; i < len; i++) zeros &= p[i] == 0;
  printf("the rest of the last page is zero: %d\n", zeros);
  unsigned char *q = mmap(0, 5000, PROT_READ, MAP_PRIVATE, fd, 4096);
  printf("from page 1: sum %08x, same bytes %d\n", sum(q, size - 4096), memcmp(q, p + 4096, size - 4096) == 0);
  unsigned char *s = mmap(0, size, PROT_READ, MAP_SHARED, fd, 0);
  printf("shared: same bytes %d\n", memcmp(s, p, size) == 0);
  unsigned char *w = mmap(0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  for (size_t i = 0; i < size; i += 100) w[i] ^= 0xff;
  unsigned char b[4];
  pread(fd, b, 4, 0);
  printf("private copy: %02x, file still %02x, first mapping %02x, sum %08x\n", w[0], b[0], p[0], sum(w, size));
  munmap(w, size); munmap(s, size); munmap(q, 5000); munmap(p, size);
  close(fd);
  int big = open("big.bin", O_RDONLY);
  fstat(big, &st);
  unsigned char *g = mmap(0, st.st_size, PROT_READ, MAP_PRIVATE, big, 0);
  printf("big.bin: %ld bytes, sum %08x\n", (long)st.st_size, g == MAP_FAILED ? 0 : sum(g, st.st_size));
  unsigned char *g2 = mmap(0, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE, big, 16 * 4096);
  printf("big.bin from page 16: sum %08x\n", g2 == MAP_FAILED ? 0 : sum(g2, 65536));
  attempt("bad fd", 77, PROT_READ, MAP_PRIVATE);
  attempt("directory", open(".", O_RDONLY | O_DIRECTORY), PROT_READ, MAP_PRIVATE);
  attempt("shared writable, read-only fd", big, PROT_READ | PROT_WRITE, MAP_SHARED);
  return 0;
}
