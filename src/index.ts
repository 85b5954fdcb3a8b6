/**
 * zerovm-ts library entry point.
 */
export { GuestMemory } from "./memory/guest_memory.js";
export { SessionError } from "./session/session_error.js";
