/* Reads up to 64 bytes of stdin onto the stack, writes them to stdout, exits
   with the number of bytes read. %rbx survives traps. */
#include "nacl_asm.inc"
.text
.globl _start
_start:
  slot 0, ID_READ
  slot 1, 0
  slot 2, 0
  lea -128(%rsp), %eax
  movq %rax, -256+24(%rsp)
  slot 4, 64
  slot 5, 0
  zvm_call
  movl %eax, %ebx
  slot 0, ID_WRITE
  slot 2, 1
  movslq %ebx, %rax
  movq %rax, -256+32(%rsp)
  zvm_call
  movl %ebx, %eax
  exit_with_eax
