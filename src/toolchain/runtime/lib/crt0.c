/* Start-up: ZeroVM enters at 0x20000 with %rsp like a function entry
   (rsp mod 16 == 8), so _start is an ordinary C function placed first in
   the text by the linker script. It calls main and passes its return value
   to exit (which flushes stdio and ends with TrapExit). */
#include <stdlib.h>

extern int main(int argc, char **argv, char **envp);
void __nacl_stdio_init(void);
void __nacl_heap_init(void);

static char empty_name[] = "";
static char *arguments[] = {empty_name, 0};

__attribute__((section(".text.nacl_start"), noreturn, used)) void _start(void) {
  __nacl_heap_init();
  __nacl_stdio_init();
  exit(main(1, arguments, arguments + 1));
}
