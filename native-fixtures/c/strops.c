/* strops: rep string instructions (movs, stos, scas, cmps, lods) written as
   inline assembly, next to the runtime's str* functions. */
#include <stdio.h>
#include <string.h>
#include "fixture.h"

static void rep_movsb(void *dst, const void *src, size_t n) {
  __asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
}

static void rep_stosl(void *dst, uint32_t value, size_t count) {
  __asm__ volatile("rep stosl" : "+D"(dst), "+c"(count) : "a"(value) : "memory");
}

static size_t repne_scasb_strlen(const char *s) {
  size_t count = (size_t)-1;
  __asm__ volatile("repne scasb" : "+D"(s), "+c"(count) : "a"(0) : "memory", "cc");
  return (size_t)-2 - count;
}

static int repe_cmpsb_equal(const void *a, const void *b, size_t n) {
  unsigned char equal;
  __asm__ volatile("repe cmpsb\n\tsete %0" : "=q"(equal), "+S"(a), "+D"(b), "+c"(n) : : "memory", "cc");
  return equal;
}

static uint32_t lods_sum(const unsigned char *p, size_t n) {
  uint32_t sum = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c;
    __asm__ volatile("lodsb" : "=a"(c), "+S"(p) : : "memory");
    sum += c;
  }
  return sum;
}

int main(void) {
  long rounds = read_param(50);
  static char a[4096], b[4096];
  static uint32_t words[512];
  uint32_t checksum = 0;
  for (long r = 0; r < rounds; r++) {
    for (int i = 0; i < 4095; i++) a[i] = (char)('a' + (i * 7 + r) % 26);
    a[4095] = 0;
    rep_movsb(b, a, 4096);
    rep_stosl(words, (uint32_t)r * 2654435761u, 512);
    size_t len = repne_scasb_strlen(b);
    int same = repe_cmpsb_equal(a, b, 4096);
    b[(r * 13) % 4000] = '!';
    int differ = !repe_cmpsb_equal(a, b, 4096);
    checksum = checksum * 31 + (uint32_t)len + (uint32_t)same * 3 + (uint32_t)differ * 5 +
               words[(r * 5) % 512] + lods_sum((const unsigned char *)b, 256);
    char *hit = strstr(b, "!");
    checksum += (uint32_t)(hit - b) + (uint32_t)strlen(a) + (uint32_t)(strchr(a, 'z') - a) +
                (uint32_t)(strrchr(a, 'a') - a) + (uint32_t)(strncmp(a, b, 4096) > 0);
  }
  char text[] = "alpha, beta;gamma delta";
  int tokens = 0;
  for (char *t = strtok(text, ",; "); t; t = strtok(0, ",; ")) printf("token %d: %s\n", tokens++, t);
  char copy[16];
  strncpy(copy, "truncate-me-please", sizeof copy - 1);
  copy[sizeof copy - 1] = 0;
  printf("copy=%s rounds=%ld checksum=%08x\n", copy, rounds, checksum);
  return 0;
}
