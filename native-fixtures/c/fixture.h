/* Shared by the C fixtures: the workload size comes from stdin, so the same
   nexe serves the quick tests (small input) and the benchmarks (large). */
#ifndef FIXTURE_H
#define FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

/* Reads one decimal number from stdin, or returns `fallback`. */
static long read_param(long fallback) {
  char line[64];
  if (!fgets(line, sizeof line, stdin)) return fallback;
  long v = strtol(line, 0, 10);
  return v > 0 ? v : fallback;
}

/* xorshift64: deterministic pseudo-random numbers, same on every build. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t next_random(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state;
}

#endif
