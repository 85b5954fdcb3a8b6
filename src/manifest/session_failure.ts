/**
 * Test support: runs `run` and returns the exit code and state of the
 * SessionError it throws, so tests compare both at once. Other errors are
 * rethrown; returning normally is reported as an error too.
 */

import { SessionError } from "../session/session_error.js";

/** The `{ code, state }` of the SessionError thrown by `run`. */
export function sessionFailure(run: () => unknown): { code: number; state: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof SessionError) return { code: error.exitCode, state: error.state };
    throw error;
  }
  throw new Error("Expected a SessionError, but the call returned normally");
}
