import { describe, expect, it } from "vitest";
import { SessionError } from "../session/session_error.js";
import {
  channelRwType,
  checkChannelAtMount,
  checkChannelCount,
  checkNameService,
  checkStandardChannels,
  planMount,
  sortChannels,
} from "./channel_set.js";
import { parseManifest } from "./parse_manifest.js";

const KEYS = "Version = 20130611\nProgram = a\nMemory = 33554432, 0\nTimeout = 1\n";

function manifestWith(...channelLines: string[]): ReturnType<typeof parseManifest> {
  return parseManifest(channelLines.map((l) => `Channel = ${l}`).join("\n") + "\n" + KEYS);
}

function stateOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof SessionError) return `${error.exitCode} ${error.state}`;
    throw error;
  }
  return "ok";
}

describe("channel checks at mount time", () => {
  it("channelRwType needs both limits of a direction", () => {
    const m = manifestWith("/a, a, 0, 0, 1, 0, 1, 1", "/b, b, 0, 0, 1, 1, 0, 1", "/c, c, 0, 0, 1, 1, 1, 1");
    expect(m.channels.map(channelRwType)).toEqual([2, 1, 3]);
  });

  it("fewer than three channels", () => {
    expect(stateOf(() => checkChannelCount(manifestWith("/a, a, 0, 0, 1, 1, 0, 0")))).toBe(
      "14 src/channels/channel.c 439: not enough channels: 1",
    );
  });

  it("a duplicate alias is found before the type of the same channel", () => {
    const seen = new Set<string>();
    const [first, second] = manifestWith("/a, x, 0, 0, 1, 1, 0, 0", "/b, x, 9, 0, 1, 1, 0, 0").channels;
    checkChannelAtMount(first!, seen);
    expect(stateOf(() => checkChannelAtMount(second!, seen))).toBe("14 src/channels/channel.c 41: x is already allocated");
  });

  it("a negative type fails as the unsigned enum does, printed signed", () => {
    const [channel] = manifestWith("/a, x, -1, 0, 1, 1, 0, 0").channels;
    expect(stateOf(() => checkChannelAtMount(channel!, new Set()))).toBe("14 src/channels/channel.c 375: x has invalid type -1");
  });

  it("mount order: more binds first, then more connects, locals last; early part stops at the first non-read-only", () => {
    const m = manifestWith(
      "/l, local, 0, 0, 1, 1, 0, 0",
      "/o, out, 0, 0, 0, 0, 1, 1",
      "tcp:1:0;tcp:2:0, in2, 0, 0, 1, 1, 0, 0",
      "tcp:3:0, in1, 0, 0, 1, 1, 0, 0",
      "tcp:4:0, con, 0, 0, 0, 0, 1, 1",
    );
    const { early, late } = planMount(m);
    expect(early.map((c) => c.alias)).toEqual(["in2", "in1"]);
    expect(late.map((c) => c.alias)).toEqual(["con", "local", "out"]);
  });

  it("the name server step: nothing without network sources, then node before protocol", () => {
    const local = parseManifest("Channel = /a, a, 0, 0, 1, 1, 0, 0\nNameServer = tcp:127.0.0.1:1\n" + KEYS);
    expect(checkNameService(local)).toBe(false);
    const net = parseManifest("Channel = tcp:2:, a, 0, 0, 1, 1, 0, 0\nNameServer = tcp:127.0.0.1:1\n" + KEYS);
    expect(stateOf(() => checkNameService(net))).toBe("14 src/channels/nservice.c 186: invalid node: 0");
    const withNode = parseManifest("Channel = tcp:2:, a, 0, 0, 1, 1, 0, 0\nNameServer = tcp:127.0.0.1:1\nNode = 1\n" + KEYS);
    expect(stateOf(() => checkNameService(withNode))).toMatch(/^14 src\/channels\/nservice\.c \d+: name server only support udp protocol$/);
    const good = parseManifest("Channel = tcp:2:, a, 0, 0, 1, 1, 0, 0\nNameServer = udp:127.0.0.1:1\nNode = 1\n" + KEYS);
    expect(checkNameService(good)).toBe(true);
  });

  it("user order: stdin, stdout, stderr, then strcmp of UTF-8 bytes", () => {
    const m = manifestWith(
      "/a, \u00e9, 0, 0, 1, 1, 0, 0",
      "/a, /dev/stderr, 0, 0, 0, 0, 1, 1",
      "/a, Z, 0, 0, 1, 1, 0, 0",
      "/a, /dev/stdin, 0, 0, 1, 1, 0, 0",
      "/a, \ud83d\ude00, 0, 0, 1, 1, 0, 0",
      "/a, /dev/stdout, 0, 0, 0, 0, 1, 1",
      "/a, \uffee, 0, 0, 1, 1, 0, 0",
    );
    const order = sortChannels(m.channels).map((c) => c.alias);
    expect(order).toEqual(["/dev/stdin", "/dev/stdout", "/dev/stderr", "Z", "\u00e9", "\uffee", "\ud83d\ude00"]);
    expect(stateOf(() => checkStandardChannels(sortChannels(m.channels)))).toBe("ok");
  });

  it("standard channels missing", () => {
    const m = manifestWith("/a, /dev/stdin, 0, 0, 1, 1, 0, 0", "/a, /dev/stderr, 0, 0, 0, 0, 1, 1", "/a, x, 0, 0, 1, 1, 0, 0");
    expect(stateOf(() => checkStandardChannels(sortChannels(m.channels)))).toBe(
      "14 src/channels/channel.c 472: missing standard channels in manifest",
    );
  });
});
