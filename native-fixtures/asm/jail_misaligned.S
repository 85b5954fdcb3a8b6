/* TrapJail needs a 64 KiB aligned heap address: 0x20010 gives -22. */
#include "nacl_asm.inc"
.text
.globl _start
_start:
  trap ID_JAIL, 0x20010, 4096
  exit_with_eax
