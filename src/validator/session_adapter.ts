/**
 * The validator in the shape sessions use (src/session/session.ts
 * SessionValidator): the loaded text validated as ZeroVM's loader does, and
 * TrapJail ranges. Reads guest memory in place (no copy).
 */
import type { NexeImage } from "../elf/index.js";
import type { GuestMemory } from "../memory/guest_memory.js";
import type { SessionValidator } from "../session/session.js";
import { TEXT_START, validateJailRange, validateSessionText } from "./index.js";
import type { Profile } from "./policy.js";

/**
 * A SessionValidator for `profile` ("zerovm" for sessions).
 * validateText checks [0x20000, image.paddedTextEnd) with the entry point as
 * base (V§2.1); validateRange checks [start, start + size) with `start` as
 * base, as ZeroVM's jail does.
 */
export function createValidatorForSessions(profile: Profile = "zerovm"): SessionValidator {
  return {
    validateText(memory: GuestMemory, image: NexeImage): boolean {
      const text = memory.u8.subarray(TEXT_START, image.paddedTextEnd);
      return validateSessionText(text, image.entry, { profile, maxFindings: 0 }).valid;
    },
    validateRange(memory: GuestMemory, start: number, size: number): boolean {
      const range = memory.u8.subarray(start, start + size);
      return validateJailRange(range, start, { profile, maxFindings: 0 }).valid;
    },
  };
}
