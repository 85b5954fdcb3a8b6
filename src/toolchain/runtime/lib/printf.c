/* The printf engine: flags "-+ 0#", width and precision (numbers or *),
   length modifiers hh h l ll L q z j t, conversions d i u o x X c s p n %
   and the floating-point ones f F e E g G a A (double, or long double with
   L), printed exactly as glibc prints them (see "Floating point" below).
   Output goes through a sink so one engine serves streams and strings.
   A conversion outside this list is reported on stderr and aborts (gcc's
   -Wformat warns about it at compile time): the runtime never prints
   something else silently. */
#include <stdio.h>
#include <stdarg.h>
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include <stdlib.h>

struct sink {
  void (*put)(struct sink *self, const char *data, size_t n);
  char *buffer;   /* string sinks */
  size_t capacity;
  size_t length;  /* bytes produced so far (returned by printf) */
  FILE *stream;   /* stream sinks */
};

struct spec {
  int left, plus, space, zero, alternate;
  int width, precision; /* precision -1: none */
};

static void emit(struct sink *s, const char *data, size_t n) {
  s->put(s, data, n);
  s->length += n;
}

static void emit_repeat(struct sink *s, char c, int count) {
  char chunk[32];
  memset(chunk, c, sizeof chunk);
  while (count > 0) {
    int n = count < 32 ? count : 32;
    emit(s, chunk, (size_t)n);
    count -= n;
  }
}

/* Writes prefix + zero padding + digits with the field width applied. */
static void emit_field(struct sink *s, const struct spec *sp, const char *prefix,
                       const char *digits, int ndigits, int zeros) {
  int plen = (int)strlen(prefix);
  int body = plen + zeros + ndigits;
  int pad = sp->width > body ? sp->width - body : 0;
  if (!sp->left && !(sp->zero && sp->precision < 0)) emit_repeat(s, ' ', pad);
  emit(s, prefix, (size_t)plen);
  if (!sp->left && sp->zero && sp->precision < 0) emit_repeat(s, '0', pad);
  emit_repeat(s, '0', zeros);
  emit(s, digits, (size_t)ndigits);
  if (sp->left) emit_repeat(s, ' ', pad);
}

static void emit_integer(struct sink *s, const struct spec *sp, uintmax_t value, int negative,
                         unsigned base, int upper, char conversion) {
  char digits[32];
  int n = 0;
  const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  for (uintmax_t v = value; v != 0; v /= base) digits[31 - n++] = set[v % base];
  if (value == 0 && sp->precision != 0) digits[31 - n++] = '0';

  int zeros = sp->precision > n ? sp->precision - n : 0;
  const char *prefix = "";
  if (conversion == 'd' || conversion == 'i') {
    prefix = negative ? "-" : sp->plus ? "+" : sp->space ? " " : "";
  } else if (sp->alternate && conversion == 'o' && zeros == 0 && (n == 0 || digits[32 - n] != '0')) {
    zeros = 1;
  } else if ((sp->alternate && value != 0 && (conversion == 'x' || conversion == 'X')) ||
             conversion == 'p') {
    prefix = upper ? "0X" : "0x";
  }
  emit_field(s, sp, prefix, digits + 32 - n, n, zeros);
}

static void emit_text(struct sink *s, const struct spec *sp, const char *text, size_t n) {
  struct spec plain = *sp;
  plain.zero = 0;
  plain.precision = -1;
  emit_field(s, &plain, "", text, (int)n, 0);
}

static void unsupported(char conversion) {
  char message[] = "printf: the conversion %? is not supported by the nacl-cc runtime\n";
  message[24] = conversion;
  fputs(message, stderr);
  abort();
}

/* ---- Floating point ----
   A finite value is m * 2^e with an integer significand m (53 bits for a
   double, 64 for an x87 long double). The conversions work on the integer
   N = m * 2^e when e >= 0, or N = m * 5^-e when e < 0 (m * 2^e * 10^-e):
   then value = N / 10^F with F = max(0, -e), so the decimal digits of N,
   with the point F places from the right, are the exact decimal expansion
   of the value. N is a big integer of base-1e9 words built by multiplying
   by small powers of 2 or 5. Every conversion rounds that exact digit
   string half-to-even (glibc's result in the default rounding mode) and
   streams the digits out, so precision is unbounded and no buffer holds
   the result. Only integer arithmetic is involved. %a works on the bits.

   Digits are addressed by place: the digit at place p has value 10^p. */

