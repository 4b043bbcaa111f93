/*
 * switch: the indirect control flow GCC makes of switch statements and of computed goto.
 * Dense switches become jump tables (jmp *table(,%eax,4) after an unsigned bound check),
 * switches whose cases only pick values become table loads (CSWTCH arrays), case sets that
 * fit a word become bit tests (bt or shl/test on a mask), sparse ones become compare trees;
 * a switch on a signed char with negative cases is rebased first. A bytecode interpreter
 * with goto *labels[op] (&&label) dispatches from many places into the middle of code.
 * With -fPIC the tables hold offsets from the GOT, found through a call to a pc thunk;
 * -fno-jump-tables turns the dense switches into compare trees.
 * extra builds: -O2 -march=i686 -fPIC; -Os -march=i386 -fPIC; -O3 -march=i686 -fno-jump-tables
 */
#include "feat.h"

NOINLINE static int dense(int x) {
  switch (x) {
    case 0: return x + 17;
    case 1: return x * 3;
    case 2: return x ^ 0x55;
    case 3: return -x;
    case 4: return x << 5;
    case 5: return 1000 - x;
    case 6: return x * x * x;
    case 7: return 7777;
    case 8: return x | 0x100;
    case 9: return x - 100;
    case 10: return ~x;
    case 11: return x * 11 + 1;
    case 12: return 0x12345;
    case 13: return x >> 1;
    case 14: return x & 6;
    case 15: return x + x;
    case 17: return 171717;
    case 18: return -18;
    case 19: return x * 19;
    case 20: return 2020;
    default: return -1;
  }
}

/* Case bodies that fall through into each other and share a tail. */
NOINLINE static unsigned fallthrough(unsigned x, unsigned acc) {
  switch (x % 12) {
    case 0: acc += 1; /* fall through */
    case 1: acc *= 3; /* fall through */
    case 2: acc ^= 0xa5a5; break;
    case 3: acc -= 7; /* fall through */
    case 4: acc = (acc << 3) | (acc >> 29); break;
    case 5: case 6: case 7: acc += x; /* fall through */
    case 8: acc = ~acc; break;
    case 10: return acc / 3;
    default: acc += 0x1000;
  }
  return acc * 2654435761u;
}

/* Negative and positive cases on a signed char: the index is rebased before the table. */
NOINLINE static int on_char(signed char c) {
  switch (c) {
    case -8: return 1;
    case -7: return 22;
    case -6: return 333;
    case -5: return 4444;
    case -4: return -5;
    case -3: return -66;
    case -2: return 777;
    case -1: return 8;
    case 0: return 99;
    case 1: return -10;
    case 2: return 1111;
    case 3: return 12;
    case 4: return -1313;
    case 5: return 14;
    default: return c * 2;
  }
}

/* Only values: GCC turns this into loads from a constant array (switch conversion). */
NOINLINE static unsigned char values(unsigned x) {
  switch (x) {
    case 0: return 0x3f;
    case 1: return 0x06;
    case 2: return 0x5b;
    case 3: return 0x4f;
    case 4: return 0x66;
    case 5: return 0x6d;
    case 6: return 0x7d;
    case 7: return 0x07;
    case 8: return 0x7f;
    case 9: return 0x6f;
    case 10: return 0x77;
    case 11: return 0x7c;
    default: return 0;
  }
}

/* Cases that fit a 32-bit mask: a bit test. */
NOINLINE static int bit_cases(unsigned x) {
  switch (x) {
    case 1: case 3: case 5: case 9: case 17: case 30:
      return 1;
    case 2: case 4: case 8: case 16: case 31:
      return 2;
    default:
      return 0;
  }
}

/* Sparse cases: a tree of compares. */
NOINLINE static int sparse(int x) {
  switch (x) {
    case -100000: return 1;
    case -1000: return 2;
    case -1: return 3;
    case 7: return 4;
    case 1000: return 5;
    case 65536: return 6;
    case 0x7fffffff: return 7;
    case (int)0x80000000: return 8;
    case 123456789: return 9;
    default: return 0;
  }
}

/* Ranges (GCC's case a ... b). */
NOINLINE static int ranges(unsigned char c) {
  switch (c) {
    case '0' ... '9': return c - '0';
    case 'a' ... 'f': return c - 'a' + 10;
    case 'A' ... 'F': return c - 'A' + 10;
    case ' ': case '\t': return -2;
    case 0x80 ... 0xff: return -3;
    default: return -1;
  }
}

