/* sieve: sieve of Eratosthenes below SIEVE_N: byte stores in strided loops, a large bss
   array, counting. Self-check: the count of primes below 1000 is 168. */
#include "sys.h"

#ifndef SIEVE_N
#define SIEVE_N 200000
#endif

static uint8_t composite[SIEVE_N];

/* Number of primes below n, using composite[0..n-1] (cleared here). */
static uint32_t count_primes(uint32_t n) {
  memset(composite, 0, n);
  uint32_t count = 0;
  for (uint32_t i = 2; i < n; i++) {
    if (composite[i])
      continue;
    count++;
    if (i > (n - 1) / i)
      continue; /* i * i >= n: nothing left to cross out (and i * i may not fit) */
    for (uint32_t j = i * i; j < n; j += i)
      composite[j] = 1;
  }
  return count;
}

int main(void) {
  if (count_primes(1000) != 168)
    fail("168 primes below 1000 expected");
  uint32_t count = count_primes(SIEVE_N);
  print("primes below ");
  print_u32(SIEVE_N);
  print(": ");
  print_u32(count);
  print("\n");
  return 0;
}
