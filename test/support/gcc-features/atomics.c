/*
 * atomics: __atomic and __sync builtins on 8-, 16-, 32- and 64-bit objects. With a used
 * result GCC emits lock xadd (fetch_add/sub), lock cmpxchg loops (fetch_and/or/xor/nand,
 * compare_exchange), xchg (exchange, test_and_set: implicitly locked), lock bts/btr/btc
 * when only one bit of the old value is used; without one, lock add/and/or/xor/inc/dec
 * with a memory operand. 64-bit __sync atomics use lock cmpxchg8b at -march=i586 and later, and
 * fences become lock or $0,(%esp). Older -march values have no cmpxchg: those parts are
 * compiled only where GCC says the operation is lock-free (__GCC_HAVE_SYNC_COMPARE_AND_SWAP_N).
 */
#include "feat.h"

static volatile uint8_t c8;
static volatile uint16_t c16;
static volatile uint32_t c32;
static volatile uint64_t c64;
static UNUSED uint32_t flags32;

#ifdef __GCC_HAVE_SYNC_COMPARE_AND_SWAP_4
NOINLINE static void ops32(uint32_t v) {
  mix(__atomic_fetch_add(&c32, v, __ATOMIC_SEQ_CST));
  mix(__atomic_sub_fetch(&c32, v >> 3, __ATOMIC_SEQ_CST));
  mix(__atomic_fetch_and(&c32, ~v | 0x0f0f, __ATOMIC_SEQ_CST));
  mix(__atomic_or_fetch(&c32, v << 4, __ATOMIC_SEQ_CST));
  mix(__atomic_fetch_xor(&c32, 0xa5a5a5a5u, __ATOMIC_SEQ_CST));
  mix(__atomic_fetch_nand(&c32, v | 1, __ATOMIC_SEQ_CST));
  mix(__atomic_exchange_n(&c32, __atomic_load_n(&c32, __ATOMIC_SEQ_CST) * 3 + v, __ATOMIC_SEQ_CST));
  uint32_t expected = v;
  mix(__atomic_compare_exchange_n(&c32, &expected, v * 5, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
  mix(expected);
  expected = __atomic_load_n(&c32, __ATOMIC_RELAXED);
  mix(__atomic_compare_exchange_n(&c32, &expected, expected + 17, 1, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
  mix(__sync_val_compare_and_swap(&c32, v, 1u));
  mix(__sync_bool_compare_and_swap(&c32, c32, v ^ 0x5555u));
  mix(__sync_lock_test_and_set(&c32, v + 1));
  /* Results unused: lock add/or/and/xor/inc/dec. */
  __atomic_add_fetch(&c32, 1, __ATOMIC_SEQ_CST);
  __atomic_fetch_sub(&c32, v, __ATOMIC_RELAXED);
  __atomic_fetch_or(&c32, 0x100, __ATOMIC_SEQ_CST);
  __atomic_fetch_and(&c32, 0xfffff7ffu, __ATOMIC_SEQ_CST);
  __atomic_fetch_xor(&c32, v, __ATOMIC_SEQ_CST);
  __sync_fetch_and_add(&c32, 5);
  mix(__atomic_load_n(&c32, __ATOMIC_ACQUIRE));
  /* One bit of the old value: lock bts/btr/btc. */
  unsigned bit = v % 32;
  mix((__atomic_fetch_or(&flags32, 1u << bit, __ATOMIC_SEQ_CST) >> bit) & 1);
  mix((__atomic_fetch_and(&flags32, ~(1u << ((bit * 7) % 32)), __ATOMIC_SEQ_CST) >> ((bit * 7) % 32)) & 1);
  mix((__atomic_fetch_xor(&flags32, 1u << ((bit + 3) % 32), __ATOMIC_SEQ_CST) & (1u << ((bit + 3) % 32))) != 0);
  mix(__atomic_fetch_or(&flags32, 0x10, __ATOMIC_SEQ_CST) & 0x10);
  mix(flags32);
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
}
#endif

#ifdef __GCC_HAVE_SYNC_COMPARE_AND_SWAP_2
NOINLINE static void ops_narrow(uint32_t v) {
  mix(__atomic_fetch_add(&c8, (uint8_t)v, __ATOMIC_SEQ_CST));
  mix(__atomic_fetch_or(&c8, (uint8_t)(v >> 3), __ATOMIC_SEQ_CST));
  mix(__atomic_exchange_n(&c8, (uint8_t)(v * 7), __ATOMIC_SEQ_CST));
  uint8_t e8 = (uint8_t)(v * 7);
  mix(__atomic_compare_exchange_n(&c8, &e8, (uint8_t)~v, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
  mix(__atomic_test_and_set(&c8, __ATOMIC_SEQ_CST));
  mix(__atomic_fetch_sub(&c16, (uint16_t)v, __ATOMIC_SEQ_CST));
  mix(__atomic_xor_fetch(&c16, (uint16_t)(v * 0x101), __ATOMIC_SEQ_CST));
  uint16_t e16 = (uint16_t)v;
  mix(__atomic_compare_exchange_n(&c16, &e16, (uint16_t)(v + 9), 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
  mix(e16);
  __atomic_fetch_add(&c16, 3, __ATOMIC_SEQ_CST);
  __atomic_fetch_and(&c8, 0xfe, __ATOMIC_SEQ_CST);
  mix(c8); mix(c16);
}
#endif

#ifdef __GCC_HAVE_SYNC_COMPARE_AND_SWAP_8
/* The __sync forms: with -mgeneral-regs-only GCC has no 64-bit atomic load or store (those
   go through x87 or SSE registers) and calls libatomic for __atomic on 64 bits; the __sync
   read-modify-writes are cmpxchg8b loops. */
NOINLINE static void ops64(uint64_t v) {
  mix64(__sync_fetch_and_add(&c64, v));
  mix64(__sync_xor_and_fetch(&c64, v << 7));
  mix64(__sync_fetch_and_or(&c64, v >> 9));
  mix64(__sync_lock_test_and_set(&c64, v * 3));
  mix(__sync_bool_compare_and_swap(&c64, v * 3, ~v));
  mix(__sync_bool_compare_and_swap(&c64, v, 0)); /* fails */
  mix64(__sync_val_compare_and_swap(&c64, ~v, v + 0x100000000ull));
  mix64(__sync_val_compare_and_swap(&c64, 1, 2)); /* fails: the current value */
  __sync_fetch_and_sub(&c64, 1);
  __sync_fetch_and_and(&c64, 0xffff0000ffffffffull);
  mix64(__sync_fetch_and_add(&c64, 0));
}
#endif

/* A spin lock and a counter, the way a program with threads would use them. */
static uint32_t lock_word;
static uint32_t counter;
NOINLINE static void critical(uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    while (__atomic_exchange_n(&lock_word, 1, __ATOMIC_ACQUIRE)) {}
    counter += i;
    __atomic_store_n(&lock_word, 0, __ATOMIC_RELEASE);
  }
}

int main(void) {
#ifdef __GCC_HAVE_SYNC_COMPARE_AND_SWAP_4
  for (uint32_t v = 0; v < 40; v++) ops32(OPQ(v * 0x01234567u + 1));
  section("32-bit");
#endif
#ifdef __GCC_HAVE_SYNC_COMPARE_AND_SWAP_2
  for (uint32_t v = 0; v < 40; v++) ops_narrow(OPQ(v * 0x89abcdefu));
  section("8 and 16-bit");
#endif
#ifdef __GCC_HAVE_SYNC_COMPARE_AND_SWAP_8
  for (uint32_t v = 0; v < 40; v++) ops64(OPQ((uint64_t)v * 0x0123456789abcdefull));
  section("64-bit");
#endif
  critical(OPQ(100u));
  show("counter", counter);
  show("lock", lock_word);
  section("lock");
  return finish();
}
