/* printf_float: the runtime's floating-point conversions (%f %F %e %E %g %G
   %a %A, double and long double) and %n against glibc, byte for byte: edge
   cases (zeros, infinities, NaNs, ties, denormals, DBL_MAX, huge
   precisions), every flag, widths and precisions from `*`, then a sweep of
   pseudo-random bit patterns (the count comes from stdin). Values are made
   from bits so both builds print the same numbers. */
#include <stdio.h>
#include <string.h>
#include "fixture.h"

static double from_bits(uint64_t bits) {
  double d;
  memcpy(&d, &bits, sizeof d);
  return d;
}

/* An x87 long double from its significand and sign/exponent bits; passed on
   by pointer so the caller needs no x87 instruction to push it. */
static void long_double_line(const char *format, uint64_t significand, unsigned sign_exponent) {
  union { long double value; unsigned char bytes[16]; } u;
  memset(&u, 0, sizeof u);
  memcpy(u.bytes, &significand, 8);
  memcpy(u.bytes + 8, &sign_exponent, 2);
  const long double *p = &u.value;
  printf("[");
  printf(format, *p);
  printf("]\n");
}

static const char *const formats[] = {
  "%f", "%e", "%g", "%a", "%F", "%E", "%G", "%A",
  "%.0f", "%.0e", "%.0g", "%.0a", "%.1f", "%.3e", "%.10g", "%.2a",
  "%#.0e", "%#g", "%#.0a", "%020.5f", "%-+ #15.3g", "%.17g", "%.40f", "%.60e",
};

static const uint64_t special_bits[] = {
  0x0000000000000000ull, 0x8000000000000000ull, /* +0, -0 */
  0x3ff0000000000000ull, 0xbff0000000000000ull, /* 1, -1 */
  0x3fe0000000000000ull, 0x3ff8000000000000ull, 0x4004000000000000ull, /* 0.5 1.5 2.5 */
  0x3fb999999999999aull, 0x3fd3333333333333ull, /* 0.1 0.3 */
  0x3ff0000000000001ull, 0x3fefffffffffffffull, /* 1 + ulp, 1 - ulp/2 */
  0x444b1ae4d6e2ef50ull, 0x44b52d02c7e14af6ull, /* 1e21 1e23 */
  0x412e847f00000000ull, 0x416312cfe0000000ull, /* 999999.5 9999999 */
  0x3ee4f8b588e368f1ull, 0x3f1a36e2eb1c432dull, /* 1e-5 1e-4 */
  0x7fefffffffffffffull, 0x0010000000000000ull, /* DBL_MAX DBL_MIN */
  0x0000000000000001ull, 0x000fffffffffffffull, /* smallest, largest denormal */
  0x0008000000000000ull, 0x8000000000000003ull,
  0x7ff0000000000000ull, 0xfff0000000000000ull, /* inf -inf */
  0x7ff8000000000000ull, 0xfff8000000000000ull, 0x7ff0000000000001ull, 0xfff4000000000000ull, /* NaNs */
  0x3ffa800000000000ull, 0x3ffb800000000000ull, 0x3fff800000000000ull, /* 0x1.a8p0 0x1.b8p0 0x1.f8p0 */
  0x433fffffffffffffull, 0x4340000000000001ull, /* 2^53 - 1, 2^53 + 2 */
  0x3fa999999999999aull, 0x3fc3333333333333ull, /* 0.05 0.15 */
};

