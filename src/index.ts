/**
 * zerovm-ts as a library: run ZeroVM sessions from a manifest path or text.
 *
 * @example
 *   const result = runSession({ text: manifestText });
 *   process.stdout.write(result.reportText);
 */
export { runSession } from "./session/session.js";
export type { ManifestInput, SessionOptions, SessionResult } from "./session/session.js";
export type { Report } from "./session/report.js";
export { formatReport } from "./session/report.js";
export { SessionError } from "./session/session_error.js";
export { GuestMemory } from "./memory/guest_memory.js";
export { parseManifest } from "./manifest/parse_manifest.js";
