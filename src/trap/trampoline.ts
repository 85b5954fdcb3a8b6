/**
 * The trampoline page at guest 0x10000-0x1FFFF.
 *
 * ZeroVM fills the page with HLT and writes 2047 identical 32-byte slots:
 * `mov $0x5AFECA110000,%rax; call *%rax` and HLT padding; the last slot
 * (0x1FFE0) stays all HLT. The bytes are guest-visible (a guest may read
 * them, and they are part of the memory etag), so we write them exactly.
 * The CPU runs them like any other code and stops when the call reaches
 * the thunk address; only slot 0 is a legal trap (zerovm-spec.md §1.3).
 */
import type { GuestMemory } from "../memory/guest_memory.js";

export const TRAMPOLINE_START = 0x10000;
export const TRAMPOLINE_END = 0x20000;
export const SLOT_SIZE = 32;
export const SLOT_COUNT = 2047;
const HLT = 0xf4;

/** mov $0x5AFECA110000, %rax; call *%rax */
const SLOT_CODE = [0x48, 0xb8, 0x00, 0x00, 0x11, 0xca, 0xfe, 0x5a, 0x00, 0x00, 0xff, 0xd0];

/** Guest address just after a slot's call: what the slot pushes. */
export const SLOT_RETURN_OFFSET = SLOT_CODE.length;

/** Writes the trampoline page into guest memory. */
export function writeTrampoline(memory: GuestMemory): void {
  memory.u8.fill(HLT, TRAMPOLINE_START, TRAMPOLINE_END);
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    memory.u8.set(SLOT_CODE, TRAMPOLINE_START + slot * SLOT_SIZE);
  }
}
