/**
 * Channel checks ZeroVM makes when it mounts channels (src/channels/channel.c
 * `ChannelsCtor` and src/channels/nservice.c), not when it parses.
 *
 * ZeroVM's mount step, which the session follows with these helpers:
 * 1. {@link checkChannelCount}: too many (ENFILE), then fewer than 3;
 * 2. order channels for mounting ({@link planMount}): channels with more
 *    network "bind" sources first, then more "connect" sources, locals last
 *    (a stable sort), and split off the leading read-only channels;
 * 3. mount each early channel: {@link checkChannelAtMount} (duplicate alias,
 *    then type), then open its sources;
 * 4. {@link checkNameService}: node and protocol, then the UDP exchange;
 * 5. mount the late channels the same way;
 * 6. {@link sortChannels} into user order, then {@link checkStandardChannels}.
 */

import { siteError } from "../session/zerovm_sites.js";
import type { ChannelSpec, Manifest, SourceSpec } from "./manifest_types.js";

/** `MAX_CHANNELS_NUMBER`: the UDP name-server parcel limit. */
export const MAX_CHANNELS_NUMBER = 10915;
/** Standard channels stdin, stdout, stderr. */
export const MIN_CHANNELS_NUMBER = 3;

export const STDIN_ALIAS = "/dev/stdin";
export const STDOUT_ALIAS = "/dev/stdout";
export const STDERR_ALIAS = "/dev/stderr";

/** The network protocols among ZeroVM's PROTOCOLS. */
const NETWORK_PROTOCOLS = new Set(["tcp", "udp", "ipc", "inproc", "pgm", "epgm"]);

/**
 * ZeroVM's `CH_RW_TYPE`: bit 0 when gets and get_size are both non-zero
 * (readable), bit 1 when puts and put_size are (writable). 0 = no i/o,
 * 1 = read-only, 2 = write-only, 3 = read-write.
 */
export function channelRwType(channel: ChannelSpec): 0 | 1 | 2 | 3 {
  const [gets, getSize, puts, putSize] = channel.limits;
  const readable = gets !== 0n && getSize !== 0n ? 1 : 0;
  const writable = puts !== 0n && putSize !== 0n ? 2 : 0;
  return (readable | writable) as 0 | 1 | 2 | 3;
}

/** True when `source` is a network source (tcp, udp, ipc, inproc, pgm, epgm). */
export function isNetworkSource(source: SourceSpec): boolean {
  return source.kind === "net" && NETWORK_PROTOCOLS.has(source.protocol);
}

/** Network sources of one channel: "connects" if write-only, else "binds". */
export function countNetworkSources(channel: ChannelSpec): { binds: number; connects: number } {
  const count = channel.sources.filter(isNetworkSource).length;
  return channelRwType(channel) === 2 ? { binds: 0, connects: count } : { binds: count, connects: 0 };
}

/** Totals of {@link countNetworkSources} over all channels. */
export function countAllNetworkSources(manifest: Manifest): { binds: number; connects: number } {
  let binds = 0;
  let connects = 0;
  for (const channel of manifest.channels) {
    const counts = countNetworkSources(channel);
    binds += counts.binds;
    connects += counts.connects;
  }
  return { binds, connects };
}

/**
 * Step 1: the channel count.
 *
 * @throws SessionError "channels number reached maximum" (23), then
 *   `src/channels/channel.c 439: not enough channels: N` (14)
 */
export function checkChannelCount(manifest: Manifest): void {
  const count = manifest.channels.length;
  if (count >= MAX_CHANNELS_NUMBER) throw siteError("tooManyChannels");
  if (count < MIN_CHANNELS_NUMBER) throw siteError("notEnoughChannels", count);
}

/** ZeroVM's `OrderMount`: more binds first, else more connects first. */
function compareForMount(a: ChannelSpec, b: ChannelSpec): number {
  const ca = countNetworkSources(a);
  const cb = countNetworkSources(b);
  if (ca.binds !== 0 || cb.binds !== 0) return cb.binds - ca.binds;
  if (ca.connects !== 0 || cb.connects !== 0) return cb.connects - ca.connects;
  return 0;
}

/**
 * Step 2: the mount order. `early` are the leading read-only channels of
 * the mount order (mounted before the name server is asked), `late` the
 * rest. Array.prototype.sort is stable, like glib's merge sort.
 */
export function planMount(manifest: Manifest): { early: ChannelSpec[]; late: ChannelSpec[] } {
  const ordered = [...manifest.channels].sort(compareForMount);
  let split = 0;
  while (split < ordered.length && channelRwType(ordered[split]!) === 1) split++;
  return { early: ordered.slice(0, split), late: ordered.slice(split) };
}

/**
 * Step 3, before a channel's sources are opened: the alias must be new
 * (`seenAliases` is updated), then the type must be 0..3 (ZeroVM compares
 * the enum unsigned, so negative types fail too and print signed).
 *
 * @throws SessionError `src/channels/channel.c 41: <alias> is already
 *   allocated`, `... 375: <alias> has invalid type <n>` (14)
 */
export function checkChannelAtMount(channel: ChannelSpec, seenAliases: Set<string>): void {
  if (seenAliases.has(channel.alias)) throw siteError("aliasDuplicate", channel.alias);
  seenAliases.add(channel.alias);
  if (channel.type < 0 || channel.type > 3) throw siteError("channelBadType", channel.alias, channel.type);
}

/**
 * Step 4, before the UDP exchange: nothing to do without a NameServer or
 * without network sources; otherwise Node must be ≥ 1 and the name server
 * must use udp.
 *
 * @returns true when the session must exchange parcels with the name server
 * @throws SessionError `src/channels/nservice.c 186: invalid node: N` (14),
 *   then "name server only support udp protocol" (14)
 */
export function checkNameService(manifest: Manifest): boolean {
  const server = manifest.nameServer;
  if (server === undefined) return false;
  const { binds, connects } = countAllNetworkSources(manifest);
  if (binds + connects < 1) return false;

  const node = manifest.node ?? 0;
  if (node < 1) throw siteError("invalidNode", node);
  if (server.kind !== "net" || server.protocol !== "udp") throw siteError("nameServerNotUdp");
  return true;
}

/** Compares aliases as C `strcmp` does: by UTF-8 bytes. */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** Rank of the standard aliases in user order; others rank 3. */
function standardRank(alias: string): number {
  const rank = [STDIN_ALIAS, STDOUT_ALIAS, STDERR_ALIAS].indexOf(alias);
  return rank < 0 ? 3 : rank;
}

/**
 * Step 6: the order channels have in the user manifest (and for channel
 * numbers in traps): stdin, stdout, stderr, then the rest by `strcmp` of
 * their aliases. Returns a new array.
 */
export function sortChannels(channels: readonly ChannelSpec[]): ChannelSpec[] {
  return [...channels].sort((a, b) => {
    const rankDelta = standardRank(a.alias) - standardRank(b.alias);
    if (rankDelta !== 0) return rankDelta;
    return compareBytes(a.alias, b.alias);
  });
}

/**
 * Step 6, after {@link sortChannels}: ZeroVM only checks that the third
 * channel in user order is stderr, which holds exactly when all three
 * standard channels exist.
 *
 * @throws SessionError `src/channels/channel.c 472: missing standard
 *   channels in manifest` (14)
 */
export function checkStandardChannels(sorted: readonly ChannelSpec[]): void {
  if (sorted.length <= 2 || sorted[2]!.alias !== STDERR_ALIAS) throw siteError("missingStdChannels");
}
