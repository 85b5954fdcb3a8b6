/* FILE streams over ZeroVM channels: stdin (channel 0), stdout (1, fully
   buffered like glibc's stdout on a pipe or file) and stderr (2, unbuffered).
   exit() flushes stdout. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <zvm.h>

struct NaclFile {
  int channel;
  int buffered;
  int eof, error;
  size_t length;   /* output: bytes waiting; input: bytes available */
  size_t position; /* input: next byte to return */
  char buffer[BUFSIZ];
};

static struct NaclFile streams[3];
FILE *stdin = &streams[0];
FILE *stdout = &streams[1];
FILE *stderr = &streams[2];

void __nacl_stdio_init(void) {
  for (int i = 0; i < 3; i++) streams[i].channel = i;
  stdout->buffered = 1;
}

static int write_all(FILE *f, const char *data, size_t n) {
  while (n > 0) {
    int32_t chunk = n > 0x40000000u ? 0x40000000 : (int32_t)n;
    int32_t written = zvm_pwrite(f->channel, data, chunk, 0);
    if (written <= 0) {
      f->error = 1;
      return -1;
    }
    data += written;
    n -= (size_t)written;
  }
  return 0;
}

int fflush(FILE *f) {
  if (!f) {
    fflush(stdout);
    return fflush(stderr);
  }
  if (f == stdin || f->length == 0) return 0;
  size_t n = f->length;
  f->length = 0;
  return write_all(f, f->buffer, n) < 0 ? EOF : 0;
}

void __nacl_stdio_flush_all(void) { fflush(0); }

size_t fwrite(const void *ptr, size_t size, size_t count, FILE *f) {
  size_t n = size * count;
  if (n == 0) return 0;
  if (!f->buffered || n >= BUFSIZ) {
    if (fflush(f) < 0 || write_all(f, ptr, n) < 0) return 0;
    return count;
  }
  if (f->length + n > BUFSIZ && fflush(f) < 0) return 0;
  memcpy(f->buffer + f->length, ptr, n);
  f->length += n;
  return count;
}

int fputc(int c, FILE *f) {
  unsigned char byte = (unsigned char)c;
  return fwrite(&byte, 1, 1, f) == 1 ? byte : EOF;
}

int putc(int c, FILE *f) { return fputc(c, f); }
int putchar(int c) { return fputc(c, stdout); }

int fputs(const char *s, FILE *f) {
  size_t n = strlen(s);
  return n == 0 || fwrite(s, 1, n, f) == n ? 0 : EOF;
}

int puts(const char *s) {
  if (fputs(s, stdout) == EOF) return EOF;
  return putchar('\n') == EOF ? EOF : 0;
}

/* Refills the input buffer; returns 0 at end of input or on error. */
static int refill(FILE *f) {
  if (f->eof || f->error) return 0;
  int32_t got = zvm_pread(f->channel, f->buffer, BUFSIZ, 0);
  if (got <= 0) {
    if (got == 0) f->eof = 1;
    else f->error = 1;
    return 0;
  }
  f->length = (size_t)got;
  f->position = 0;
  return 1;
}

int fgetc(FILE *f) {
  if (f->position == f->length && !refill(f)) return EOF;
  return (unsigned char)f->buffer[f->position++];
}

int getc(FILE *f) { return fgetc(f); }
int getchar(void) { return fgetc(stdin); }

size_t fread(void *ptr, size_t size, size_t count, FILE *f) {
  size_t want = size * count, got = 0;
  char *out = ptr;
  while (got < want) {
    if (f->position == f->length && !refill(f)) break;
    size_t n = f->length - f->position;
    if (n > want - got) n = want - got;
    memcpy(out + got, f->buffer + f->position, n);
    f->position += n;
    got += n;
  }
  return size ? got / size : 0;
}

char *fgets(char *s, int size, FILE *f) {
  int i = 0;
  while (i + 1 < size) {
    int c = fgetc(f);
    if (c == EOF) break;
    s[i++] = (char)c;
    if (c == '\n') break;
  }
  if (i == 0 || size <= 0) return 0;
  s[i] = 0;
  return s;
}

int feof(FILE *f) { return f->eof; }
int ferror(FILE *f) { return f->error; }

void __nacl_assert_fail(const char *expr, const char *file, int line) {
  fprintf(stderr, "%s:%d: Assertion `%s' failed.\n", file, line, expr);
  abort();
}

/* gcc calls these for __builtin_popcount* when the CPU has no popcnt
   instruction enabled; there is no libgcc for x32, so they live here. */
int __popcountsi2(unsigned x) {
  int n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}

int __popcountdi2(unsigned long long x) {
  int n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}
