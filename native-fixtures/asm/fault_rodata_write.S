/* Stores into the read-only data segment: a fault. */
#include "nacl_asm.inc"
.section .rodata
constant: .long 7
.text
.globl _start
_start:
  .bundle_lock
  movl $constant, %eax
  movl $1, (%r15,%rax)
  .bundle_unlock
  hlt
