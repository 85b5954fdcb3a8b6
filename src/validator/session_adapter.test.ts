import { describe, expect, it } from "vitest";
import type { NexeImage } from "../elf/index.js";
import { GuestMemory } from "../memory/guest_memory.js";
import { createValidatorForSessions } from "./session_adapter.js";

function imageWithText(memory: GuestMemory, code: number[]): NexeImage {
  memory.u8.fill(0xf4, 0x20000, 0x30000);
  memory.u8.set(code, 0x20000);
  return { entry: 0x20000, paddedTextEnd: 0x30000 } as NexeImage;
}

describe("validator for sessions", () => {
  it("accepts padded text and rejects text with a forbidden instruction", () => {
    const memory = new GuestMemory();
    const validator = createValidatorForSessions();
    expect(validator.validateText(memory, imageWithText(memory, [0x90, 0x90]))).toBe(true);
    expect(validator.validateText(memory, imageWithText(memory, [0x90, 0x0f, 0x31]))).toBe(false);
  });

  it("validates a jail range with its own address as base", () => {
    const memory = new GuestMemory();
    const validator = createValidatorForSessions();
    memory.u8.fill(0xf4, 0x100000, 0x110000);
    memory.u8.set([0xe9, 0xfb, 0xff, 0xff, 0xff], 0x100000); // jmp to the aligned 0x100000
    expect(validator.validateRange(memory, 0x100000, 0x10000)).toBe(true);
    memory.u8.set([0xc3], 0x100000);
    expect(validator.validateRange(memory, 0x100000, 0x10000)).toBe(false);
  });
});
