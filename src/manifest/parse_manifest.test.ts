import { describe, expect, it } from "vitest";
import { sessionFailure } from "./session_failure.js";
import { parseManifest } from "./parse_manifest.js";

/** A valid manifest body; tests append or replace lines. */
const STD_CHANNELS = [
  "Channel = /dev/stdin, /dev/stdin, 0, 0, 1, 1, 0, 0",
  "Channel = /dev/stdout, /dev/stdout, 0, 0, 0, 0, 1, 1",
  "Channel = /dev/stderr, /dev/stderr, 0, 0, 0, 0, 1, 1",
];
const KEYS = ["Version = 20130611", "Program = a.nexe", "Memory = 33554432, 0", "Timeout = 5"];

function manifestOf(...lines: string[]): string {
  return [...STD_CHANNELS, ...KEYS, ...lines].join("\n") + "\n";
}

/** The exit state and code parseManifest fails with. */
function failure(text: string): { code: number; state: string } {
  return sessionFailure(() => parseManifest(text));
}

describe("parseManifest accepts", () => {
  it("a complete manifest and keeps every value", () => {
    const manifest = parseManifest(manifestOf("Node = 3", "Job = /tmp/j.sock", "Etag = abc"));
    expect(manifest.version).toBe("20130611");
    expect(manifest.program).toBe("a.nexe");
    expect(manifest.programLine).toBe(5);
    expect(manifest.memory).toEqual({ bytes: 33554432n, etag: 0 });
    expect(manifest.timeout).toBe(5);
    expect(manifest.node).toBe(3);
    expect(manifest.job).toBe("/tmp/j.sock");
    expect(manifest.etag).toBe("abc");
    expect(manifest.channels.map((c) => c.alias)).toEqual(["/dev/stdin", "/dev/stdout", "/dev/stderr"]);
    expect(manifest.channels[1]).toEqual({
      sources: [{ kind: "path", path: "/dev/stdout" }],
      alias: "/dev/stdout",
      type: 0,
      etag: 0,
      limits: [0n, 0n, 1n, 1n],
      line: 2,
    });
  });

  it("lines without exactly one '=' and unknown keys are ignored", () => {
    const manifest = parseManifest(manifestOf("=====", "a = b = c", "NodeName = 5", "no equals"));
    expect(manifest.node).toBeUndefined();
  });

  it("whitespace and carriage returns are stripped from keys and values", () => {
    const text = manifestOf().replace("Timeout = 5", " \tTimeout\t=\t 7 \r");
    expect(parseManifest(text).timeout).toBe(7);
  });

  it("numbers in hex, octal and with a sign", () => {
    const text = manifestOf().replace("Memory = 33554432, 0", "Memory = 0x2000000, +1").replace("Timeout = 5", "Timeout = 010");
    const manifest = parseManifest(text);
    expect(manifest.memory).toEqual({ bytes: 0x2000000n, etag: 1 });
    expect(manifest.timeout).toBe(8);
  });

  it("an empty number is zero, as g_ascii_strtoll converts nothing", () => {
    expect(parseManifest(manifestOf().replace("Timeout = 5", "Timeout =")).timeout).toBe(0);
  });

  it("Timeout and Node are truncated to a C int", () => {
    const manifest = parseManifest(manifestOf("Node = 4294967297").replace("Timeout = 5", "Timeout = 4294967295"));
    expect(manifest.timeout).toBe(-1);
    expect(manifest.node).toBe(1);
  });

  it("several sources separated by ';' and network URLs", () => {
    const manifest = parseManifest(
      manifestOf("Channel = /a;TCP:127.0.0.1:80; tcp:5: ;udp:7:65537, /dev/x, 1, 1, 1, 1, 0, 0", "NameServer = udp:10.0.0.1:54321"),
    );
    expect(manifest.channels[3]!.sources).toEqual([
      { kind: "path", path: "/a" },
      { kind: "net", protocol: "tcp", host: "127.0.0.1", ip: "127.0.0.1", port: 80 },
      { kind: "net", protocol: "tcp", host: "5", nodeId: 5, port: 0 },
      { kind: "net", protocol: "udp", host: "7", nodeId: 7, port: 1 },
    ]);
    expect(manifest.channels[3]!.etag).toBe(1);
    expect(manifest.nameServer).toEqual({ kind: "net", protocol: "udp", host: "10.0.0.1", ip: "10.0.0.1", port: 54321 });
  });

  it("more than 16 sources leave the rest in the 16th as one path", () => {
    const names = Array.from({ length: 17 }, (_, i) => `/s${i}`).join(";");
    const manifest = parseManifest(manifestOf(`Channel = ${names}, /dev/x, 0, 0, 1, 1, 0, 0`));
    const sources = manifest.channels[3]!.sources;
    expect(sources).toHaveLength(16);
    expect(sources[15]).toEqual({ kind: "path", path: "/s15;/s16" });
  });

  it("channel type is not range-checked while parsing", () => {
    const manifest = parseManifest(manifestOf("Channel = /a, /dev/x, 5, 0, 1, 1, 0, 0"));
    expect(manifest.channels[3]!.type).toBe(5);
  });

  it("only the text before a NUL byte", () => {
    expect(parseManifest(manifestOf() + "\0Timeout = bad\n").timeout).toBe(5);
  });

  it("a Job value of exactly 108 bytes", () => {
    expect(parseManifest(manifestOf(`Job =${"j".repeat(107)}`)).job).toBe("j".repeat(107));
  });
});

