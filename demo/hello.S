/* The zerovm-ts demo program: prints a greeting on /dev/stdout and exits 0.
 *
 * A hand-written ZeroVM nexe. NaCl wants 32-byte bundles and a trap call
 * that ends exactly on a bundle boundary (the trap returns to the start of
 * the bundle holding the return address), so TRAP pads each call to the end
 * of its own bundle. Built by demo/build.sh; the nexe is committed. */
        .bundle_align_mode 5
        .set TRAP_WRITE, 0x74697257
        .set TRAP_EXIT, 0x74697845

/* trap with %edi = guest address of uint64 args[6] */
        .macro TRAP
        .p2align 5, 0x90
        .fill 19, 1, 0x90
        mov $0x10000, %eax
        and $0xffffffe0, %eax
        add %r15, %rax
        call *%rax
        .endm

        .text
        .globl _start
_start:
        /* TrapWrite(1, message, length, 0), args[] at rsp - 256: the trap
           entry saves six registers at rsp - 40 .. rsp - 20, so the array
           must lie below that */
        movq $TRAP_WRITE, -256(%rsp)
        movq $0, -248(%rsp)
        movq $1, -240(%rsp)
        movq $message, -232(%rsp)
        movq $message_end - message, -224(%rsp)
        movq $0, -216(%rsp)
        lea -256(%rsp), %edi
        TRAP

        /* TrapExit(0) */
        movq $TRAP_EXIT, -256(%rsp)
        movq $0, -240(%rsp)
        lea -256(%rsp), %edi
        TRAP
        hlt

        .section .rodata
message:
        .ascii "Hello from zerovm-ts, a ZeroVM-compatible sandbox in TypeScript.\n"
message_end:
