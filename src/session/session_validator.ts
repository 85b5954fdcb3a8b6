/**
 * The validator as sessions use it (zerovm-spec.md §1.2, §2.4).
 *
 * A session validates its text the way ZeroVM's loader does: the text
 * segment plus its HLT padding, [0x20000, paddedTextEnd), with the entry
 * point as the validator's base address (a ZeroVM quirk, kept; see
 * validateSessionText). TrapJail validates the jailed range with its own
 * address as base. Both use the `zerovm` profile, ZeroVM's policy.
 */
import { validateJailRange, validateSessionText } from "../validator/index.js";
import type { SessionValidator } from "./session.js";

const TEXT_START = 0x20000;

/** The validator sessions run with. */
export function createSessionValidator(): SessionValidator {
  return {
    validateText(memory, image) {
      const text = memory.u8.subarray(TEXT_START, image.paddedTextEnd);
      return validateSessionText(text, image.entry).valid;
    },
    validateRange(memory, start, size) {
      return validateJailRange(memory.u8.subarray(start, start + size), start).valid;
    },
  };
}
