import { mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ChannelSpec } from "../manifest/manifest_types.js";
import { Accounting, Channel, CHUNK_SIZE } from "./channel.js";

const dir = mkdtempSync(join(tmpdir(), "zerovm-ts-channel-"));

function channelOn(path: string, flags: string, type: number, limits: number[], etag = 1): Channel {
  const spec: ChannelSpec = {
    alias: "/dev/test",
    type,
    etag: etag as 0 | 1,
    limits: limits.map(BigInt) as [bigint, bigint, bigint, bigint],
    sources: [{ kind: "path", path }],
    line: 1,
  };
  const channel = new Channel(spec);
  channel.sources.push({ kind: "regular", path, fd: openSync(path, flags) });
  return channel;
}

describe("Channel.read", () => {
  it("counts every chunk as a get, including the one that meets EOF", () => {
    const path = join(dir, "in1");
    writeFileSync(path, Buffer.alloc(CHUNK_SIZE + 10, 7));
    const channel = channelOn(path, "r", 0, [100, 1e9, 0, 0]);
    const accounting = new Accounting();
    const target = new Uint8Array(3 * CHUNK_SIZE);

    expect(channel.read(target, 0, accounting)).toBe(CHUNK_SIZE + 10);
    expect(channel.eof).toBe(true);
    expect(accounting.localGets).toBe(3);
    expect(accounting.localGetBytes).toBe(CHUNK_SIZE + 10);
    expect(channel.counters).toEqual([1, CHUNK_SIZE + 10, 0, 0]);
    expect(channel.getPos).toBe(CHUNK_SIZE + 10);
  });

  it("does not set EOF on a random-read channel", () => {
    const path = join(dir, "in2");
    writeFileSync(path, "abcdef");
    const channel = channelOn(path, "r", 1, [100, 100, 0, 0]);
    const target = new Uint8Array(4);
    expect(channel.read(target, 2, new Accounting())).toBe(4);
    expect(Buffer.from(target).toString()).toBe("cdef");
    expect(channel.eof).toBe(false);
  });

  it("hashes the bytes read into the etag", () => {
    const path = join(dir, "in3");
    writeFileSync(path, "hello");
    const channel = channelOn(path, "r", 0, [100, 100, 0, 0]);
    channel.read(new Uint8Array(16), 0, new Accounting());
    expect(channel.digest()).toBe(createHash("sha1").update("hello").digest("hex"));
  });
});

describe("Channel.write", () => {
  it("advances the cursor, sets size and truncates preallocation at close", () => {
    const path = join(dir, "out1");
    writeFileSync(path, Buffer.alloc(1000));
    const channel = channelOn(path, "r+", 0, [0, 0, 10, 1000]);
    const accounting = new Accounting();
    channel.write(Buffer.from("abc"), 0, accounting);
    channel.write(Buffer.from("de"), channel.putPos, accounting);
    expect(channel.putPos).toBe(5);
    expect(channel.size).toBe(5);
    expect(accounting.localPuts).toBe(2);
    channel.close();
    expect(readFileSync(path).toString()).toBe("abcde");
  });

  it("keeps the largest size on a random-write channel", () => {
    const path = join(dir, "out2");
    writeFileSync(path, "");
    const channel = channelOn(path, "r+", 3, [10, 100, 10, 100]);
    channel.write(Buffer.from("xyz"), 10, new Accounting());
    channel.write(Buffer.from("a"), 0, new Accounting());
    expect(channel.size).toBe(13);
    expect(channel.getPos).toBe(1);
  });

  it("gives the SHA-1 of nothing for an etag channel never used", () => {
    const path = join(dir, "out3");
    const channel = channelOn(path, "w", 0, [0, 0, 1, 1]);
    expect(channel.digest()).toBe("da39a3ee5e6b4b0d3255bfef95601890afd80709");
  });
});
