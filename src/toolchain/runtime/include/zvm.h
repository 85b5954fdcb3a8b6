/*
 * zvm.h: the ZeroVM guest interface (traps and the user manifest), for
 * programs built with nacl-cc. Layouts follow ZeroVM's api/zvm.h as described
 * in docs/zerovm-spec.md sections 1.6 and 2.1; this header is our own.
 */
#ifndef NACL_CC_ZVM_H
#define NACL_CC_ZVM_H

#include <stdint.h>

/* Function ids, compared by ZeroVM as the first uint64 of the argument array. */
enum TrapCalls {
  TrapRead = 0x64616552,   /* "Read" */
  TrapWrite = 0x74697257,  /* "Writ" */
  TrapJail = 0x6c69614a,   /* "Jail" */
  TrapUnjail = 0x6c6a6e55, /* "Unjl" */
  TrapExit = 0x74697845,   /* "Exit" */
  TrapFork = 0x6b726f46    /* "Fork" */
};

/* Channel types: bit 0 = random read, bit 1 = random write. */
enum AccessType { SGetSPut, RGetSPut, SGetRPut, RGetRPut };

/* Indexes into ZVMChannel.limits. */
enum IOLimits { GetsLimit, GetSizeLimit, PutsLimit, PutSizeLimit, IOLimitsCount };

/* One channel as ZeroVM publishes it (48 bytes). */
struct ZVMChannel {
  int64_t limits[IOLimitsCount];
  int64_t size; /* file size at open for readable files, else 0 */
  enum AccessType type;
  char *name;   /* the alias, e.g. "/dev/stdout" */
};

/* The user manifest (20 bytes); channels 0, 1, 2 are stdin, stdout, stderr,
   the others follow sorted by alias. */
struct UserManifest {
  void *heap_ptr;
  uint32_t heap_size;
  uint32_t stack_size;
  int32_t channels_count;
  struct ZVMChannel *channels;
};

#ifdef __ZEROVM__
_Static_assert(sizeof(struct ZVMChannel) == 48, "ZVMChannel must be 48 bytes (x32)");
_Static_assert(sizeof(struct UserManifest) == 20, "UserManifest must be 20 bytes (x32)");
#endif

/* The cell at 0xFEFFFFFC holds the user manifest's address. */
#define MANIFEST \
  ((const struct UserManifest *)(uintptr_t)(*(const volatile uint32_t *)0xFEFFFFFCu))

/* Calls the trampoline with args = {id, 0, a, b, c, d}; returns ZeroVM's result. */
int32_t zvm_trap(uint64_t *args);

/* TrapRead: bytes read, 0 at end of input, or -errno. */
int32_t zvm_pread(int channel, char *buffer, int32_t size, int64_t offset);
/* TrapWrite: bytes written or -errno. */
int32_t zvm_pwrite(int channel, const char *buffer, int32_t size, int64_t offset);
/* TrapJail / TrapUnjail: 0 or -errno. */
int32_t zvm_jail(const void *address, int32_t size);
int32_t zvm_unjail(const void *address, int32_t size);
/* TrapFork: see ZeroVM's daemon mode. */
int32_t zvm_fork(void);
/* TrapExit: ends the session with a user return code (no stdio flush). */
__attribute__((noreturn)) void zvm_exit(int32_t code);

#endif
