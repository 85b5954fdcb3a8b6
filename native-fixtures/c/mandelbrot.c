/* mandelbrot: escape-time iteration in double precision; prints a small
   ASCII picture and a checksum of all iteration counts. */
#include <stdio.h>
#include "fixture.h"

static int iterations(double cr, double ci, int limit) {
  double zr = 0, zi = 0;
  int i = 0;
  while (i < limit && zr * zr + zi * zi <= 4.0) {
    double t = zr * zr - zi * zi + cr;
    zi = 2 * zr * zi + ci;
    zr = t;
    i++;
  }
  return i;
}

int main(void) {
  long size = read_param(64);
  int limit = 200;
  uint64_t checksum = 0;
  for (long y = 0; y < size; y++) {
    for (long x = 0; x < size; x++) {
      int it = iterations(-2.0 + 2.5 * (double)x / (double)size, -1.25 + 2.5 * (double)y / (double)size, limit);
      checksum = checksum * 1000003u + (uint64_t)it;
    }
  }
  for (int y = 0; y < 24; y++) {
    char line[65];
    for (int x = 0; x < 64; x++) {
      int it = iterations(-2.0 + 2.5 * x / 64.0, -1.25 + 2.5 * y / 24.0, limit);
      line[x] = it == limit ? '#' : " .:-=+*%@"[it % 9];
    }
    line[64] = 0;
    puts(line);
  }
  printf("size=%ld checksum=%016llx\n", size, (unsigned long long)checksum);
  return 0;
}