#define BIG_WORDS 1300  /* 2^64 * 5^16445 (the smallest long double) has 11515 digits */
#define NO_CARRY (-0x7fffffff)

static const uint32_t powers_of_ten[10] = {
  1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
};

static const uint32_t powers_of_five[14] = {
  1, 5, 25, 125, 625, 3125, 15625, 78125, 390625, 1953125, 9765625, 48828125, 244140625, 1220703125,
};

struct decimal {
  int words;   /* words of N in use (>= 1) */
  int point;   /* place of N's leading digit (0 when N = 0) */
  int low;     /* place of N's last digit: -F */
  uint32_t w[BIG_WORDS]; /* N, least significant word first */
};

static void big_multiply(struct decimal *d, uint32_t factor) {
  uint64_t carry = 0;
  for (int i = 0; i < d->words; i++) {
    uint64_t t = (uint64_t)d->w[i] * factor + carry;
    d->w[i] = (uint32_t)(t % 1000000000u);
    carry = t / 1000000000u;
  }
  while (carry) {
    d->w[d->words++] = (uint32_t)(carry % 1000000000u);
    carry /= 1000000000u;
  }
}

static void decimal_from(struct decimal *d, uint64_t m, int e) {
  if (m == 0) e = 0;
  d->words = 0;
  do {
    d->w[d->words++] = (uint32_t)(m % 1000000000u);
    m /= 1000000000u;
  } while (m != 0);
  d->low = e < 0 ? e : 0;
  /* factor < 2^32 keeps word * factor + carry below 2^64 */
  for (int k = e; k > 0; k -= 31) big_multiply(d, 1u << (k < 31 ? k : 31));
  for (int k = -e; k > 0; k -= 13) big_multiply(d, powers_of_five[k < 13 ? k : 13]);
  int top = 1;
  while (top < 9 && d->w[d->words - 1] >= powers_of_ten[top]) top++;
  d->point = d->low + 9 * (d->words - 1) + top - 1;
}

static int digit_at(const struct decimal *d, int place) {
  if (place > d->point || place < d->low) return 0;
  int r = place - d->low;
  return (int)(d->w[r / 9] / powers_of_ten[r % 9] % 10);
}

/* Rounding to keep the places >= low: returns the place whose digit a round
   up increments (the lowest place >= low whose digit is not 9; places below
   it become 0), or NO_CARRY when the exact value rounds down. Ties go to
   the even digit. */
static int carry_place(const struct decimal *d, int low) {
  int first = digit_at(d, low - 1);
  int up = first > 5;
  if (first == 5) {
    up = digit_at(d, low) & 1;
    for (int p = low - 2; p >= d->low && !up; p--) up = digit_at(d, p) != 0;
  }
  if (!up) return NO_CARRY;
  while (digit_at(d, low) == 9) low++;
  return low;
}

/* The digit at `place` of the rounded value. */
static int rounded_digit(const struct decimal *d, int carry, int place) {
  if (carry == NO_CARRY || place > carry) return digit_at(d, place);
  return place == carry ? digit_at(d, place) + 1 : 0;
}

/* The place of the rounded value's leading digit. */
static int rounded_point(const struct decimal *d, int carry) {
  return carry != NO_CARRY && carry > d->point ? carry : d->point;
}

/* The lowest place in [from, to] whose rounded digit is not 0, or to + 1. */
static int lowest_nonzero(const struct decimal *d, int carry, int from, int to) {
  if (carry != NO_CARRY) return carry;
  while (from <= to && digit_at(d, from) == 0) from++;
  return from;
}

/* Emits the rounded digits at places from, from - 1, ..., to. */
static void emit_places(struct sink *s, const struct decimal *d, int carry, int from, int to) {
  char chunk[64];
  int n = 0;
  for (int p = from; p >= to; p--) {
    chunk[n++] = (char)('0' + rounded_digit(d, carry, p));
    if (n == (int)sizeof chunk || p == to) emit(s, chunk, (size_t)n), n = 0;
  }
}

