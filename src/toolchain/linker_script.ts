/**
 * The linker script for ZeroVM nexes (GNU ld).
 *
 * Layout, following the loader rules of ZeroVM (zerovm-spec.md 1.2):
 * text at 0x20000 (R+X; the start-up object comes first so `_start` is the
 * entry at 0x20000), rodata at the first 64 KiB boundary at least 32 bytes
 * after the text (the halt sled), data and bss at the next 64 KiB boundary,
 * last. Text gaps are filled with HLT. Unused segments come out with a
 * memory size of 0, which the loader skips. Unwind tables, notes and
 * comments are discarded so the output depends only on the code.
 */
export const NEXE_LINKER_SCRIPT = `ENTRY(_start)
PHDRS {
  text PT_LOAD FLAGS(5);
  rodata PT_LOAD FLAGS(4);
  data PT_LOAD FLAGS(6);
}
SECTIONS {
  . = 0x20000;
  .text : {
    KEEP(*(.text.nacl_start))
    *(.text .text.*)
  } :text =0xf4f4f4f4
  . = ALIGN(. + 32, 0x10000);
  .rodata : { *(.rodata .rodata.*) } :rodata
  . = ALIGN(0x10000);
  .data : { *(.data .data.*) } :data
  .bss : { *(.bss .bss.*) *(COMMON) } :data
  /DISCARD/ : { *(.note*) *(.eh_frame*) *(.comment) }
}
`;
