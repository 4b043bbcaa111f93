// fisttp is SSE3's (truncating store), which the machine does not provide: it must stop there
// with a message naming it, after the output before it was written.
#include <stdio.h>

int main(void) {
  volatile double d = 2.7;
  int i;
  printf("before\n");
  fflush(stdout);
  __asm__ volatile("fldl %1\n fisttpl %0" : "=m"(i) : "m"(d));
  printf("%d\n", i);
  return 0;
}
