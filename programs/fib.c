/* fib: recursive Fibonacci: deep call/return chains, stack frames, add/sub/cmp/branch.
   Self-check: the recursive result equals an iterative one. */
#include "sys.h"

#ifndef FIB_N
#define FIB_N 25 /* about 250,000 calls */
#endif

static uint32_t fib_recursive(uint32_t n) {
  return n < 2 ? n : fib_recursive(n - 1) + fib_recursive(n - 2);
}

static uint32_t fib_iterative(uint32_t n) {
  uint32_t a = 0, b = 1;
  while (n--) {
    uint32_t t = a + b;
    a = b;
    b = t;
  }
  return a;
}

int main(void) {
  uint32_t r = fib_recursive(FIB_N);
  print("fib(");
  print_u32(FIB_N);
  print(") = ");
  print_u32(r);
  print("\n");
  if (r != fib_iterative(FIB_N))
    fail("recursive and iterative results differ");
  return 0;
}
