/*
 * control: unusual transfers of control. __builtin_setjmp/__builtin_longjmp save and
 * restore ebp, esp and a label address (the receiver is reached by an indirect jmp with a
 * reloaded frame); a nested function jumps to a label of its parent (a non-local goto);
 * Ackermann's function recurses deeply with calls in tail and non-tail position; mutual
 * recursion and calls through function pointers become sibling calls (jmp instead of
 * call) at -O2; a table of function pointers and a callback chain make indirect calls.
 */
#include "feat.h"

static void *jb[5];
static uint32_t trail;

NOINLINE static void thrower(int depth, int at) {
  trail = trail * 3 + (uint32_t)depth;
  if (depth == at) __builtin_longjmp(jb, 1);
  if (depth == 20) return;
  thrower(depth + 1, at);
  trail += 1000; /* only when nothing was thrown */
}

NOINLINE static uint32_t catcher(int at) {
  volatile uint32_t local = 7; /* survives the longjmp in memory */
  trail = 0;
  if (__builtin_setjmp(jb) == 0) {
    local = 11;
    thrower(0, at);
    local = 13;
    return trail ^ local;
  }
  return trail + local * 65536u;
}

/* Non-local goto out of a nested function, from a few calls down. */
NOINLINE static uint32_t nested_exit(int limit) {
  __label__ out;
  uint32_t acc = 0;
  void walk(int n) {
    acc = acc * 5 + (uint32_t)n;
    if (n == limit) goto out;
    if (n < 100) walk(n + 1);
  }
  walk(0);
  return acc;
out:
  return acc | 0x80000000u;
}

NOINLINE static uint32_t ack(uint32_t m, uint32_t n) {
  if (m == 0) return n + 1;
  if (n == 0) return ack(m - 1, 1);
  return ack(m - 1, ack(m, n - 1));
}

/* Mutual recursion in tail position: sibling calls keep the stack flat at -O2. */
NOINLINE static int is_odd(uint32_t n);
NOINLINE static int is_even(uint32_t n) { return n == 0 ? 1 : is_odd(n - 1); }
NOINLINE static int is_odd(uint32_t n) { return n == 0 ? 0 : is_even(n - 1); }

/* Tail calls with more, fewer and rearranged arguments. */
NOINLINE static uint32_t t3(uint32_t a, uint32_t b, uint32_t c) { return a * 100 + b * 10 + c; }
NOINLINE static uint32_t t2(uint32_t a, uint32_t b) { return t3(b, a, a ^ b); }
NOINLINE static uint32_t t4(uint32_t a, uint32_t b, uint32_t c, uint32_t d) { return t2(a + d, b - c); }
NOINLINE static uint32_t t1(uint32_t a) { return t4(a, a * 2, a * 3, a * 4); }

typedef uint32_t (*op_fn)(uint32_t, uint32_t);
NOINLINE static uint32_t op_add(uint32_t a, uint32_t b) { return a + b; }
NOINLINE static uint32_t op_sub(uint32_t a, uint32_t b) { return a - b; }
NOINLINE static uint32_t op_mul(uint32_t a, uint32_t b) { return a * b; }
NOINLINE static uint32_t op_div(uint32_t a, uint32_t b) { return b ? a / b : 0; }
NOINLINE static uint32_t op_rot(uint32_t a, uint32_t b) { return a << (b & 31) | a >> (-b & 31); }
static op_fn const ops[] = {op_add, op_sub, op_mul, op_div, op_rot};

/* An indirect tail call: jmp *%eax or jmp *mem. */
NOINLINE static uint32_t dispatch(unsigned k, uint32_t a, uint32_t b) { return ops[k % 5](a, b); }

/* A chain of callbacks: each calls the next through a pointer it was given. */
struct link { uint32_t (*fn)(const struct link *, uint32_t); const struct link *next; uint32_t k; };
NOINLINE static uint32_t step(const struct link *l, uint32_t v) {
  v = v * l->k + 1;
  return l->next ? l->next->fn(l->next, v) : v;
}
NOINLINE static uint32_t step_xor(const struct link *l, uint32_t v) {
  v ^= l->k;
  return l->next ? l->next->fn(l->next, v) : v;
}

/* Plain deep recursion: 5000 frames with locals. */
NOINLINE static uint32_t depth(uint32_t n, uint32_t acc) {
  volatile uint32_t pad[4] = {n, acc, n ^ acc, 0};
  if (n == 0) return acc;
  uint32_t r = depth(n - 1, acc * 33 + pad[2]);
  return r + pad[0];
}

int main(void) {
  for (int at = 0; at < 12; at += 2) mix(catcher(OPQ(at)));
  mix(catcher(OPQ(-1)));
  section("setjmp");
  for (int limit = 0; limit < 8; limit++) mix(nested_exit(OPQ(limit)));
  section("nonlocal goto");
  for (uint32_t m = 0; m < 4; m++)
    for (uint32_t n = 0; n < 5; n++) mix(ack(OPQ(m), OPQ(n)));
  show("ack(2,100)", ack(2, OPQ(100u)));
  section("ackermann");
  show("even", (uint32_t)is_even(OPQ(100001u)));
  show("odd", (uint32_t)is_odd(OPQ(77777u)));
  for (uint32_t a = 0; a < 10; a++) mix(t1(OPQ(a * 12345)));
  section("tail calls");
  uint32_t acc = 1;
  for (unsigned k = 0; k < 50; k++) acc = dispatch(OPQ(k), acc, k * 7 + 3);
  show("dispatch", acc);
  static const struct link l3 = {step, 0, 9}, l2 = {step_xor, &l3, 0x5a5a}, l1 = {step, &l2, 31}, l0 = {step_xor, &l1, 1};
  for (uint32_t v = 0; v < 10; v++) mix(l0.fn(&l0, OPQ(v)));
  section("pointers");
  show("depth", depth(OPQ(5000u), 1));
  section("depth");
  return finish();
}
