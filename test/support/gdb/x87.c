// For the gdb test: leaves values on the x87 stack (pi + 1 over 1/3) at the breakpoint in stop().
#include <stdio.h>

__attribute__((noinline)) void stop(void) { __asm__ volatile("" ::: "memory"); }

int main(void) {
  volatile double third = 1.0 / 3.0;
  __asm__ volatile("fldl %0\n fldpi\n fld1\n faddp" : : "m"(third));
  stop();
  __asm__ volatile("fstp %st(0)\n fstp %st(0)");
  printf("done\n");
  return 0;
}
