/**
 * The user manifest: what the guest learns about its heap and channels.
 *
 * Layout (zerovm-spec.md §1.6, zerovm-native.md §7.3), little-endian, ILP32:
 * for n channels, a 20-byte UserManifest at U = 0xFF000000 - (48n + 24),
 * the 48-byte channel records right after it at U + 20, and the guest
 * address U in the cell at 0xFEFFFFFC. The NUL-terminated aliases are copied
 * downwards from U in channel order. Everything from the 64 KiB page holding
 * the lowest alias up to the stack becomes the read-only SysData block.
 */
import type { Channel } from "../channels/channel.js";
import type { GuestMemory } from "../memory/guest_memory.js";

export const STACK_START = 0xff000000;
export const STACK_SIZE = 0x1000000;
export const MANIFEST_POINTER = 0xfefffffc;
const USER_MANIFEST_SIZE = 20;
const CHANNEL_RECORD_SIZE = 48;

/** Where the user manifest went and what it reported. */
export interface UserManifestPlacement {
  /** Guest address of struct UserManifest. */
  address: number;
  /** Guest address of the lowest alias byte. */
  lowestAlias: number;
}

/** Guest address of the UserManifest for `count` channels. */
export function userManifestAddress(count: number): number {
  return STACK_START - (CHANNEL_RECORD_SIZE * count + 24);
}

/**
 * Lays out the aliases only, returning the lowest alias address: the
 * heap size depends on it, and the heap size goes into the manifest.
 */
export function lowestAliasAddress(channels: readonly Channel[]): number {
  let cursor = userManifestAddress(channels.length);
  for (const channel of channels) cursor -= Buffer.byteLength(channel.alias) + 1;
  return cursor;
}

/** Writes the whole user manifest into guest memory. */
export function writeUserManifest(
  memory: GuestMemory,
  channels: readonly Channel[],
  heapPointer: number,
  heapSize: number,
): UserManifestPlacement {
  const view = memory.view;
  const address = userManifestAddress(channels.length);
  memory.u8[STACK_START - 1] = 0;

  view.setUint32(address, heapPointer, true);
  view.setUint32(address + 4, heapSize, true);
  view.setUint32(address + 8, STACK_SIZE, true);
  view.setInt32(address + 12, channels.length, true);
  view.setUint32(address + 16, address + USER_MANIFEST_SIZE, true);

  let cursor = address;
  channels.forEach((channel, index) => {
    const alias = Buffer.from(channel.alias + "\0");
    cursor -= alias.length;
    memory.u8.set(alias, cursor);

    const record = address + USER_MANIFEST_SIZE + index * CHANNEL_RECORD_SIZE;
    channel.limitsExact.forEach((limit, i) => view.setBigInt64(record + 8 * i, limit, true));
    view.setBigInt64(record + 32, BigInt(channel.type === 0 ? 0 : channel.size), true);
    view.setUint32(record + 40, channel.type, true);
    view.setUint32(record + 44, cursor, true);
  });

  view.setUint32(MANIFEST_POINTER, address, true);
  return { address, lowestAlias: cursor };
}
