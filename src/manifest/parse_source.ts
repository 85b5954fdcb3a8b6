/**
 * One channel source or the NameServer value: an absolute host path or a
 * `proto:host:port` URL (ZeroVM's `ParseName` in src/main/manifest.c).
 *
 * The protocol is looked up case-insensitively among all names of ZeroVM's
 * PROTOCOLS list, which holds the network protocols and also the local file
 * kinds (Regular, Directory, ...). A host containing '.' must be a dotted
 * IPv4 address other than 0.0.0.0; any other host is a node id.
 */

import { gStrsplit } from "./gsplit.js";
import type { SourceSpec } from "./manifest_types.js";
import { gStrstrip } from "./strtoll.js";
import type { ValueReader } from "./value_reader.js";

/** ZeroVM's PROTOCOLS x-macro, in order; matched case-insensitively. */
const PROTOCOL_NAMES = [
  "tcp", "udp", "ipc", "inproc", "pgm", "epgm",
  "regular", "directory", "character", "block", "fifo", "link", "socket",
];

/**
 * Parses a dotted IPv4 address as glibc's `inet_pton(AF_INET)` does:
 * exactly four decimal octets 0-255, no leading zeros, nothing else.
 *
 * @returns the 32-bit address, or undefined when the text is not one
 */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let address = 0;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    address = address * 256 + octet;
  }
  return address;
}

/** ASCII-only lower case, as `g_ascii_strcasecmp` compares. */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 32));
}

/**
 * Parses the network form; `pieces` is the `:` split of the stripped name.
 * ZeroVM converts the host before the port, so errors come in that order.
 */
function parseUrl(pieces: string[], protocol: string, reader: ValueReader): SourceSpec {
  const hostToken = pieces[1];
  const portToken = pieces[2];
  if (hostToken === undefined || portToken === undefined) throw reader.fail("invalid channel url");

  if (hostToken.includes(".")) {
    const ip = gStrstrip(hostToken);
    const address = parseIpv4(ip);
    if (address === undefined || address === 0) throw reader.fail("malformed ip token");
    return { kind: "net", protocol, host: ip, ip, port: reader.uint(portToken, 16) };
  }
  const nodeId = reader.uint(hostToken, 32);
  return { kind: "net", protocol, host: gStrstrip(hostToken), nodeId, port: reader.uint(portToken, 16) };
}

/**
 * Parses one source. Order of checks (ZeroVM's): protocol lookup; for a
 * path, a ':' is "invalid channel name", then it must be absolute; for a
 * URL, host and port must be present, then the host, then the port.
 *
 * @throws SessionError MANIFEST errors for the reader's line
 */
export function parseSource(raw: string, reader: ValueReader): SourceSpec {
  const name = gStrstrip(raw);
  const pieces = gStrsplit(name, ":", 3);

  // An empty name gives glib no first piece; ZeroVM then matches the first
  // protocol by accident and fails the URL check (see docs/quirks.md).
  if (pieces.length === 0) throw reader.fail("invalid channel url");

  const protocol = PROTOCOL_NAMES.find((p) => p === asciiLower(gStrstrip(pieces[0]!)));
  if (protocol !== undefined) return parseUrl(pieces, protocol, reader);

  if (pieces.length > 1) throw reader.fail("invalid channel name");
  if (!name.startsWith("/")) throw reader.fail("only absolute path channels are allowed");
  return { kind: "path", path: name };
}
