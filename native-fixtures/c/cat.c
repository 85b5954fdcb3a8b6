/* cat: copies stdin to stdout with fread/fwrite; exit code = bytes mod 256. */
#include <stdio.h>

int main(void) {
  static char buffer[65536];
  unsigned long total = 0;
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, stdin)) > 0) {
    fwrite(buffer, 1, n, stdout);
    total += n;
  }
  return (int)(total & 0xff);
}
