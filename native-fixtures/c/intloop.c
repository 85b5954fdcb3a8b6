/* intloop: 64-bit integer arithmetic: multiply, divide, remainder, shifts,
   rotates, bit counts, signed and unsigned comparisons. Every variable is
   a fixed-width type: `long` is 32 bits in the nexe (x32) and 64 bits in
   the native twin, so i * i would differ past 2^16. */
#include <stdio.h>
#include <stdint.h>
#include "fixture.h"

static uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

int main(void) {
  long n = read_param(10000);
  uint64_t a = 0x0123456789abcdefull, b = 0xfedcba9876543210ull, c = 0;
  int64_t s = -1234567890123ll;
  for (int64_t i = 1; i <= n; i++) {
    a = a * 6364136223846793005ull + 1442695040888963407ull;
    b ^= rotl(a, (int)(i & 63)) + (b >> 7);
    c += a / (uint64_t)(i | 1) + b % (uint64_t)(i + 7);
    s = s / 3 + (int64_t)(a >> 40) - (int64_t)(i * i) % 1000003;
    if ((int64_t)b < s) c += (uint64_t)__builtin_popcountll(b);
    else c -= (uint64_t)__builtin_clzll(a | 1);
    s ^= (int64_t)((uint64_t)s << 3) >> 5;
  }
  printf("a=%016llx b=%016llx c=%llu s=%lld\n", (unsigned long long)a, (unsigned long long)b,
         (unsigned long long)c, (long long)s);
  return 0;
}