/* Pads and writes `prefix` for a field of `length` characters (prefix
   included); returns the spaces owed after the body (left justification). */
static int pad_before(struct sink *s, const struct spec *sp, const char *prefix, int length, int zero_ok) {
  int pad = sp->width > length ? sp->width - length : 0;
  int zeros = sp->zero && zero_ok && !sp->left;
  if (!sp->left && !zeros) emit_repeat(s, ' ', pad);
  emit(s, prefix, strlen(prefix));
  if (zeros) emit_repeat(s, '0', pad);
  return sp->left ? pad : 0;
}

struct fpvalue {
  int negative;
  int kind;        /* 'f' finite, 'i' infinity, 'n' NaN */
  uint64_t m;      /* finite value = m * 2^e */
  int e;
  int lead_bits;   /* %a: bits of m after the leading hex digit (52, or 60 for long double) */
};

static struct fpvalue decode_double(uint64_t bits) {
  struct fpvalue v = {(int)(bits >> 63), 'f', bits & 0xfffffffffffffull, -1074, 52};
  int biased = (int)(bits >> 52) & 0x7ff;
  if (biased == 0x7ff) v.kind = v.m ? 'n' : 'i';
  else if (biased != 0) v.m |= 1ull << 52, v.e = biased - 1075;
  return v;
}

/* x87 extended: 64-bit significand with an explicit integer bit, 15-bit exponent. */
static struct fpvalue decode_long_double(uint64_t significand, unsigned sign_exponent) {
  int biased = (int)(sign_exponent & 0x7fff);
  struct fpvalue v = {(int)(sign_exponent >> 15) & 1, 'f', significand, (biased ? biased : 1) - 16383 - 63, 60};
  if (biased == 0x7fff) v.kind = significand << 1 ? 'n' : 'i';
  return v;
}

/* psABI: a long double argument always travels in the stack area of the
   va_list, 16-byte aligned, 16 bytes long. Read its bytes there, so no x87
   instruction is needed. */
static struct fpvalue long_double_arg(va_list *ap) {
  uintptr_t at = ((uintptr_t)(*ap)->overflow_arg_area + 15) & ~(uintptr_t)15;
  uint64_t significand;
  uint16_t sign_exponent;
  memcpy(&significand, (const void *)at, 8);
  memcpy(&sign_exponent, (const void *)(at + 8), 2);
  (*ap)->overflow_arg_area = (void *)(at + 16);
  return decode_long_double(significand, sign_exponent);
}

static void emit_exponent(struct sink *s, char letter, int x, int min_digits) {
  char text[16];
  int n = 0;
  unsigned magnitude = x < 0 ? (unsigned)-x : (unsigned)x;
  do text[15 - n++] = (char)('0' + magnitude % 10), magnitude /= 10; while (magnitude || n < min_digits);
  text[15 - n++] = x < 0 ? '-' : '+';
  text[15 - n++] = letter;
  emit(s, text + 16 - n, (size_t)n);
}

static int exponent_length(int x, int min_digits) {
  int n = 1;
  for (unsigned m = x < 0 ? (unsigned)-x : (unsigned)x; m >= 10; m /= 10) n++;
  return 2 + (n > min_digits ? n : min_digits);
}

/* %a: a leading hex digit, the rest of m in hex, and the binary exponent.
   Like glibc, a double shows 1 (normal) or 0 (subnormal) before the point,
   a long double its top four significand bits; rounding is half-to-even
   on the exact bits and a carry out of the leading digit stays visible
   (0x2.0p+0) for a double but renormalises (0x1p+4) for a long double. */
