/* The six ZeroVM traps. A trap is a call to the trampoline at 0x10000 with
   %edi pointing at {id, 0, args...}; the sandboxing rewriter turns the
   indirect call into a masked call that ends on a bundle boundary. ZeroVM
   preserves rbx, rbp, r12-r15 and clears every vector register. */
#include <zvm.h>

int32_t zvm_trap(uint64_t *args) {
  int64_t result;
  __asm__ volatile("movl $0x10000, %%eax\n\tcall *%%rax"
                   : "=a"(result), "+D"(args)
                   :
                   : "rcx", "rdx", "rsi", "r8", "r9", "r10", "memory", "cc", "xmm0", "xmm1",
                     "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",
                     "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
  return (int32_t)result;
}

static int32_t trap_io(uint64_t id, int channel, const char *buffer, int32_t size, int64_t offset) {
  uint64_t args[6] = {id, 0, (uint64_t)(int64_t)channel, (uint64_t)(uintptr_t)buffer,
                      (uint64_t)(int64_t)size, (uint64_t)offset};
  return zvm_trap(args);
}

int32_t zvm_pread(int channel, char *buffer, int32_t size, int64_t offset) {
  return trap_io(TrapRead, channel, buffer, size, offset);
}

int32_t zvm_pwrite(int channel, const char *buffer, int32_t size, int64_t offset) {
  return trap_io(TrapWrite, channel, buffer, size, offset);
}

int32_t zvm_jail(const void *address, int32_t size) {
  uint64_t args[4] = {TrapJail, 0, (uint64_t)(uintptr_t)address, (uint64_t)(int64_t)size};
  return zvm_trap(args);
}

int32_t zvm_unjail(const void *address, int32_t size) {
  uint64_t args[4] = {TrapUnjail, 0, (uint64_t)(uintptr_t)address, (uint64_t)(int64_t)size};
  return zvm_trap(args);
}

int32_t zvm_fork(void) {
  uint64_t args[2] = {TrapFork, 0};
  return zvm_trap(args);
}

void zvm_exit(int32_t code) {
  uint64_t args[3] = {TrapExit, 0, (uint64_t)(int64_t)code};
  zvm_trap(args);
  for (;;) __builtin_trap();
}
