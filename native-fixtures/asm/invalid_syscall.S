/* INVALID: a system call instruction. */
#include "nacl_asm.inc"
.text
.globl _start
_start:
  syscall
  hlt
