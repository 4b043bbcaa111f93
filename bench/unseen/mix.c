/* A CPU-bound mix npm run bench never runs (npm run measure:unseen measures it): SHA-256 over a
   buffer, insertion sort, a tiny stack VM, Collatz lengths with 64-bit arithmetic and integer
   matrix multiplication. Prints a checksum. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }
static const uint32_t K[64] = {
  0x428a2f98,0x71374491,0xb5c0fbcf,0xe9b5dba5,0x3956c25b,0x59f111f1,0x923f82a4,0xab1c5ed5,0xd807aa98,0x12835b01,0x243185be,0x550c7dc3,
  0x72be5d74,0x80deb1fe,0x9bdc06a7,0xc19bf174,0xe49b69c1,0xefbe4786,0x0fc19dc6,0x240ca1cc,0x2de92c6f,0x4a7484aa,0x5cb0a9dc,0x76f988da,
  0x983e5152,0xa831c66d,0xb00327c8,0xbf597fc7,0xc6e00bf3,0xd5a79147,0x06ca6351,0x14292967,0x27b70a85,0x2e1b2138,0x4d2c6dfc,0x53380d13,
  0x650a7354,0x766a0abb,0x81c2c92e,0x92722c85,0xa2bfe8a1,0xa81a664b,0xc24b8b70,0xc76c51a3,0xd192e819,0xd6990624,0xf40e3585,0x106aa070,
  0x19a4c116,0x1e376c08,0x2748774c,0x34b0bcb5,0x391c0cb3,0x4ed8aa4a,0x5b9cca4f,0x682e6ff3,0x748f82ee,0x78a5636f,0x84c87814,0x8cc70208,
  0x90befffa,0xa4506ceb,0xbef9a3f7,0xc67178f2};
static void sha256_block(uint32_t h[8], const uint8_t *p) {
  uint32_t w[64];
  for (int i = 0; i < 16; i++) w[i] = (uint32_t)p[4*i] << 24 | (uint32_t)p[4*i+1] << 16 | (uint32_t)p[4*i+2] << 8 | p[4*i+3];
  for (int i = 16; i < 64; i++) {
    uint32_t s0 = rotr(w[i-15], 7) ^ rotr(w[i-15], 18) ^ (w[i-15] >> 3);
    uint32_t s1 = rotr(w[i-2], 17) ^ rotr(w[i-2], 19) ^ (w[i-2] >> 10);
    w[i] = w[i-16] + s0 + w[i-7] + s1;
  }
  uint32_t a=h[0],b=h[1],c=h[2],d=h[3],e=h[4],f=h[5],g=h[6],hh=h[7];
  for (int i = 0; i < 64; i++) {
    uint32_t t1 = hh + (rotr(e,6)^rotr(e,11)^rotr(e,25)) + ((e&f)^(~e&g)) + K[i] + w[i];
    uint32_t t2 = (rotr(a,2)^rotr(a,13)^rotr(a,22)) + ((a&b)^(a&c)^(b&c));
    hh=g; g=f; f=e; e=d+t1; d=c; c=b; b=a; a=t1+t2;
  }
  h[0]+=a; h[1]+=b; h[2]+=c; h[3]+=d; h[4]+=e; h[5]+=f; h[6]+=g; h[7]+=hh;
}
static uint8_t buf[1 << 16];
static int32_t arr[3000];
static int32_t A[48][48], B[48][48], C[48][48];

static int32_t vm(int32_t n) {
  /* push n; loop: dup, jz end, dup, mul-add accumulate, dec, jmp loop */
  static const uint8_t code[] = {1, 2, 3, 4, 5, 6, 0};
  int32_t stack[16]; int sp = 0; int32_t acc = 0; int pc = 0;
  stack[sp++] = n;
  for (;;) {
    switch (code[pc]) {
      case 1: stack[sp] = stack[sp-1]; sp++; pc++; break;
      case 2: if (stack[--sp] == 0) return acc; pc++; break;
      case 3: stack[sp] = stack[sp-1]; sp++; pc++; break;
      case 4: acc = acc * 31 + stack[--sp]; pc++; break;
      case 5: stack[sp-1]--; pc++; break;
      case 6: pc = 0; break;
      default: return acc;
    }
  }
}

int main(void) {
  uint32_t h[8] = {0x6a09e667,0xbb67ae85,0x3c6ef372,0xa54ff53a,0x510e527f,0x9b05688c,0x1f83d9ab,0x5be0cd19};
  uint32_t x = 12345;
  for (unsigned i = 0; i < sizeof buf; i++) { x = x * 1103515245 + 12345; buf[i] = x >> 16; }
  for (int r = 0; r < MIX_N; r++) for (unsigned i = 0; i < sizeof buf; i += 64) sha256_block(h, buf + i);
  uint32_t sum = h[0] ^ h[7];
  for (int r = 0; r < MIX_N; r++) {
    for (int i = 0; i < 3000; i++) { x = x * 1103515245 + 12345; arr[i] = (int32_t)(x >> 8); }
    for (int i = 1; i < 3000; i++) { int32_t v = arr[i]; int j = i - 1; while (j >= 0 && arr[j] > v) { arr[j+1] = arr[j]; j--; } arr[j+1] = v; }
    sum += arr[1500];
  }
  for (int r = 0; r < MIX_N; r++) sum += vm(20000 + r);
  uint64_t steps = 0;
  for (uint64_t n = 1; n < 20000u * MIX_N; n++) { uint64_t v = n; while (v != 1) { v = (v & 1) ? 3 * v + 1 : v / 2; steps++; } }
  sum += (uint32_t)steps;
  for (int i = 0; i < 48; i++) for (int j = 0; j < 48; j++) { A[i][j] = i * 7 + j; B[i][j] = i - 3 * j; }
  for (int r = 0; r < MIX_N; r++) {
    for (int i = 0; i < 48; i++) for (int j = 0; j < 48; j++) { int32_t s = 0; for (int k = 0; k < 48; k++) s += A[i][k] * B[k][j]; C[i][j] = s + r; }
    sum += C[r % 48][(r * 7) % 48];
  }
  printf("mix %u\n", sum);
  return 0;
}
