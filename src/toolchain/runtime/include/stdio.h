/* stdio.h of the nacl-cc runtime: formatted output, FILE streams over the
   ZeroVM channels 0 (stdin), 1 (stdout) and 2 (stderr). */
#ifndef NACL_CC_STDIO_H
#define NACL_CC_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#define EOF (-1)
#define BUFSIZ 4096

typedef struct NaclFile FILE;
extern FILE *stdin;
extern FILE *stdout;
extern FILE *stderr;

#define NACL_PRINTF(f, a) __attribute__((format(printf, f, a)))

int printf(const char *format, ...) NACL_PRINTF(1, 2);
int fprintf(FILE *stream, const char *format, ...) NACL_PRINTF(2, 3);
int sprintf(char *str, const char *format, ...) NACL_PRINTF(2, 3);
int snprintf(char *str, size_t size, const char *format, ...) NACL_PRINTF(3, 4);
int vprintf(const char *format, va_list ap) NACL_PRINTF(1, 0);
int vfprintf(FILE *stream, const char *format, va_list ap) NACL_PRINTF(2, 0);
int vsprintf(char *str, const char *format, va_list ap) NACL_PRINTF(2, 0);
int vsnprintf(char *str, size_t size, const char *format, va_list ap) NACL_PRINTF(3, 0);

int puts(const char *s);
int putchar(int c);
int fputs(const char *s, FILE *stream);
int fputc(int c, FILE *stream);
int putc(int c, FILE *stream);
size_t fwrite(const void *ptr, size_t size, size_t count, FILE *stream);
size_t fread(void *ptr, size_t size, size_t count, FILE *stream);
int fgetc(FILE *stream);
int getc(FILE *stream);
int getchar(void);
char *fgets(char *s, int size, FILE *stream);
int fflush(FILE *stream);
int feof(FILE *stream);
int ferror(FILE *stream);

#endif
