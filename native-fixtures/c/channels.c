/* channels: the user manifest and random-access channels with limits.
   Needs the manifest written by the fixture runner (see catalog.json):
     /dev/input   random read-only file of 466 bytes, get_size limit 1000
     /dev/limited sequential read-only file, gets limit 3
     /dev/output  random write-only file, put_size limit 100
   Its native twin links native/zvm_model.c, a model of those three channels
   that follows docs/zerovm-spec.md 2.2-2.3. */
#include <stdio.h>
#include <string.h>
#include <zvm.h>

static int find_channel(const char *alias) {
  const struct UserManifest *m = MANIFEST;
  for (int i = 0; i < m->channels_count; i++) {
    if (strcmp(m->channels[i].name, alias) == 0) return i;
  }
  printf("channel %s is missing\n", alias);
  return -1;
}

static void describe(int handle) {
  const struct ZVMChannel *c = &MANIFEST->channels[handle];
  printf("channel %d %s type %d size %lld limits %lld %lld %lld %lld\n", handle, c->name,
         (int)c->type, (long long)c->size, (long long)c->limits[GetsLimit],
         (long long)c->limits[GetSizeLimit], (long long)c->limits[PutsLimit],
         (long long)c->limits[PutSizeLimit]);
}

int main(void) {
  char buf[256];
  int input = find_channel("/dev/input");
  int limited = find_channel("/dev/limited");
  int output = find_channel("/dev/output");
  if (input < 0 || limited < 0 || output < 0) return 1;
  printf("channels %d\n", MANIFEST->channels_count);
  describe(input);
  describe(limited);
  describe(output);

  static const long long offsets[] = {0, 100, 460, 466, 467, -1};
  for (int i = 0; i < 6; i++) {
    int32_t got = zvm_pread(input, buf, 10, offsets[i]);
    printf("pread input @%lld -> %d", offsets[i], got);
    if (got > 0) printf(" first byte %u", (unsigned char)buf[0]);
    printf("\n");
  }
  for (int i = 0; i < 5; i++) printf("read limited #%d -> %d\n", i + 1, zvm_pread(limited, buf, 8, 0));

  memset(buf, 'w', sizeof buf);
  printf("pwrite output 60 @10 -> %d\n", zvm_pwrite(output, buf, 60, 10));
  printf("pwrite output 60 @0 -> %d\n", zvm_pwrite(output, buf, 60, 0));
  printf("pwrite output 10 @0 -> %d\n", zvm_pwrite(output, buf, 10, 0));
  printf("pread output -> %d\n", zvm_pread(output, buf, 10, 0));
  printf("pwrite input -> %d\n", zvm_pwrite(input, buf, 10, 0));
  printf("bad handle -> %d\n", zvm_pread(MANIFEST->channels_count, buf, 10, 0));
  return 0;
}
