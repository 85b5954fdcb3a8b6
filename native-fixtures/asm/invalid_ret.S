/* INVALID: a plain ret (returns must mask their target). */
#include "nacl_asm.inc"
.text
.globl _start
_start:
  ret