static void emit_hex_float(struct sink *s, const struct spec *sp, const char *sign,
                           const struct fpvalue *v, int upper) {
  int nibbles = v->lead_bits / 4;
  unsigned lead = (unsigned)(v->m >> v->lead_bits);
  uint64_t rest = v->m << (64 - v->lead_bits);   /* the digits after the point, left-aligned */
  int x = v->m ? v->e + v->lead_bits : 0;
  int precision = sp->precision;
  if (precision < 0) {
    precision = nibbles;
    while (precision > 0 && ((rest >> (64 - 4 * precision)) & 15) == 0) precision--;
  } else if (precision < nibbles) {
    uint64_t dropped = rest << 4 * precision;
    uint64_t kept = precision ? rest >> (64 - 4 * precision) : 0;
    int odd = (int)((precision ? kept : lead) & 1);
    if ((dropped >> 63) && ((dropped << 1) != 0 || odd)) {
      kept++;
      if (precision == 0 || kept >> 4 * precision) kept = 0, lead++;
      if (lead == 16) lead = 1, x += 4;
    }
    rest = precision ? kept << (64 - 4 * precision) : 0;
  }
  const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char prefix[8];
  size_t sign_length = strlen(sign);
  memcpy(prefix, sign, sign_length);
  memcpy(prefix + sign_length, upper ? "0X" : "0x", 3);
  int point = precision > 0 || sp->alternate;
  int length = (int)sign_length + 3 + point + precision + exponent_length(x, 1);
  int owed = pad_before(s, sp, prefix, length, 1);
  char digits[2] = {set[lead], '.'};
  emit(s, digits, (size_t)(1 + point));
  for (int i = 0; i < precision && i < nibbles; i++) emit(s, &set[(rest >> (60 - 4 * i)) & 15], 1);
  if (precision > nibbles) emit_repeat(s, '0', precision - nibbles);
  emit_exponent(s, upper ? 'P' : 'p', x, 1);
  emit_repeat(s, ' ', owed);
}

static void emit_float(struct sink *s, const struct spec *sp, const struct fpvalue *v, char conversion) {
  int upper = conversion >= 'A' && conversion <= 'Z';
  char style = (char)(conversion | 0x20);
  const char *sign = v->negative ? "-" : sp->plus ? "+" : sp->space ? " " : "";
  if (v->kind != 'f') {
    const char *word = v->kind == 'i' ? (upper ? "INF" : "inf") : (upper ? "NAN" : "nan");
    int owed = pad_before(s, sp, sign, (int)strlen(sign) + 3, 0);
    emit(s, word, 3);
    emit_repeat(s, ' ', owed);
    return;
  }
  if (style == 'a') {
    emit_hex_float(s, sp, sign, v, upper);
    return;
  }
  struct decimal d;
  decimal_from(&d, v->m, v->e);
  int precision = sp->precision < 0 ? 6 : sp->precision;
  int trim = 0;
  if (style == 'g') {
    /* %g: P significant digits; the exponent X of the %e form picks the style. */
    int p = precision ? precision : 1;
    int x = rounded_point(&d, carry_place(&d, d.point - (p - 1)));
    if (x < p && x >= -4) style = 'f', precision = p - 1 - x;
    else style = 'e', precision = d.point == p - 1 ? 0 : p - 1;
    /* The 0 above is glibc's: when rounding carries a value just below 10^P
       up to 10^P, glibc keeps the fraction length of the %f form it chose
       first (none), so "%#g" of 999999.5 is "1.e+06", not "1.00000e+06". */
    trim = !sp->alternate;
  }
  int carry, first, shown, tail;
  if (style == 'f') {
    carry = carry_place(&d, -precision);
    first = rounded_point(&d, carry);
    if (first < 0) first = 0;
    shown = precision;
    if (trim) shown = -lowest_nonzero(&d, carry, -precision, -1);
    if (shown < 0) shown = 0;
    tail = 0;
  } else {
    carry = carry_place(&d, d.point - precision);
    first = rounded_point(&d, carry);
    shown = precision;
    if (trim) shown = first - lowest_nonzero(&d, carry, first - precision, first - 1);
    if (shown < 0) shown = 0;
    tail = exponent_length(first, 2);
  }
  int integer = style == 'f' ? first + 1 : 1;  /* digits before the point */
  int point = shown > 0 || sp->alternate;
  int length = (int)strlen(sign) + integer + point + shown + tail;
  int owed = pad_before(s, sp, sign, length, 1);
  int last = first - integer + 1;               /* place of the last digit before the point */
  emit_places(s, &d, carry, first, last);
  if (point) emit(s, ".", 1);
  emit_places(s, &d, carry, last - 1, last - shown);
  if (tail) emit_exponent(s, upper ? 'E' : 'e', first, 2);
  emit_repeat(s, ' ', owed);
}

