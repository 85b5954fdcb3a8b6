/* Loads from guest address 0 (the unmapped NULL guard): a fault. */
#include "nacl_asm.inc"
.text
.globl _start
_start:
  .bundle_lock
  xorl %eax, %eax
  movl (%r15,%rax), %eax
  .bundle_unlock
  hlt
