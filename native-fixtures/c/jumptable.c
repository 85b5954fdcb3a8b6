/* jumptable: a dense switch (a jump table in .rodata) and a table of function
   pointers, both reached by indirect branches. */
#include <stdio.h>
#include "fixture.h"

static uint32_t step(uint32_t x, unsigned k) {
  switch (k & 15) {
    case 0: return x + 1;
    case 1: return x * 3;
    case 2: return x ^ 0x55aa55aau;
    case 3: return x >> 1;
    case 4: return x << 2;
    case 5: return x - 7;
    case 6: return ~x;
    case 7: return x * x;
    case 8: return x + 0x1234;
    case 9: return x | 1;
    case 10: return x & 0xfffff0f0u;
    case 11: return (x << 5) | (x >> 27);
    case 12: return x / 3;
    case 13: return x % 1000;
    case 14: return x + k;
    default: return x ^ k;
  }
}

static uint32_t f_add(uint32_t x) { return x + 11; }
static uint32_t f_mul(uint32_t x) { return x * 5; }
static uint32_t f_xor(uint32_t x) { return x ^ 0xdeadbeefu; }
static uint32_t f_rot(uint32_t x) { return (x >> 3) | (x << 29); }

int main(void) {
  long n = read_param(10000);
  uint32_t (*const table[4])(uint32_t) = {f_add, f_mul, f_xor, f_rot};
  uint32_t x = 1, y = 2;
  for (long i = 0; i < n; i++) {
    x = step(x, (unsigned)(x ^ (uint32_t)i));
    y = table[(x ^ y) & 3](y);
  }
  printf("n=%ld x=%08x y=%08x\n", n, x, y);
  return 0;
}
