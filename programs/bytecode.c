/* bytecode: a stack-machine interpreter: a `switch` on each opcode, which GCC compiles to a jump
   through a table (an indirect jump per bytecode). Runs a bytecode program that counts the primes
   below BYTECODE_N by trial division and sums a Collatz chain length per number.
   Self-check: the prime count is recounted in C; prints both results. */
#include "sys.h"

#ifndef BYTECODE_N
#define BYTECODE_N 800 /* numbers tried */
#endif

enum {
  PUSH, /* push the next word */
  LOAD, /* push var[next] */
  STORE, /* var[next] = pop */
  ADD, SUB, MUL, DIV, MOD, /* b = pop, a = pop, push a op b */
  AND, SHR1, /* push pop & pop; push pop >> 1 */
  LT, EQ, /* b = pop, a = pop, push a < b, a == b */
  JMP, JZ, /* pc = next; if pop == 0, pc = next */
  INC, /* var[next]++ */
  HALT,
};

/* Variables: 0 n, 1 d, 2 primes, 3 isprime, 4 x, 6 total Collatz steps.
   The program is assembled with labels, so that jump targets are computed. */
static int32_t code[256];
static int pc_at;
static void emit(int32_t w) { code[pc_at++] = w; }

static int32_t vars[8];
static int32_t stack[64];

static int32_t run(const int32_t *p) {
  int pc = 0, sp = 0;
  for (;;) {
    int32_t op = p[pc++];
    switch (op) {
    case PUSH: stack[sp++] = p[pc++]; break;
    case LOAD: stack[sp++] = vars[p[pc++]]; break;
    case STORE: vars[p[pc++]] = stack[--sp]; break;
    case ADD: sp--; stack[sp - 1] += stack[sp]; break;
    case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
    case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
    case DIV: sp--; stack[sp - 1] /= stack[sp]; break;
    case MOD: sp--; stack[sp - 1] %= stack[sp]; break;
    case AND: sp--; stack[sp - 1] &= stack[sp]; break;
    case SHR1: stack[sp - 1] = (int32_t)((uint32_t)stack[sp - 1] >> 1); break;
    case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
    case EQ: sp--; stack[sp - 1] = stack[sp - 1] == stack[sp]; break;
    case JMP: pc = p[pc]; break;
    case JZ: if (stack[--sp] == 0) pc = p[pc]; else pc++; break;
    case INC: vars[p[pc++]]++; break;
    case HALT: return pc;
    default: fail("bad opcode");
    }
  }
}

/* A forward jump's target, patched once the label is known. */
static int hole(int op) { emit(op); emit(0); return pc_at - 1; }
static void here(int at) { code[at] = pc_at; }

static void assemble(void) {
  emit(PUSH); emit(2); emit(STORE); emit(0);                      /* n = 2 */
  int top = pc_at;
  emit(LOAD); emit(0); emit(PUSH); emit(BYTECODE_N); emit(LT);
  int end = hole(JZ);                                              /* while n < N */
  emit(PUSH); emit(1); emit(STORE); emit(3);                      /* isprime = 1 */
  emit(PUSH); emit(2); emit(STORE); emit(1);                      /* d = 2 */
  int trial = pc_at;
  emit(LOAD); emit(0); emit(LOAD); emit(1); emit(LOAD); emit(1); emit(MUL); emit(LT);
  int cont = hole(JZ);                                             /* n < d*d: done */
  int done1 = hole(JMP);
  here(cont);
  emit(LOAD); emit(0); emit(LOAD); emit(1); emit(MOD); emit(PUSH); emit(0); emit(EQ);
  int notdiv = hole(JZ);
  emit(PUSH); emit(0); emit(STORE); emit(3);                      /* isprime = 0 */
  int done2 = hole(JMP);
  here(notdiv);
  emit(INC); emit(1); emit(JMP); emit(trial);                     /* d++ */
  here(done1); here(done2);
  emit(LOAD); emit(3);
  int skip = hole(JZ);
  emit(INC); emit(2);                                              /* primes++ */
  here(skip);
  emit(LOAD); emit(0); emit(STORE); emit(4);                      /* x = n */
  int collatz = pc_at;
  emit(LOAD); emit(4); emit(PUSH); emit(1); emit(EQ);
  int more = hole(JZ);
  int next = hole(JMP);                                            /* x == 1: next n */
  here(more);
  emit(INC); emit(6);                                              /* total++ */
  emit(LOAD); emit(4); emit(PUSH); emit(1); emit(AND);
  int even = hole(JZ);
  emit(LOAD); emit(4); emit(PUSH); emit(3); emit(MUL); emit(PUSH); emit(1); emit(ADD);
  emit(STORE); emit(4); emit(JMP); emit(collatz);                 /* x = 3x + 1 */
  here(even);
  emit(LOAD); emit(4); emit(SHR1); emit(STORE); emit(4);          /* x = x / 2 */
  emit(JMP); emit(collatz);
  here(next);
  emit(INC); emit(0); emit(JMP); emit(top);                       /* n++ */
  here(end);
  emit(HALT);
}

int main(void) {
  assemble();
  run(code);
  int32_t primes = 0;
  for (int32_t n = 2; n < BYTECODE_N; n++) {
    int isprime = 1;
    for (int32_t d = 2; d * d <= n; d++)
      if (n % d == 0) { isprime = 0; break; }
    primes += isprime;
  }
  if (primes != vars[2]) fail("prime count differs from the C count");
  print("primes below ");
  print_u32(BYTECODE_N);
  print(": ");
  print_u32((uint32_t)vars[2]);
  print(", collatz steps ");
  print_u32((uint32_t)vars[6]);
  print("\n");
  return 0;
}
