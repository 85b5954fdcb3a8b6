/* An unknown trap id returns -1 (EPERM); the result becomes the user code. */
#include "nacl_asm.inc"
.text
.globl _start
_start:
  trap 0x12345678
  exit_with_eax
