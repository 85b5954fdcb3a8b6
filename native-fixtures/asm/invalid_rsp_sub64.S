/* INVALID: a 64-bit sub from %rsp (must be the 32-bit op plus add %r15). */
#include "nacl_asm.inc"
.text
.globl _start
_start:
  subq $8, %rsp
  hlt
