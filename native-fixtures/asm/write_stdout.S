/* Writes a line from rodata to channel 1, then exits with TrapWrite's result. */
#include "nacl_asm.inc"
.section .rodata
message: .ascii "hello from hand-written assembly\n"
message_end:
.text
.globl _start
_start:
  trap ID_WRITE, 1, message, (message_end-message), 0
  exit_with_eax
