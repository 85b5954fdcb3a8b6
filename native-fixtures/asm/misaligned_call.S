/* Valid for the validators (they only warn), refused by nacl-cc's own check:
   a direct call that does not end on a bundle boundary. */
#include "nacl_asm.inc"
.text
.globl _start
_start:
  call target
  hlt
  .p2align 5
target:
  trap ID_EXIT, 0
  hlt
