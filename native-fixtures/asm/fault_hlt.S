/* Executes hlt at the entry point: a fault. */
#include "nacl_asm.inc"
.text
.globl _start
_start:
  hlt
