/* qsort: sorts pseudo-random records with qsort (indirect calls through a
   comparator, recursion in the runtime) and checks with bsearch. Ties carry
   distinct payloads, so this also checks that qsort is stable like glibc's. */
#include <stdio.h>
#include <stdlib.h>
#include "fixture.h"

struct record { uint32_t key; uint32_t payload; };

static int by_key(const void *a, const void *b) {
  const struct record *x = a, *y = b;
  return (x->key > y->key) - (x->key < y->key);
}

static int compare_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

int main(void) {
  long n = read_param(2000);
  struct record *records = malloc(sizeof *records * (size_t)n);
  uint32_t *keys = malloc(sizeof *keys * (size_t)n);
  if (!records || !keys) return 1;
  for (long i = 0; i < n; i++) {
    records[i].key = (uint32_t)(next_random() % (uint64_t)(n / 2 + 1));
    records[i].payload = (uint32_t)i;
  }
  qsort(records, (size_t)n, sizeof *records, by_key);
  uint64_t checksum = 0;
  for (long i = 0; i < n; i++) {
    checksum = checksum * 31 + records[i].key * 7919u + records[i].payload;
    keys[i] = records[i].key;
  }
  long found = 0;
  for (long i = 0; i < n; i += 7) {
    uint32_t probe = (uint32_t)i;
    if (bsearch(&probe, keys, (size_t)n, sizeof *keys, compare_u32)) found++;
  }
  qsort(keys, (size_t)n, sizeof *keys, compare_u32);
  printf("n=%ld first=%u/%u last=%u/%u checksum=%016llx found=%ld\n", n, records[0].key,
         records[0].payload, records[n - 1].key, records[n - 1].payload,
         (unsigned long long)checksum, found);
  free(keys);
  free(records);
  return 0;
}
