/* INVALID: rdtsc is not allowed. */
#include "nacl_asm.inc"
.text
.globl _start
_start:
  rdtsc
  hlt
