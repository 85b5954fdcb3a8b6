/**
 * Reading the program file as ZeroVM does.
 *
 * ZeroVM first takes the file's size with stat() (src/main/zerovm.c: a
 * failure is `program open error`, exit 2), then loads that many bytes into
 * memory and parses the copy. A device or pipe reports size 0, so
 * `Program = /dev/zero` yields no bytes and fails the ELF header read with
 * exit 5.
 */

import { readFileSync, statSync, type Stats } from "node:fs";
import { siteError } from "../session/zerovm_sites.js";

/**
 * Returns the bytes ZeroVM would load for `path` (relative paths are taken
 * from the current directory, as ZeroVM's are).
 *
 * @throws SessionError `src/main/zerovm.c 116: program open error` (2) when
 *   stat() fails
 */
export function readProgram(path: string): Uint8Array {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch {
    throw siteError("programOpen");
  }
  if (!stats.isFile() || stats.size === 0) return new Uint8Array(0);

  try {
    return new Uint8Array(readFileSync(path));
  } catch {
    // Unreadable (e.g. no permission): ZeroVM's copy then holds nothing and
    // the header read fails (see docs/quirks.md).
    return new Uint8Array(0);
  }
}
