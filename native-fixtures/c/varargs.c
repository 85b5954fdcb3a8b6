/* varargs: variadic functions (va_list, va_copy, vsnprintf), variable-length
   arrays, alloca, and struct copies by value. */
#include <stdio.h>
#include <stdarg.h>
#include <string.h>
#include <alloca.h>
#include "fixture.h"

static int64_t sum_ints(int count, ...) {
  va_list ap, again;
  va_start(ap, count);
  va_copy(again, ap);
  int64_t total = 0;
  for (int i = 0; i < count; i++) total += va_arg(ap, int);
  for (int i = 0; i < count; i++) total += (int64_t)va_arg(again, int) * i;
  va_end(again);
  va_end(ap);
  return total;
}

static double mix(int count, ...) {
  va_list ap;
  va_start(ap, count);
  double total = 0;
  for (int i = 0; i < count; i++) {
    total += va_arg(ap, double);
    total += (double)va_arg(ap, long long);
  }
  va_end(ap);
  return total;
}

static int format_into(char *buf, size_t size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return n;
}

struct triple { int64_t a; int32_t b; char name[20]; };

static struct triple bump(struct triple t, int by) {
  t.a += by;
  t.b -= by;
  t.name[0] = (char)('A' + by % 26);
  return t;
}

static uint32_t vla_work(int n) {
  uint32_t v[n];
  for (int i = 0; i < n; i++) v[i] = (uint32_t)(i * i + n);
  uint32_t *scratch = alloca((size_t)n * sizeof *scratch);
  for (int i = 0; i < n; i++) scratch[i] = v[n - 1 - i] ^ (uint32_t)i;
  uint32_t s = 0;
  for (int i = 0; i < n; i++) s = s * 17 + scratch[i];
  return s;
}

int main(void) {
  long rounds = read_param(100);
  char buf[96];
  uint32_t acc = 0;
  struct triple t = {1, 2, "triple"};
  for (long r = 0; r < rounds; r++) {
    acc += vla_work((int)(r % 200) + 1);
    acc += (uint32_t)sum_ints(5, (int)r, 2, 3, -4, 5);
    t = bump(t, (int)(r % 7));
  }
  format_into(buf, sizeof buf, "%s|%lld|%d|%x", t.name, (long long)t.a, t.b, acc);
  printf("%s\n", buf);
  printf("mix=%lld\n", (long long)(mix(3, 1.5, 10LL, 2.25, -3LL, 0.25, 100LL) * 100));
  printf("sum=%lld\n", (long long)sum_ints(8, 1, 2, 3, 4, 5, 6, 7, 8));
  return 0;
}