describe("parseManifest rejects", () => {
  const cases: Array<[string, string, string]> = [
    ["a wrong version", "Version = 20130612", "MANIFEST 4: invalid manifest version"],
    ["a non-number", "Node = usidramki", "MANIFEST 8: invalid numeric value 'usidramki'"],
    ["trailing junk, quoting only the rest", "Node = 12ab", "MANIFEST 8: invalid numeric value 'ab'"],
    ["a digit 8 in octal", "Node = 08", "MANIFEST 8: invalid numeric value '8'"],
    ["a bare 0x, quoting from the x", "Node = 0x", "MANIFEST 8: invalid numeric value 'x'"],
    ["an overflowing number, quoting nothing", "Node = 9223372036854775808", "MANIFEST 8: invalid numeric value ''"],
    ["a lone sign", "Node = -", "MANIFEST 8: invalid numeric value '-'"],
    ["a Job longer than 108 bytes", `Job = ${"j".repeat(108)}`, "MANIFEST 8: too long Job name"],
    ["a name server IP with three octets", "NameServer = udp:127.0.1:54321", "MANIFEST 8: malformed ip token"],
    ["a name server IP of 0.0.0.0", "NameServer = udp:0.0.0.0:1", "MANIFEST 8: malformed ip token"],
    ["a name server IP with a leading zero", "NameServer = udp:127.0.0.01:1", "MANIFEST 8: malformed ip token"],
    ["a name server without port", "NameServer = udp:127.0.0.1", "MANIFEST 8: invalid channel url"],
    ["a relative name server path", "NameServer = ns", "MANIFEST 8: only absolute path channels are allowed"],
    ["seven channel fields", "Channel = /a, /x, 0, 0, 1, 1, 0", "MANIFEST 8: invalid channel tokens number"],
    ["nine channel fields", "Channel = /a, /x, 0, 0, 1, 1, 0, 0, 0", "MANIFEST 8: invalid numeric value ', 0'"],
    ["a relative channel path", "Channel = a, /x, 0, 0, 1, 1, 0, 0", "MANIFEST 8: only absolute path channels are allowed"],
    ["a ':' without a known protocol", "Channel = /a:b, /x, 0, 0, 1, 1, 0, 0", "MANIFEST 8: invalid channel name"],
    ["an empty source", "Channel = /a; , /x, 0, 0, 1, 1, 0, 0", "MANIFEST 8: invalid channel url"],
    ["a non-numeric node id", "Channel = tcp:x:1, /x, 0, 0, 1, 1, 0, 0", "MANIFEST 8: invalid numeric value 'x'"],
    ["a non-numeric type", "Channel = /a, /x, t, 0, 1, 1, 0, 0", "MANIFEST 8: invalid numeric value 't'"],
    ["a channel etag of 2", "Channel = /a, /x, 0, 2, 1, 1, 0, 0", "MANIFEST 8: invalid channel numeric token"],
    ["a negative limit", "Channel = /a, /x, 0, 0, 1, -1, 0, 0", "MANIFEST 8: negative limits for /x"],
  ];
  for (const [what, line, state] of cases) {
    it(what, () => {
      const text = line.startsWith("Version") ? manifestOf().replace("Version = 20130611", line) : manifestOf(line);
      expect(failure(text)).toEqual({ code: 14, state });
    });
  }

  it("Memory with one token", () => {
    const text = manifestOf().replace("Memory = 33554432, 0", "Memory = 33554432");
    expect(failure(text)).toEqual({ code: 14, state: "MANIFEST 6: invalid memory token" });
  });

  it("Memory with three tokens, through the etag number", () => {
    const text = manifestOf().replace("Memory = 33554432, 0", "Memory = 33554432, 0, 1");
    expect(failure(text)).toEqual({ code: 14, state: "MANIFEST 6: invalid numeric value ', 1'" });
  });

  it("a Memory etag of 2", () => {
    const text = manifestOf().replace("Memory = 33554432, 0", "Memory = 33554432, 2");
    expect(failure(text)).toEqual({ code: 14, state: "MANIFEST 6: invalid memory etag token" });
  });

  it("the first bad line, even when later lines are also bad", () => {
    expect(failure(manifestOf("Node = x", "Node = y")).state).toBe("MANIFEST 8: invalid numeric value 'x'");
  });

  it("an empty manifest with 'Timeout not specified' (census runs backwards)", () => {
    expect(failure("")).toEqual({ code: 14, state: "src/main/manifest.c 345: Timeout not specified" });
  });

  it("a missing Version last of the required keys", () => {
    const text = manifestOf().replace("Version = 20130611\n", "");
    expect(failure(text).state).toBe("src/main/manifest.c 345: Version not specified");
  });

  it("a repeated Etag before a missing Timeout", () => {
    const text = manifestOf("Etag = a", "Etag = b").replace("Timeout = 5\n", "");
    expect(failure(text)).toEqual({ code: 14, state: "src/main/manifest.c 347: duplicate Etag keyword" });
  });

  it("a repeated Program", () => {
    expect(failure(manifestOf("Program = b.nexe")).state).toBe("src/main/manifest.c 347: duplicate Program keyword");
  });
});