/* A stack machine with computed goto: every handler ends in its own indirect jump. */
enum { PUSH, ADD, SUB, MUL, DUP, SWAP, JNZ, DEC, PRINT, HALT, XOR, SHL, OVER, DROP };
NOINLINE static uint32_t interp(const int *code) {
  static void *const op[] = {&&push, &&add, &&sub, &&mul, &&dup, &&swap, &&jnz, &&dec, &&print, &&halt, &&xor, &&shl, &&over, &&drop};
  uint32_t stack[16];
  int sp = 0;
  const int *pc = code;
#define NEXT goto *op[*pc++]
  NEXT;
push: stack[sp++] = (uint32_t)*pc++; NEXT;
add: sp--; stack[sp - 1] += stack[sp]; NEXT;
sub: sp--; stack[sp - 1] -= stack[sp]; NEXT;
mul: sp--; stack[sp - 1] *= stack[sp]; NEXT;
xor: sp--; stack[sp - 1] ^= stack[sp]; NEXT;
shl: sp--; stack[sp - 1] <<= stack[sp] & 31; NEXT;
dup: stack[sp] = stack[sp - 1]; sp++; NEXT;
over: stack[sp] = stack[sp - 2]; sp++; NEXT;
drop: sp--; NEXT;
swap: { uint32_t t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; } NEXT;
dec: stack[sp - 1]--; NEXT;
jnz: { int target = *pc++; if (stack[sp - 1]) pc = code + target; } NEXT;
print: mix(stack[sp - 1]); NEXT;
halt:
#undef NEXT
  return sp ? stack[sp - 1] : 0xdeadbeef;
}

/* A label address kept in data and jumped to later. */
NOINLINE static int state_machine(const char *s) {
  static void *const next_state[] = {&&idle, &&word, &&num};
  void *st = next_state[0];
  int words = 0, nums = 0, sum = 0;
  for (;; s++) {
    unsigned char c = (unsigned char)*s;
    goto *st;
  idle:
    if (!c) break;
    if (c >= '0' && c <= '9') { nums++; sum = c - '0'; st = next_state[2]; }
    else if (c != ' ') { words++; st = next_state[1]; }
    continue;
  word:
    if (!c) break;
    if (c == ' ') st = next_state[0];
    continue;
  num:
    if (!c) { mix((uint32_t)sum); break; }
    if (c >= '0' && c <= '9') sum = sum * 10 + (c - '0');
    else { mix((uint32_t)sum); st = next_state[0]; }
    continue;
  }
  return words * 1000 + nums;
}

int main(void) {
  for (int i = -3; i < 24; i++) mix((uint32_t)dense(OPQ(i)));
  section("dense");
  unsigned acc = 1;
  for (unsigned i = 0; i < 200; i++) {
    acc = fallthrough(OPQ(i * 7 + (acc & 3)), acc);
    mix(acc);
  }
  show("fallthrough", acc);
  section("fallthrough");
  for (int c = -128; c < 128; c++) mix((uint32_t)on_char((signed char)OPQ(c)));
  section("signed char");
  for (unsigned i = 0; i < 14; i++) mix(values(OPQ(i)));
  mix(values(OPQ(0xffffffffu)));
  section("values");
  for (unsigned i = 0; i < 40; i++) mix((uint32_t)bit_cases(OPQ(i)));
  mix((uint32_t)bit_cases(OPQ(0x80000001u)));
  section("bit tests");
  static const int sp[] = {-100000, -1000, -1, 0, 7, 8, 1000, 65536, 0x7fffffff, (int)0x80000000, 123456789, 42};
  for (unsigned i = 0; i < COUNT(sp); i++) mix((uint32_t)sparse(OPQ(sp[i])));
  section("sparse");
  for (int c = 0; c < 256; c++) mix((uint32_t)ranges((unsigned char)OPQ(c)));
  section("ranges");
  /* [acc n]: acc = (acc * n) ^ 5, shifted and counted down, n from 10 to 1. */
  static const int prog[] = {PUSH, 1, PUSH, 10, /* 4: */ SWAP, OVER, MUL, PUSH, 5, XOR, PRINT, SWAP,
                             DEC, JNZ, 4, DROP, DUP, PUSH, 3, SHL, XOR, HALT};
  show("interp", interp(prog));
  static const int prog2[] = {PUSH, 7, PUSH, 100, JNZ, 7, HALT, /* 7: */ SWAP, PUSH, 3, MUL, PUSH, 1, ADD,
                              PRINT, SWAP, DEC, JNZ, 7, DROP, HALT};
  show("interp2", interp(prog2));
  section("computed goto");
  show("states", (uint32_t)state_machine(OPQ("abc 12 de 345 f6 7 x 99999 ")));
  show("states2", (uint32_t)state_machine(OPQ("  1 2 3 four 5")));
  section("label values");
  return finish();
}