/* %n: stores the count so far in an object of the length modifier's type. */
static void store_count(va_list *ap, char length, size_t count) {
  switch (length) {
    case 'H': *va_arg(*ap, signed char *) = (signed char)count; return;
    case 'h': *va_arg(*ap, short *) = (short)count; return;
    case 'l': *va_arg(*ap, long *) = (long)count; return;
    case 'q':
    case 'L': *va_arg(*ap, long long *) = (long long)count; return;
    case 'j': *va_arg(*ap, intmax_t *) = (intmax_t)count; return;
    case 'z':
    case 't': *va_arg(*ap, ptrdiff_t *) = (ptrdiff_t)count; return;
    default: *va_arg(*ap, int *) = (int)count; return;
  }
}

/* Reads the length modifier; returns a code: 'H' hh, 'h', 'l', 'q' ll (or q),
   'L' (long double; with an integer conversion glibc reads long long), 'j',
   'z', 't', 0. */
static char read_length(const char **f) {
  const char *p = *f;
  char code = 0;
  if (p[0] == 'h' && p[1] == 'h') code = 'H', p += 2;
  else if (p[0] == 'l' && p[1] == 'l') code = 'q', p += 2;
  else if (*p == 'h' || *p == 'l' || *p == 'j' || *p == 'z' || *p == 't' || *p == 'L' || *p == 'q') {
    code = *p++;
  }
  *f = p;
  return code;
}

static intmax_t signed_arg(va_list *ap, char length) {
  switch (length) {
    case 'H': return (signed char)va_arg(*ap, int);
    case 'h': return (short)va_arg(*ap, int);
    case 'l': return va_arg(*ap, long);
    case 'q':
    case 'L': return va_arg(*ap, long long);
    case 'j': return va_arg(*ap, intmax_t);
    case 'z': return va_arg(*ap, ptrdiff_t); /* ssize_t has the size of ptrdiff_t */
    case 't': return va_arg(*ap, ptrdiff_t);
    default: return va_arg(*ap, int);
  }
}

static uintmax_t unsigned_arg(va_list *ap, char length) {
  switch (length) {
    case 'H': return (unsigned char)va_arg(*ap, unsigned);
    case 'h': return (unsigned short)va_arg(*ap, unsigned);
    case 'l': return va_arg(*ap, unsigned long);
    case 'q':
    case 'L': return va_arg(*ap, unsigned long long);
    case 'j': return va_arg(*ap, uintmax_t);
    case 'z': return va_arg(*ap, size_t);
    case 't': return (uintmax_t)va_arg(*ap, ptrdiff_t);
    default: return va_arg(*ap, unsigned);
  }
}

static int read_number(const char **f, va_list *ap) {
  if (**f == '*') {
    (*f)++;
    return va_arg(*ap, int);
  }
  int n = 0;
  while (**f >= '0' && **f <= '9') n = n * 10 + (*(*f)++ - '0');
  return n;
}

