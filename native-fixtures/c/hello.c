/* hello: the runtime's printf family and stdio, compared with glibc. */
#include <stdio.h>
#include <string.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <stdbool.h>
#include "fixture.h"

static void formats(void) {
  char buf[64];
  printf("hello, world\n");
  printf("[%d] [%i] [%5d] [%-5d|] [%05d] [%+d] [% d] [%.3d] [%8.3d] [%-+6d|]\n",
         42, -42, 42, 42, -42, 42, 42, 7, -7, 9);
  printf("[%u] [%x] [%X] [%#x] [%#X] [%o] [%#o] [%#o] [%08x] [%#010x]\n",
         3000000000u, 0xbeefu, 0xbeefu, 255u, 255u, 8u, 8u, 0u, 0xabcu, 0xabcu);
  printf("[%hhd] [%hhu] [%hd] [%hu] [%ld] [%lu] [%lld] [%llu] [%llx]\n", (signed char)-3,
         (unsigned char)250, (short)-1234, (unsigned short)65000, -100000L, 4000000000UL,
         LLONG_MIN, ULLONG_MAX, 0x123456789abcdefULL);
  printf("[%zu] [%zd] [%jd] [%ju] [%td] [%d] [%d]\n", (size_t)12345, (ptrdiff_t)-5,
         (intmax_t)INT64_MIN, (uintmax_t)UINT64_MAX, (ptrdiff_t)-77, INT_MAX, INT_MIN);
  printf("[%c] [%3c] [%-3c|] [%s] [%10s] [%-10s|] [%.2s] [%*d] [%-*d|] [%.*d]\n", 'x', 'y',
         'z', "str", "right", "left", "trunc", 6, 1, 6, 2, 4, 3);
  printf("[%p] [%%] [%.0d] [%5.0d|] [%#.0o] [%+.0d]\n", (void *)0, 0, 0, 0, 0);
  int n = snprintf(buf, 8, "%s-%d", "abcdef", 12345);
  printf("snprintf %d [%s]\n", n, buf);
  n = snprintf(buf, sizeof buf, "%08.3d|%-08d|%+05d", 5, 5, 5);
  printf("snprintf %d [%s] strlen %zu\n", n, buf, strlen(buf));
  puts("puts line");
  fputs("fputs line\n", stdout);
  putchar('!');
  putchar('\n');
  fwrite("fwrite bytes\n", 1, 13, stdout);
  bool flag = true;
  printf("bool %d, CHAR_BIT %d, sizeof(int) %zu\n", flag, CHAR_BIT, sizeof(int));
}

int main(void) {
  long rounds = read_param(1);
  for (long i = 0; i < rounds; i++) formats();
  fprintf(stderr, "to stderr: %d\n", 7);
  return 0;
}
