/* A native stand-in for ZeroVM, used only by the native twin of channels.c:
   a user manifest describing the channels the fixture's manifest declares,
   and TrapRead/TrapWrite following the order of checks in
   docs/zerovm-spec.md 2.2 and 2.3, with the data kept in memory. */
#include <stdint.h>
#include <string.h>
#include <stdlib.h>
#include "zvm.h"

#define NCH 6
static struct ZVMChannel channels[NCH] = {
  {{0x7fffffff, 0x7fffffff, 0, 0}, 0, SGetSPut, "/dev/stdin"},
  {{0, 0, 0x7fffffff, 0x7fffffff}, 0, SGetSPut, "/dev/stdout"},
  {{0, 0, 0x7fffffff, 0x7fffffff}, 0, SGetSPut, "/dev/stderr"},
  {{100, 1000, 0, 0}, 466, RGetRPut, "/dev/input"},
  {{3, 100000, 0, 0}, 0, SGetSPut, "/dev/limited"},
  {{0, 0, 10, 100}, 0, RGetRPut, "/dev/output"},
};
static struct UserManifest manifest = {0, 0, 0x01000000, NCH, channels};
const struct UserManifest *zvm_model_manifest = &manifest;

/* Bytes in each channel's source file (the manifest size is 0 for type 0). */
static const int64_t file_bytes[NCH] = {0, 0, 0, 466, 64, 0};

struct counters { int64_t gets, get_size, puts, put_size, cursor; int eof; };
static struct counters used[NCH];

/* Byte i of the fixture's input files (the oracle's pattern, seed 0). */
static char content(int64_t i) { return (char)((i * 7 + (i >> 8)) & 0xff); }

int32_t zvm_pread(int ch, char *buf, int32_t size, int64_t offset) {
  if (ch < 0 || ch >= NCH) return -22;
  struct ZVMChannel *c = &channels[ch];
  struct counters *u = &used[ch];
  int random = c->type & 1;
  if (!random) offset = u->cursor;
  else if (size > c->size - offset) size = (int32_t)(c->size - offset);
  if (size == 0) return 0;
  if (size < 0) return -14;
  if (offset < 0) return -22;
  if (u->eof) return 0;
  if (u->gets >= c->limits[GetsLimit]) return -122;
  if (random && offset >= c->limits[PutSizeLimit] - u->put_size + c->size) return -22;
  if (size > c->limits[GetSizeLimit] - u->get_size) size = (int32_t)(c->limits[GetSizeLimit] - u->get_size);
  if (size < 1) return -122;
  int32_t n = 0;
  while (n < size && offset + n < file_bytes[ch]) { buf[n] = content(offset + n); n++; }
  if (!random && n == 0) u->eof = 1;
  u->gets++;
  u->get_size += n;
  if (!random) u->cursor = offset + n;
  return n;
}

int32_t zvm_pwrite(int ch, const char *buf, int32_t size, int64_t offset) {
  (void)buf;
  if (ch < 0 || ch >= NCH) return -22;
  struct ZVMChannel *c = &channels[ch];
  struct counters *u = &used[ch];
  if (!(c->type & 2)) offset = u->cursor;
  if (size == 0) return 0;
  if (size < 0) return -14;
  if (offset < 0) return -22;
  if (u->puts >= c->limits[PutsLimit]) return -122;
  int64_t tail = c->limits[PutSizeLimit] - u->put_size;
  int readable = c->limits[GetsLimit] > 0 && c->limits[GetSizeLimit] > 0;
  if (offset >= c->limits[PutSizeLimit] && !readable) return -22;
  if (offset >= c->size + tail) return -22;
  if (size > tail) size = (int32_t)tail;
  if (size < 1) return -122;
  u->cursor = offset + size;
  if (c->type & 2) { if (c->size < u->cursor) c->size = u->cursor; }
  else c->size = u->cursor;
  u->puts++;
  u->put_size += size;
  return size;
}
