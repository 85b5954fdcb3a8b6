/* Ends with user code 42 through TrapExit. */
#include "nacl_asm.inc"
.text
.globl _start
_start:
  trap ID_EXIT, 42
  hlt
