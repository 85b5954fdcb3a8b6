/**
 * The parsed form of a ZeroVM manifest (zerovm-spec.md §3.1-3.2).
 *
 * Values are kept as ZeroVM keeps them after parsing: numbers already
 * truncated to the C type ZeroVM stores them in (`int` for Timeout, Node,
 * channel type and etag flags; int64 for Memory and limits), strings
 * stripped of ASCII whitespace. Checks ZeroVM performs later (channel type,
 * duplicate aliases, channel count, standard channels, node) are not applied
 * here; see channel_set.ts.
 */

/** One source of a channel or the name server: a host path or a network URL. */
export type SourceSpec =
  | { kind: "path"; path: string }
  | {
      kind: "net";
      /** Protocol name, lower case: tcp, udp, ipc, inproc, pgm or epgm. */
      protocol: string;
      /** The host token as written, stripped. */
      host: string;
      /** Node id, when the host has no '.' (uint32, as ZeroVM stores it). */
      nodeId?: number;
      /** Dotted IPv4 address, when the host has a '.'. */
      ip?: string;
      /** Port number (int64 value of the token; empty token = 0). */
      port: number;
    };

/** One `Channel = ...` line. */
export interface ChannelSpec {
  /** Sources in manifest order (`;`-separated, at most 16 pieces). */
  sources: SourceSpec[];
  alias: string;
  /** Access type as a C int (0..3 valid; checked at mount time). */
  type: number;
  /** 1 when the channel's etag is enabled. */
  etag: 0 | 1;
  /** gets, get_size, puts, put_size; never negative. */
  limits: [bigint, bigint, bigint, bigint];
  /** 1-based manifest line the channel was declared on. */
  line: number;
}

/** A whole manifest. Optional fields are absent when their key was absent. */
export interface Manifest {
  version: string;
  /** Program path as written (stripped), relative to the current directory. */
  program?: string;
  /** 1-based line of the Program key. */
  programLine?: number;
  memory?: { bytes: bigint; etag: 0 | 1 };
  /** Timeout in seconds as a C int (not yet range-checked). */
  timeout?: number;
  channels: ChannelSpec[];
  nameServer?: SourceSpec;
  /** Node number as a C int. */
  node?: number;
  job?: string;
  etag?: string;
}
