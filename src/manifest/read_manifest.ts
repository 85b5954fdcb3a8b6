/**
 * Reading the manifest file as ZeroVM does: one `fopen`, one `fread` of at
 * most 0x80000 bytes (512 KiB; the rest of a longer file is never read),
 * then parsing the text up to the first NUL byte.
 */

import { closeSync, openSync, readSync } from "node:fs";
import { siteError } from "../session/zerovm_sites.js";
import type { Manifest } from "./manifest_types.js";
import { parseManifest } from "./parse_manifest.js";

/** Bytes ZeroVM reads from a manifest file at most. */
export const MANIFEST_SIZE_LIMIT = 0x80000;

/**
 * Reads up to {@link MANIFEST_SIZE_LIMIT} bytes of `path` (looping like
 * `fread` does on pipes).
 *
 * @throws SessionError `src/main/manifest.c 125: manifest open error` (exit
 *   2) when the file cannot be opened, `... 126: manifest read error` (exit
 *   5) when nothing can be read (empty file, directory)
 */
export function readManifestBytes(path: string): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    throw siteError("manifestOpen");
  }

  const buffer = new Uint8Array(MANIFEST_SIZE_LIMIT);
  let filled = 0;
  try {
    for (;;) {
      const count = readSync(fd, buffer, filled, MANIFEST_SIZE_LIMIT - filled, null);
      if (count === 0) break;
      filled += count;
      if (filled === MANIFEST_SIZE_LIMIT) break;
    }
  } catch {
    // fread stops at the error; what was read so far still counts.
  } finally {
    closeSync(fd);
  }

  if (filled === 0) throw siteError("manifestRead");
  return buffer.subarray(0, filled);
}

/**
 * Reads and parses the manifest file `path`. The bytes are decoded as UTF-8
 * (invalid sequences become U+FFFD; see docs/quirks.md).
 *
 * @throws SessionError open/read errors, then any parse error
 */
export function readManifestFile(path: string): Manifest {
  const bytes = readManifestBytes(path);
  return parseManifest(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("utf8"));
}
