/**
 * The fatal-error shape shared by every start-up and run-time stage.
 *
 * ZeroVM records the first failure as an errno-style process exit code plus
 * an "exit state" text, which becomes line 6 of the report. Its internal
 * errors read `<source file> <line>: <message>`, naming the place in
 * zerovm/zerovm 54a57b17 that failed, and manifest parse errors read
 * `MANIFEST <1-based line>: <message>`. Users' tools match these strings, so
 * we reproduce them exactly, line numbers included.
 */

/** A failure that ends the session with `exitCode` and report state `state`. */
export class SessionError extends Error {
  constructor(
    readonly exitCode: number,
    readonly state: string,
  ) {
    super(state);
    this.name = "SessionError";
  }
}

/**
 * Builds the error ZeroVM reports from its C source `file` at `line`.
 *
 * @example zvmError(12, "src/main/setup.c", 138, "invalid memory size")
 */
export function zvmError(
  exitCode: number,
  file: string,
  line: number,
  message: string,
): SessionError {
  return new SessionError(exitCode, `${file} ${line}: ${message}`);
}

/** Builds a manifest parse error for the 1-based manifest `line`. */
export function manifestError(line: number, message: string): SessionError {
  return new SessionError(14, `MANIFEST ${line}: ${message}`);
}

/** errno values ZeroVM uses as process exit codes (zerovm-spec.md §3.6). */
export const Errno = {
  EPERM: 1,
  ENOENT: 2,
  EINTR: 4,
  EIO: 5,
  ENOEXEC: 8,
  EAGAIN: 11,
  ENOMEM: 12,
  EACCES: 13,
  EFAULT: 14,
  EINVAL: 22,
  ENFILE: 23,
  EPIPE: 32,
  EPROTONOSUPPORT: 93,
  EDQUOT: 122,
} as const;
