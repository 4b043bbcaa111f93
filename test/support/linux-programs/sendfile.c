/* sendfile of input.txt to stdout and stderr: from the fd's position, and from an offset it
 * advances (the fd's position stays); past the end; a bad fd. */
#include <stdio.h>
#include <errno.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/sendfile.h>

int main(void) {
  int fd = open("input.txt", O_RDONLY);
  if (fd < 0) { perror("input.txt"); return 1; }
  fflush(stdout);
  ssize_t a = sendfile(1, fd, 0, 12);
  off_t off = 100;
  ssize_t b = sendfile(1, fd, &off, 20);
  ssize_t c = sendfile(1, fd, 0, 5);
  printf("\n%zd %zd %zd, offset %ld, position %ld\n", a, b, c, (long)off, (long)lseek(fd, 0, SEEK_CUR));
  off = 1 << 20;
  printf("past the end: %zd\n", sendfile(1, fd, &off, 10));
  fflush(stdout);
  lseek(fd, 0, SEEK_SET);
  ssize_t all = sendfile(2, fd, 0, 1 << 20);
  fprintf(stderr, "\nall: %zd\n", all);
  ssize_t bad = sendfile(1, 77, 0, 5);
  printf("bad fd: %zd %s\n", bad, strerror(errno));
  return 0;
}
