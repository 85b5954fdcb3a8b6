/**
 * The manifest parser (zerovm-spec.md §3.1-3.2), reproducing ZeroVM
 * 54a57b17's `src/main/manifest.c` rule for rule.
 *
 * How ZeroVM reads a manifest, in order:
 * 1. split the text on "\n" into at most 0x2000 lines (the last keeps the
 *    rest); line numbers are 1-based;
 * 2. use only non-empty lines holding exactly one '='; key and value are
 *    stripped of ASCII whitespace; unknown keys are ignored;
 * 3. each known key is counted, then parsed at once: the first bad value
 *    ends parsing with `MANIFEST <line>: <message>` (exit 14);
 * 4. after the last line, the keyword census runs from the end of the
 *    keyword list backwards (Etag ... Version; Channel is never checked):
 *    first "X not specified" for a missing required key, then
 *    "duplicate X keyword" for a repeated singleton.
 *
 * Checks ZeroVM makes only when channels are mounted (type, duplicate alias,
 * count, standard channels, node) live in channel_set.ts.
 */

import { siteError } from "../session/zerovm_sites.js";
import { gStrsplit } from "./gsplit.js";
import type { ChannelSpec, Manifest, SourceSpec } from "./manifest_types.js";
import { parseSource } from "./parse_source.js";
import { gStrstrip } from "./strtoll.js";
import { ValueReader } from "./value_reader.js";

/** The only manifest version ZeroVM accepts. */
export const MANIFEST_VERSION = "20130611";
/** `g_strsplit` limit on lines. */
export const MANIFEST_LINES_LIMIT = 0x2000;
/** `g_strsplit` limit on '='-pieces of a line and ';'-sources of a channel. */
const MANIFEST_TOKENS_LIMIT = 0x10;
/** `UNIX_PATH_MAX`: longest Job value, in bytes, before stripping. */
export const JOB_PATH_MAX = 108;
/** Fields of a Channel value. */
const CHANNEL_FIELDS = 8;

/** ZeroVM's keyword list in declaration order: [name, required, singleton]. */
const KEYWORDS = [
  ["Channel", true, false],
  ["Version", true, true],
  ["Program", true, true],
  ["Memory", true, true],
  ["Timeout", true, true],
  ["NameServer", false, true],
  ["Node", false, true],
  ["Job", false, true],
  ["Etag", false, true],
] as const;

type Keyword = (typeof KEYWORDS)[number][0];

/** The manifest under construction, with the census of keys seen. */
interface Draft {
  manifest: Manifest;
  counts: Map<Keyword, number>;
}

/**
 * Parses manifest text exactly as ZeroVM does (text after the first NUL, if
 * any, is ignored as C would).
 *
 * @throws SessionError the exit state ZeroVM reports for the first problem
 * @example parseManifest("Version = 20130611\n").version === "20130611" // then fails the census
 */
export function parseManifest(text: string): Manifest {
  const nul = text.indexOf("\0");
  const content = nul < 0 ? text : text.slice(0, nul);

  const draft: Draft = { manifest: { version: "", channels: [] }, counts: new Map() };
  const lines = gStrsplit(content, "\n", MANIFEST_LINES_LIMIT);
  lines.forEach((line, index) => parseLine(draft, line, index + 1));

  checkCensus(draft.counts);
  return draft.manifest;
}

/** Handles one line (1-based `lineNumber`) if it is a `key = value` pair. */
function parseLine(draft: Draft, line: string, lineNumber: number): void {
  if (line.length === 0) return;
  const pieces = gStrsplit(line, "=", MANIFEST_TOKENS_LIMIT);
  if (pieces.length !== 2) return;

  const key = KEYWORDS.find(([name]) => name === gStrstrip(pieces[0]!))?.[0];
  if (key === undefined) return;

  draft.counts.set(key, (draft.counts.get(key) ?? 0) + 1);
  KEY_PARSERS[key](draft.manifest, pieces[1]!, new ValueReader(lineNumber));
}

type KeyParser = (manifest: Manifest, value: string, reader: ValueReader) => void;

/** One parser per keyword; `value` is the raw text after '='. */
const KEY_PARSERS: Record<Keyword, KeyParser> = {
  Channel: (manifest, value, reader) => manifest.channels.push(parseChannel(value, reader)),
  Version: (manifest, value, reader) => {
    if (gStrstrip(value) !== MANIFEST_VERSION) throw reader.fail("invalid manifest version");
    manifest.version = MANIFEST_VERSION;
  },
  Program: (manifest, value, reader) => {
    manifest.program = gStrstrip(value);
    manifest.programLine = reader.line;
  },
  Memory: (manifest, value, reader) => {
    manifest.memory = parseMemory(value, reader);
  },
  Timeout: (manifest, value, reader) => {
    manifest.timeout = reader.int32(value);
  },
  NameServer: (manifest, value, reader) => {
    manifest.nameServer = parseSource(value, reader);
  },
  Node: (manifest, value, reader) => {
    manifest.node = reader.int32(value);
  },
  Job: (manifest, value, reader) => {
    if (Buffer.byteLength(value, "utf8") > JOB_PATH_MAX) throw reader.fail("too long Job name");
    manifest.job = gStrstrip(value);
  },
  Etag: (manifest, value) => {
    manifest.etag = gStrstrip(value);
  },
};

/**
 * `Memory = <bytes>, <etag>`: split on ',' into at most two pieces, so a
 * third field ends up inside the etag token and fails as a number.
 */
function parseMemory(value: string, reader: ValueReader): { bytes: bigint; etag: 0 | 1 } {
  const tokens = gStrsplit(value, ",", 2);
  if (tokens.length < 2) throw reader.fail("invalid memory token");
  const bytes = reader.int64(tokens[0]!);
  const etag = reader.flag(tokens[1]!, "invalid memory etag token");
  return { bytes, etag };
}

/**
 * `Channel = <sources>, <alias>, <type>, <etag>, <gets>, <get_size>,
 * <puts>, <put_size>`, checked in ZeroVM's order: field count, sources,
 * type (number only), etag, then each limit (number, then sign).
 */
function parseChannel(value: string, reader: ValueReader): ChannelSpec {
  const fields = gStrsplit(value, ",", CHANNEL_FIELDS);
  if (fields.length < CHANNEL_FIELDS) throw reader.fail("invalid channel tokens number");

  const alias = gStrstrip(fields[1]!);
  const sources: SourceSpec[] = gStrsplit(fields[0]!, ";", MANIFEST_TOKENS_LIMIT).map((name) =>
    parseSource(name, reader),
  );
  const type = reader.int32(fields[2]!);
  const etag = reader.flag(fields[3]!, "invalid channel numeric token");

  const limits = fields.slice(4, 8).map((field) => {
    const limit = reader.int64(field);
    if (limit < 0n) throw reader.fail(`negative limits for ${alias}`);
    return limit;
  }) as ChannelSpec["limits"];

  return { sources, alias, type, etag, limits, line: reader.line };
}

/**
 * The census after the last line: from the end of the keyword list back to
 * Version, a missing required key, then a repeated singleton.
 *
 * @throws SessionError `src/main/manifest.c 345: X not specified` or
 *   `... 347: duplicate X keyword` (exit 14)
 */
function checkCensus(counts: Map<Keyword, number>): void {
  for (let index = KEYWORDS.length - 1; index >= 1; index--) {
    const [name, required, singleton] = KEYWORDS[index]!;
    const count = counts.get(name) ?? 0;
    if (required && count === 0) throw siteError("keywordMissing", name);
    if (singleton && count > 1) throw siteError("keywordRepeated", name);
  }
}
