/* TrapWrite to a channel index that does not exist returns -22. */
#include "nacl_asm.inc"
.text
.globl _start
_start:
  trap ID_WRITE, 99, 0x20000, 4, 0
  exit_with_eax
