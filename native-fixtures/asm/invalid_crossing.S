/* INVALID: a 5-byte instruction that crosses a bundle boundary (emitted as
   bytes so the assembler cannot move it). */
#include "nacl_asm.inc"
.text
.globl _start
_start:
  .fill 30, 1, 0x90
  .byte 0xb8, 0x01, 0x00, 0x00, 0x00   /* mov $1, %eax across 0x2001e..0x20022 */
  hlt
