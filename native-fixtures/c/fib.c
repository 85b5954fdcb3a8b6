/* fib: naive recursive Fibonacci, plus a deep non-tail recursion that uses a
   few megabytes of the 16 MiB stack. */
#include <stdio.h>
#include "fixture.h"

static int64_t fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

/* volatile keeps gcc from turning the recursion into a loop. */
static int64_t depth_sum(volatile int depth) {
  if (depth == 0) return 0;
  int64_t below = depth_sum(depth - 1);
  return below + (depth ^ (below & 15));
}

int main(void) {
  long n = read_param(20);
  printf("fib(%ld) = %lld\n", n, (long long)fib((int)n));
  printf("depth_sum(100000) = %lld\n", (long long)depth_sum(100000));
  return 0;
}
