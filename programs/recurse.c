/* recurse: deep recursion. Ackermann's function A(2, n) and A(3, k) (calls nested thousands of
   frames deep) and a recursive walk of a complete binary tree built in an array, RECURSE_N
   times. Self-check: A(2, n) == 2n + 3, A(3, k) == 2^(k+3) - 3, the tree's sum in closed form. */
#include "sys.h"

#ifndef RECURSE_N
#define RECURSE_N 8 /* rounds */
#endif

#define DEPTH 12 /* the tree's levels: 4095 nodes */

static uint32_t ack(uint32_t m, uint32_t n) {
  if (m == 0) return n + 1;
  if (n == 0) return ack(m - 1, 1);
  return ack(m - 1, ack(m, n - 1));
}

static uint32_t tree[1 << DEPTH];

/* Sum of the subtree at node i (1-based heap order), with each level's weight. */
static uint32_t walk(uint32_t i, uint32_t level) {
  if (i >= (1u << DEPTH)) return 0;
  return tree[i] * level + walk(2 * i, level + 1) + walk(2 * i + 1, level + 1);
}

int main(void) {
  for (uint32_t i = 1; i < (1u << DEPTH); i++) tree[i] = i;
  uint32_t check = 0;
  for (uint32_t round = 0; round < RECURSE_N; round++) {
    uint32_t n = 100 + round;
    if (ack(2, n) != 2 * n + 3) fail("A(2, n) != 2n + 3");
    uint32_t k = 3 + round % 4;
    if (ack(3, k) != (1u << (k + 3)) - 3) fail("A(3, k) != 2^(k+3) - 3");
    check = check * 31 + walk(1, 1);
  }
  /* Node i sits at level floor(log2 i) + 1: the sum of i * level over the tree. */
  uint32_t expect = 0;
  for (uint32_t i = 1; i < (1u << DEPTH); i++) expect += i * (32 - (uint32_t)__builtin_clz(i));
  uint32_t again = 0;
  for (uint32_t round = 0; round < RECURSE_N; round++) again = again * 31 + expect;
  if (again != check) fail("tree sum differs from the closed form");
  print("recurse rounds ");
  print_u32(RECURSE_N);
  print(": tree sum ");
  print_u32(expect);
  print(", check ");
  print_hex32(check);
  print("\n");
  return 0;
}
