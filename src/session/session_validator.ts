/**
 * The validator as sessions use it.
 *
 * TODO(#3): the NaCl validator is being written; until it lands there is no
 * validator, sessions report validator state 2 (as `-s` does, honestly:
 * nothing was validated) and TrapJail fails with -1 as a failed validation
 * does. docs/quirks.md says so.
 */
import type { SessionValidator } from "./session.js";

/** The session validator, or null while the project has none. */
export function createSessionValidator(): SessionValidator | null {
  return null;
}
