/* INVALID: writes the sandbox base register. */
#include "nacl_asm.inc"
.text
.globl _start
_start:
  addq $8, %r15
  hlt
