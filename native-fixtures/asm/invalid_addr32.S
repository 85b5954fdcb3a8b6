/* INVALID: a memory operand with the 0x67 address-size prefix. */
#include "nacl_asm.inc"
.text
.globl _start
_start:
  movl (%eax), %ecx
  hlt
