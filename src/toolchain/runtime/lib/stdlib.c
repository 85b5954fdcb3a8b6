/* stdlib.h: sorting, searching, number parsing, exit. */
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <zvm.h>

int errno;

/* Stable merge sort, like glibc's qsort when it can allocate: programs whose
   comparator has ties print the same order as their native build. */
static void merge_sort(char *a, char *tmp, size_t n, size_t size,
                       int (*compare)(const void *, const void *)) {
  if (n < 2) return;
  size_t half = n / 2;
  merge_sort(a, tmp, half, size, compare);
  merge_sort(a + half * size, tmp, n - half, size, compare);
  size_t i = 0, j = half, k = 0;
  while (i < half && j < n) {
    if (compare(a + j * size, a + i * size) < 0) memcpy(tmp + k++ * size, a + j++ * size, size);
    else memcpy(tmp + k++ * size, a + i++ * size, size);
  }
  while (i < half) memcpy(tmp + k++ * size, a + i++ * size, size);
  memcpy(a, tmp, k * size);
}

static void insertion_sort(char *a, size_t n, size_t size,
                           int (*compare)(const void *, const void *)) {
  char swap[256];
  for (size_t i = 1; i < n; i++) {
    for (size_t j = i; j > 0 && compare(a + (j - 1) * size, a + j * size) > 0; j--) {
      for (size_t off = 0; off < size; off += sizeof swap) {
        size_t chunk = size - off < sizeof swap ? size - off : sizeof swap;
        memcpy(swap, a + j * size + off, chunk);
        memcpy(a + j * size + off, a + (j - 1) * size + off, chunk);
        memcpy(a + (j - 1) * size + off, swap, chunk);
      }
    }
  }
}

void qsort(void *base, size_t count, size_t size, int (*compare)(const void *, const void *)) {
  if (count < 2 || size == 0) return;
  char *tmp = malloc(count * size);
  if (tmp) {
    merge_sort(base, tmp, count, size, compare);
    free(tmp);
  } else {
    insertion_sort(base, count, size, compare);
  }
}

void *bsearch(const void *key, const void *base, size_t count, size_t size,
              int (*compare)(const void *, const void *)) {
  const char *lo = base;
  while (count > 0) {
    const char *mid = lo + (count / 2) * size;
    int c = compare(key, mid);
    if (c == 0) return (void *)mid;
    if (c > 0) {
      lo = mid + size;
      count -= count / 2 + 1;
    } else {
      count /= 2;
    }
  }
  return 0;
}

/* Parses an unsigned magnitude; *negative gets the sign. Sets *overflow when
   the value does not fit in `limit`. */
static unsigned long long parse_number(const char *s, char **end, int base, int *negative,
                                       unsigned long long limit, int *overflow) {
  const char *p = s;
  while (isspace((unsigned char)*p)) p++;
  *negative = 0;
  if (*p == '+' || *p == '-') *negative = *p++ == '-';
  if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
      isxdigit((unsigned char)p[2])) {
    p += 2;
    base = 16;
  } else if (base == 0) {
    base = *p == '0' ? 8 : 10;
  }
  unsigned long long value = 0;
  const char *digits = p;
  *overflow = 0;
  for (;; p++) {
    int d;
    if (isdigit((unsigned char)*p)) d = *p - '0';
    else if (isalpha((unsigned char)*p)) d = tolower((unsigned char)*p) - 'a' + 10;
    else break;
    if (d >= base) break;
    if (value > (limit - (unsigned)d) / (unsigned)base) *overflow = 1;
    else value = value * (unsigned)base + (unsigned)d;
  }
  if (end) *end = (char *)(p == digits ? s : p);
  if (*overflow) errno = ERANGE;
  return value;
}

long long strtoll(const char *s, char **end, int base) {
  int negative, overflow;
  unsigned long long v = parse_number(s, end, base, &negative, (unsigned long long)LLONG_MAX + 1, &overflow);
  if (overflow || (!negative && v > (unsigned long long)LLONG_MAX)) {
    errno = ERANGE;
    return negative ? LLONG_MIN : LLONG_MAX;
  }
  return negative ? (long long)(0 - v) : (long long)v;
}

unsigned long long strtoull(const char *s, char **end, int base) {
  int negative, overflow;
  unsigned long long v = parse_number(s, end, base, &negative, ULLONG_MAX, &overflow);
  if (overflow) return ULLONG_MAX;
  return negative ? 0 - v : v;
}

long strtol(const char *s, char **end, int base) {
  int negative, overflow;
  unsigned long long v = parse_number(s, end, base, &negative, (unsigned long long)LONG_MAX + 1, &overflow);
  if (overflow || (!negative && v > (unsigned long long)LONG_MAX)) {
    errno = ERANGE;
    return negative ? LONG_MIN : LONG_MAX;
  }
  return negative ? (long)(0 - v) : (long)v;
}

unsigned long strtoul(const char *s, char **end, int base) {
  int negative, overflow;
  unsigned long long v = parse_number(s, end, base, &negative, ULONG_MAX, &overflow);
  if (overflow) {
    errno = ERANGE;
    return ULONG_MAX;
  }
  return negative ? (unsigned long)(0 - v) : (unsigned long)v;
}

int atoi(const char *s) { return (int)strtol(s, 0, 10); }
long atol(const char *s) { return strtol(s, 0, 10); }
long long atoll(const char *s) { return strtoll(s, 0, 10); }
int abs(int x) { return x < 0 ? -x : x; }
long labs(long x) { return x < 0 ? -x : x; }
long long llabs(long long x) { return x < 0 ? -x : x; }

#define MAX_ATEXIT 32
static void (*exit_handlers[MAX_ATEXIT])(void);
static int exit_handler_count;

int atexit(void (*function)(void)) {
  if (exit_handler_count == MAX_ATEXIT) return -1;
  exit_handlers[exit_handler_count++] = function;
  return 0;
}

void __nacl_stdio_flush_all(void);

void exit(int status) {
  while (exit_handler_count > 0) exit_handlers[--exit_handler_count]();
  __nacl_stdio_flush_all();
  zvm_exit(status);
}

/* There are no signals in ZeroVM: abort ends the session with user code 134
   (128 + SIGABRT, what a shell reports for an aborted native process). */
void abort(void) {
  __nacl_stdio_flush_all();
  zvm_exit(134);
}
