/* bytecopy: byte-at-a-time loops (copy, reverse, xor, count), plus memcpy and
   memmove over overlapping ranges. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fixture.h"

int main(void) {
  long rounds = read_param(20);
  enum { SIZE = 16384 };
  unsigned char *a = malloc(SIZE), *b = malloc(SIZE);
  if (!a || !b) return 1;
  for (int i = 0; i < SIZE; i++) a[i] = (unsigned char)next_random();
  uint32_t checksum = 0;
  for (long r = 0; r < rounds; r++) {
    for (int i = 0; i < SIZE; i++) b[i] = a[SIZE - 1 - i] ^ (unsigned char)r;
    for (int i = 0; i < SIZE; i++) a[i] = (unsigned char)(b[i] + a[i]);
    memmove(a + 1, a, SIZE - 1);
    memcpy(b, a + 100, 1000);
    for (int i = 0; i < SIZE; i++) checksum = checksum * 33 + b[i];
  }
  int zeros = 0;
  for (int i = 0; i < SIZE; i++) zeros += a[i] == 0;
  printf("rounds=%ld checksum=%08x zeros=%d\n", rounds, checksum, zeros);
  free(a);
  free(b);
  return 0;
}
