/* INVALID: an indirect jump without the and/add sandboxing sequence. */
#include "nacl_asm.inc"
.text
.globl _start
_start:
  movl $0x20000, %eax
  jmp *%rax
