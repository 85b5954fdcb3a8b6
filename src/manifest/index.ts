/** Public surface of the manifest module. */
export type { ChannelSpec, Manifest, SourceSpec } from "./manifest_types.js";
export { parseManifest, MANIFEST_VERSION } from "./parse_manifest.js";
export { readManifestFile, readManifestBytes, MANIFEST_SIZE_LIMIT } from "./read_manifest.js";
export {
  channelRwType,
  checkChannelAtMount,
  checkChannelCount,
  checkNameService,
  checkStandardChannels,
  countAllNetworkSources,
  isNetworkSource,
  planMount,
  sortChannels,
} from "./channel_set.js";
