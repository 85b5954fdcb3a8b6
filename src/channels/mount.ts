/**
 * Mounting and dismounting the manifest's channels, in ZeroVM's order.
 *
 * ZeroVM builds a channel (and its etag) for every Channel line while it
 * parses the manifest, so even a session that fails before mounting reports
 * their (empty) etags. Mounting follows the steps of manifest/channel_set.ts
 * (count checks, mount order, the read-only prefix, the name-server step,
 * the rest, user order, standard channels); this module opens the sources
 * and keeps the session's channel list in the order ZeroVM's own list has
 * at each step, because the etag line of a failed session uses that order.
 *
 * Local sources are opened by path after a stat() that follows symlinks, as
 * natively, so `/dev/stdout` means whatever fd 1 is.
 */
import { openSync, statSync, ftruncateSync, constants as fsConstants } from "node:fs";
import {
  checkChannelAtMount,
  checkChannelCount,
  checkNameService,
  checkStandardChannels,
  countNetworkSources,
  planMount,
  sortChannels,
} from "../manifest/channel_set.js";
import type { ChannelSpec, Manifest, SourceSpec } from "../manifest/manifest_types.js";
import { siteError, siteErrorWithCode } from "../session/zerovm_sites.js";
import { SessionError } from "../session/session_error.js";
import { Channel, type ChannelSource, type SourceKind } from "./channel.js";

/** Builds the (unmounted) channel objects, in manifest order. */
export function createChannels(specs: readonly ChannelSpec[]): Channel[] {
  return specs.map((spec) => new Channel(spec));
}

/** Orders `channels` in place for dismounting (and for the etag line). */
export function sortForDismount(channels: Channel[]): void {
  // ZeroVM's OrderDismount: local channels, then "connect", then "bind" ones.
  const weight = (channel: Channel): { binds: number; connects: number } =>
    countNetworkSources(channel.spec);
  channels.sort((a, b) => {
    const wa = weight(a);
    const wb = weight(b);
    if (wa.binds !== 0 || wb.binds !== 0) return wa.binds - wb.binds;
    return wa.connects - wb.connects;
  });
}

/** What mounting needs besides the channel list. */
export interface MountOptions {
  manifest: Manifest;
  /** False with `-P`: write files are not preallocated to put_size. */
  preallocate: boolean;
}

/**
 * Mounts every channel. `channels` (built by createChannels from the same
 * manifest) is reordered in place as ZeroVM reorders its list: mount order,
 * then user order once every channel is mounted.
 *
 * @throws SessionError with ZeroVM's exit state on the first failure.
 */
export function mountChannels(channels: Channel[], options: MountOptions): void {
  const { manifest } = options;
  const bySpec = new Map(channels.map((channel) => [channel.spec, channel]));
  const reorder = (specs: readonly ChannelSpec[]): void => {
    channels.splice(0, channels.length, ...specs.map((spec) => bySpec.get(spec)!));
  };

  checkChannelCount(manifest);
  const { early, late } = planMount(manifest);
  reorder([...early, ...late]);

  // Network sources of the early channels would be bound before the name
  // server step; we check everything ZeroVM checks first, then refuse them.
  const seenAliases = new Set<string>();
  const mount = (spec: ChannelSpec, early: boolean): void => {
    checkChannelAtMount(spec, seenAliases);
    const channel = bySpec.get(spec)!;
    for (const source of spec.sources) {
      if (source.kind === "net" && early) continue;
      mountSource(channel, source, options);
    }
  };
  early.forEach((spec) => mount(spec, true));
  checkNameService(manifest);
  for (const spec of early) {
    const net = spec.sources.find((source) => source.kind === "net");
    if (net) mountSource(bySpec.get(spec)!, net, options);
  }
  late.forEach((spec) => mount(spec, false));

  const sorted = sortChannels(manifest.channels);
  reorder(sorted);
  checkStandardChannels(sorted);
}

/** Classifies a path as ZeroVM's stat() does; a missing path is regular. */
function sourceKindOf(path: string): SourceKind | "unsupported" {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return "regular";
  }
  if (stats.isFile()) return "regular";
  if (stats.isCharacterDevice()) return "character";
  if (stats.isFIFO()) return "fifo";
  return "unsupported";
}

function mountSource(channel: Channel, source: SourceSpec, options: MountOptions): void {
  if (source.kind === "net") {
    // TODO(#2 follow-up): network channels over tcp come with their own issue.
    const url = `${source.protocol}:${source.host}:${source.port}`;
    throw new SessionError(93, `network channels are not supported yet: ${channel.alias} uses ${url}`);
  }

  const kind = sourceKindOf(source.path);
  if (kind === "unsupported") throw siteError("unsupportedSourceType", channel.alias, channel.type);
  const access = channel.accessClass;
  if (kind !== "regular" && access !== 1 && access !== 2) {
    throw siteError("channelBadIoType", channel.alias);
  }
  if (kind === "regular" && access === 0) throw siteError("regularBadIoType", channel.alias);
  if (kind === "regular" && access === 3 && channel.type === 0) throw siteError("rwSequential");
  if (kind === "regular" && access === 3 && channel.type === 2) {
    throw siteError("rwSeqReadRandomWrite");
  }

  const opened: ChannelSource = { kind, path: source.path, fd: openSource(source.path, kind, access) };
  channel.sources.push(opened);
  if (kind === "regular") prepareRegular(channel, opened, options);
  else channel.size = 0;
}

/** Opens a local source with the flags ZeroVM uses for its access class. */
function openSource(path: string, kind: SourceKind, access: number): number {
  const { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_TRUNC } = fsConstants;
  let flags: number;
  if (kind !== "regular") flags = access === 1 ? O_RDONLY : O_WRONLY;
  else if (access === 1) flags = O_RDONLY;
  else if (access === 2) flags = O_WRONLY | O_CREAT | O_TRUNC;
  else flags = O_RDWR | O_CREAT;

  try {
    return openSync(path, flags, 0o600);
  } catch (error) {
    if (kind !== "regular") {
      const errno = Math.abs((error as NodeJS.ErrnoException).errno ?? 5);
      throw siteErrorWithCode("characterCannotOpen", errno, path);
    }
    throw siteError(access === 3 ? "rwCannotOpen" : "channelCannotOpen", path);
  }
}

/** Sizes, cursors and preallocation of a regular-file source. */
function prepareRegular(channel: Channel, source: ChannelSource, options: MountOptions): void {
  const access = channel.accessClass;
  const isDevNull = source.path === "/dev/null";
  const fileSize = statSync(source.path).size;
  const putSize = channel.limits[3];

  if (access === 1) {
    channel.size = fileSize;
  } else if (access === 2) {
    channel.size = 0;
    if (!isDevNull && options.preallocate) preallocate(channel, source, putSize);
  } else {
    channel.size = fileSize;
    if (fileSize === 0 && !isDevNull) {
      if (options.preallocate) preallocate(channel, source, putSize);
    } else {
      channel.putPos = channel.type === 1 ? fileSize : 0;
    }
  }
}

function preallocate(channel: Channel, source: ChannelSource, size: number): void {
  try {
    ftruncateSync(source.fd, size);
  } catch (error) {
    const errno = Math.abs((error as NodeJS.ErrnoException).errno ?? 5);
    throw siteErrorWithCode("preallocateFailed", errno, channel.alias);
  }
}
