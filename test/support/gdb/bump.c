/* A program to debug: a breakpoint on bump sees its argument grow; a write to counter shows in
 * the exit status. */
#include <stdio.h>
int counter;
int __attribute__((noinline)) bump(int x) { counter += x; return counter; }
int main(void) {
  for (int i = 1; i <= 5; i++) bump(i);
  printf("counter %d\n", counter);
  return counter;
}
