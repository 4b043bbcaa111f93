/* setjmp and longjmp, nested and from deep recursion; volatile locals keep their values. */
#include <stdio.h>
#include <setjmp.h>

static jmp_buf outer, inner;
static int depth(int n) {
  if (n == 0) longjmp(inner, 77);
  return depth(n - 1) + 1;
}

int main(void) {
  volatile int count = 0;
  int r = setjmp(outer);
  count++;
  printf("outer setjmp returned %d (pass %d)\n", r, count);
  if (r < 3) {
    int v = setjmp(inner);
    if (v == 0) depth(100 + r);
    printf("inner setjmp returned %d\n", v);
    longjmp(outer, r + 1);
  }
  printf("done after %d passes\n", count);
  return count;
}
