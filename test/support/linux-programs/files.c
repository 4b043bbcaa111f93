/* Reads input.txt (numbers, a line each), writes out.txt and reads it back; stat, lseek, pread,
 * dup2 and the errno of a missing file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

int main(void) {
  FILE *f = fopen("input.txt", "r");
  if (!f) { perror("input.txt"); return 1; }
  char line[256];
  long sum = 0;
  int n = 0;
  while (fgets(line, sizeof line, f)) { sum += strtol(line, 0, 10); n++; }
  fclose(f);
  printf("%d lines, sum %ld\n", n, sum);
  struct stat st;
  if (stat("input.txt", &st) == 0) printf("size %ld, regular %d\n", (long)st.st_size, S_ISREG(st.st_mode));
  errno = 0;
  if (open("missing.txt", O_RDONLY) < 0) printf("missing.txt: %s\n", strerror(errno));
  FILE *o = fopen("out.txt", "w");
  if (!o) { perror("out.txt"); return 2; }
  for (int i = 0; i < 3000; i++) fprintf(o, "%d %d\n", i, i * i);
  fclose(o);
  int fd = open("out.txt", O_RDONLY);
  char b[32];
  lseek(fd, 100, SEEK_SET);
  int r = read(fd, b, 20);
  b[r] = 0;
  printf("read back %d: [%s]\n", r, b);
  r = pread(fd, b, 10, 5);
  b[r] = 0;
  printf("pread %d: [%s]\n", r, b);
  printf("end at %ld\n", (long)lseek(fd, 0, SEEK_END));
  close(fd);
  int in = open("input.txt", O_RDONLY);
  dup2(in, 0);
  r = read(0, b, 8);
  b[r] = 0;
  printf("dup2 read %d: [%s]\n", r, b);
  return 0;
}