static void convert(struct sink *s, const char **f, va_list *ap) {
  struct spec sp = {0, 0, 0, 0, 0, 0, -1};
  for (;; (*f)++) {
    char c = **f;
    if (c == '-') sp.left = 1;
    else if (c == '+') sp.plus = 1;
    else if (c == ' ') sp.space = 1;
    else if (c == '0') sp.zero = 1;
    else if (c == '#') sp.alternate = 1;
    else break;
  }
  sp.width = read_number(f, ap);
  if (sp.width < 0) sp.left = 1, sp.width = -sp.width;
  if (**f == '.') {
    (*f)++;
    sp.precision = read_number(f, ap);
    if (sp.precision < 0) sp.precision = -1;
  }
  char length = read_length(f);
  char conversion = *(*f)++;
  switch (conversion) {
    case 'd':
    case 'i': {
      intmax_t v = signed_arg(ap, length);
      uintmax_t magnitude = v < 0 ? (uintmax_t)0 - (uintmax_t)v : (uintmax_t)v;
      emit_integer(s, &sp, magnitude, v < 0, 10, 0, conversion);
      return;
    }
    case 'u': emit_integer(s, &sp, unsigned_arg(ap, length), 0, 10, 0, 'u'); return;
    case 'o': emit_integer(s, &sp, unsigned_arg(ap, length), 0, 8, 0, 'o'); return;
    case 'x': emit_integer(s, &sp, unsigned_arg(ap, length), 0, 16, 0, 'x'); return;
    case 'X': emit_integer(s, &sp, unsigned_arg(ap, length), 0, 16, 1, 'X'); return;
    case 'p': {
      void *p = va_arg(*ap, void *);
      if (!p) emit_text(s, &sp, "(nil)", 5);
      else emit_integer(s, &sp, (uintptr_t)p, 0, 16, 0, 'p');
      return;
    }
    case 'c': {
      if (length == 'l') unsupported('C'); /* %lc: wide characters */
      char ch = (char)va_arg(*ap, int);
      emit_text(s, &sp, &ch, 1);
      return;
    }
    case 's': {
      if (length == 'l') unsupported('S'); /* %ls: wide strings */
      const char *str = va_arg(*ap, const char *);
      if (!str) str = sp.precision < 0 || sp.precision >= 6 ? "(null)" : "";
      size_t n = sp.precision >= 0 ? strnlen(str, (size_t)sp.precision) : strlen(str);
      emit_text(s, &sp, str, n);
      return;
    }
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A': {
      struct fpvalue v;
      if (length == 'L') {
        v = long_double_arg(ap);
      } else {
        double x = va_arg(*ap, double);
        uint64_t bits;
        memcpy(&bits, &x, sizeof bits);
        v = decode_double(bits);
      }
      emit_float(s, &sp, &v, conversion);
      return;
    }
    case 'n': store_count(ap, length, s->length); return;
    case '%': emit(s, "%", 1); return;
    default: unsupported(conversion ? conversion : '?');
  }
}

static int format(struct sink *s, const char *f, va_list ap) {
  va_list args;
  va_copy(args, ap);
  while (*f) {
    const char *start = f;
    while (*f && *f != '%') f++;
    if (f > start) emit(s, start, (size_t)(f - start));
    if (*f == '%') {
      f++;
      convert(s, &f, &args);
    }
  }
  va_end(args);
  return (int)s->length;
}

static void put_string(struct sink *s, const char *data, size_t n) {
  if (s->length + 1 < s->capacity) {
    size_t room = s->capacity - 1 - s->length;
    memcpy(s->buffer + s->length, data, n < room ? n : room);
  }
}

static void put_stream(struct sink *s, const char *data, size_t n) {
  fwrite(data, 1, n, s->stream);
}

int vsnprintf(char *str, size_t size, const char *f, va_list ap) {
  struct sink s = {put_string, str, size, 0, 0};
  int n = format(&s, f, ap);
  if (size > 0) str[(size_t)n < size ? (size_t)n : size - 1] = 0;
  return n;
}

int vsprintf(char *str, const char *f, va_list ap) { return vsnprintf(str, 0x7fffffff, f, ap); }

int vfprintf(FILE *stream, const char *f, va_list ap) {
  struct sink s = {put_stream, 0, 0, 0, stream};
  return format(&s, f, ap);
}

int vprintf(const char *f, va_list ap) { return vfprintf(stdout, f, ap); }

int snprintf(char *str, size_t size, const char *f, ...) {
  va_list ap;
  va_start(ap, f);
  int n = vsnprintf(str, size, f, ap);
  va_end(ap);
  return n;
}

int sprintf(char *str, const char *f, ...) {
  va_list ap;
  va_start(ap, f);
  int n = vsprintf(str, f, ap);
  va_end(ap);
  return n;
}

int fprintf(FILE *stream, const char *f, ...) {
  va_list ap;
  va_start(ap, f);
  int n = vfprintf(stream, f, ap);
  va_end(ap);
  return n;
}

int printf(const char *f, ...) {
  va_list ap;
  va_start(ap, f);
  int n = vfprintf(stdout, f, ap);
  va_end(ap);
  return n;
}
