#!/bin/sh
# Rebuilds demo/hello.nexe from hello.S with the system GNU as and ld.
set -eu
cd "$(dirname "$0")"
as --64 -o /tmp/zerovm-ts-demo.o hello.S
ld -m elf_x86_64 -static -nostdlib --build-id=none -T demo.ld -o hello.nexe /tmp/zerovm-ts-demo.o
rm -f /tmp/zerovm-ts-demo.o
