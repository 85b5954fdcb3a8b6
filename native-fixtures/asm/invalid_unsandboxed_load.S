/* INVALID: a load based on a register that is not r15, rsp, rbp or rip. */
#include "nacl_asm.inc"
.text
.globl _start
_start:
  movl (%rax), %ecx
  hlt
