/* The printf engine: flags "-+ 0#", width and precision (numbers or *),
   length modifiers hh h l ll z j t, conversions d i u o x X c s p %.
   Output goes through a sink so one engine serves streams and strings.
   A conversion outside this list (floating point, %n, ...) is reported on
   stderr and aborts: the runtime never prints something else silently. */
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

/* Reads the length modifier; returns a code: 'H' hh, 'h', 'l', 'L' ll, 'j', 'z', 't', 0. */
static char read_length(const char **f) {
  const char *p = *f;
  char code = 0;
  if (p[0] == 'h' && p[1] == 'h') code = 'H', p += 2;
  else if (p[0] == 'l' && p[1] == 'l') code = 'L', p += 2;
  else if (*p == 'h' || *p == 'l' || *p == 'j' || *p == 'z' || *p == 't') code = *p++;
  *f = p;
  return code;
}

static intmax_t signed_arg(va_list *ap, char length) {
  switch (length) {
    case 'H': return (signed char)va_arg(*ap, int);
    case 'h': return (short)va_arg(*ap, int);
    case 'l': return va_arg(*ap, long);
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
      char ch = (char)va_arg(*ap, int);
      emit_text(s, &sp, &ch, 1);
      return;
    }
    case 's': {
      const char *str = va_arg(*ap, const char *);
      if (!str) str = sp.precision < 0 || sp.precision >= 6 ? "(null)" : "";
      size_t n = sp.precision >= 0 ? strnlen(str, (size_t)sp.precision) : strlen(str);
      emit_text(s, &sp, str, n);
      return;
    }
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