static void flags_and_stars(void) {
  for (int width = 0; width < 14; width += 3) {
    for (int precision = -1; precision < 8; precision += 2) {
      printf("[%*.*f|%-*.*e|%0*.*g|%*.*a]\n", width, precision, 3.14159, width, precision, -31.4159,
             width, precision, 314159.0, -width, precision, 1.0 / 3);
    }
  }
  printf("[%.*f][%.*e]\n", -5, 2.5, -1, 2.5);
  printf("[%5.1f%%][%-8.2e|][%08.3f][%-08.3f][%+08.3f][% 08.3f]\n", 99.95, 0.000125, -1.5, -1.5, 1.5, 1.5);
  printf("[%010f][%-10f][%010E][%010a]\n", from_bits(0xfff0000000000000ull), from_bits(0x7ff8000000000000ull),
         from_bits(0x7ff0000000000000ull), from_bits(0xfff8000000000000ull));
  printf("[%d %f %s %.2e %c %g %x]\n", 42, 0.1, "mixed", 6.02214076e23, 'z', 1e-300, 255u);
  printf("[%.350f]\n", from_bits(0x7fefffffffffffffull));
  printf("[%.770e]\n", from_bits(0x000fffffffffffffull));
}

static void counts(void) {
  int n1 = -1, n3 = -1;
  long long n2 = -1;
  signed char n4 = -1;
  short n5 = -1;
  int total = printf("ab%ncd%f%lln%-9.2e%n%hhn|%hn\n", &n1, 0.5, &n2, 12.0, &n3, &n4, &n5);
  printf("%%n: %d %lld %d %d %d total %d\n", n1, n2, n3, n4, n5, total);
  char small[12];
  int full = snprintf(small, sizeof small, "%.10f|%e", 2.0 / 3, 1e10);
  printf("snprintf %d [%s]\n", full, small);
}

static void long_doubles(void) {
  static const struct { uint64_t significand; unsigned sign_exponent; } values[] = {
    {0x8000000000000000ull, 0x3fff}, {0xc000000000000000ull, 0x4000}, /* 1 3 */
    {0xf800000000000000ull, 0x4002}, {0xcccccccccccccccdull, 0x3ffb}, /* 15.5 0.1 */
    {0x8000000000000000ull, 0x43fe}, {0xa000000000000000ull, 0x3c01}, /* 2^1023 1.25 * 2^-1022 */
    {0x0000000000000000ull, 0x8000},                                  /* -0 */
    {0x8000000000000000ull, 0x7fff}, {0x8000000000000000ull, 0xffff}, /* inf -inf */
    {0xc000000000000000ull, 0x7fff}, {0xc000000000000000ull, 0xffff}, /* NaNs */
    {0xff80000000000000ull, 0x4002}, {0x8000000000000000ull, 0x3ffe}, /* 0xf.f8p0 0.5 */
  };
  static const char *const ld_formats[] = {
    "%Lf", "%Le", "%Lg", "%La", "%.0La", "%.1La", "%.30Lf", "%.50Le", "%LA", "%#.0La", "%.20Lg", "%-+12.3Lg",
  };
  for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
    for (size_t j = 0; j < sizeof ld_formats / sizeof *ld_formats; j++) {
      long_double_line(ld_formats[j], values[i].significand, values[i].sign_exponent);
    }
  }
  /* The extreme exponents cost seconds under the emulator (a big integer of
     up to 1280 words): only LDBL_MAX, all 4933 digits, is printed here. */
  long_double_line("%Lf", 0xffffffffffffffffull, 0x7ffe);
}

int main(void) {
  long sweep = read_param(200);
  size_t nformats = sizeof formats / sizeof *formats;
  for (size_t i = 0; i < sizeof special_bits / sizeof *special_bits; i++) {
    double x = from_bits(special_bits[i]);
    for (size_t j = 0; j < nformats; j++) {
      printf("[");
      printf(formats[j], x);
      printf("]\n");
    }
  }
  flags_and_stars();
  counts();
  long_doubles();
  for (long i = 0; i < sweep; i++) {
    uint64_t bits = next_random();
    double x = from_bits(bits);
    /* every third value a short decimal, where ties and carries happen */
    if (i % 3 == 1) x = (double)(int64_t)(bits >> 40) / (double)(1u << (bits & 15));
    printf("%016llx [%.17g] [%e] [%.3f] [%a] [%.1a] [%#.5g] [%.0e]\n", (unsigned long long)bits, x, x, x, x, x, x, x);
  }
  return 0;
}
