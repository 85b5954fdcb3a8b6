/* Divides by zero: a fault. */
#include "nacl_asm.inc"
.text
.globl _start
_start:
  movl $1, %eax
  xorl %edx, %edx
  xorl %ecx, %ecx
  divl %ecx
  hlt
