import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatSite, siteError, siteErrorWithCode, ZVM_SITES, type ZvmSite } from "./zerovm_sites.js";

const CASES = new URL("../../../shared/oracle/cases.json", import.meta.url);

/** Every (exit code, state) pair of the oracle that names a C source line. */
function oracleSiteStates(): Array<{ name: string; code: number; state: string }> {
  const all = JSON.parse(readFileSync(CASES, "utf8")) as {
    cases: Array<{ name: string; expected?: { exit_code: number; report?: { exit_state: string } | null } }>;
  };
  const states: Array<{ name: string; code: number; state: string }> = [];
  for (const c of all.cases) {
    const state = c.expected?.report?.exit_state;
    if (state && /^\S+\.[ch] \d+: /.test(state)) states.push({ name: c.name, code: c.expected!.exit_code, state });
  }
  return states;
}

/** A regular expression matching what `format` can print. */
function formatPattern(format: string): RegExp {
  const escaped = format.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${escaped.replace(/%08x/g, "[0-9a-f]{8}").replace(/%s/g, ".+").replace(/%d/g, "-?\\d+").replace(/%x/g, "[0-9a-f]+")}$`);
}

function matchingSite(code: number, state: string): ZvmSite | undefined {
  return Object.values(ZVM_SITES).find((site: ZvmSite) => {
    const prefix = `${site.file} ${site.line}: `;
    return (site.code === code || site.code < 0) && state.startsWith(prefix) && formatPattern(site.format).test(state.slice(prefix.length));
  });
}

describe.skipIf(!existsSync(CASES))("ZVM_SITES against the oracle", () => {
  if (!existsSync(CASES)) return;
  const states = oracleSiteStates();

  it("the oracle has source-line states to check", () => {
    expect(states.length).toBeGreaterThan(15);
  });

  for (const { name, code, state } of states) {
    it(`reproduces ${name}: ${state}`, () => {
      const site = matchingSite(code, state);
      expect(site, `no site for ${JSON.stringify(state)} (exit ${code})`).toBeDefined();
      expect(site!.verified).toBe(true);
    });
  }

  it("every row marked verified appears in the oracle", () => {
    const seen = new Set(states.map(({ state }) => state.slice(0, state.indexOf(":"))));
    for (const [id, site] of Object.entries(ZVM_SITES)) {
      // cmd_as_root ran natively (zerovm-native.md §5.3) but is not a stored case.
      if (id === "runAsRoot") continue;
      if (site.verified) expect(seen.has(`${site.file} ${site.line}`), id).toBe(true);
    }
  });
});

describe.runIf(!existsSync(CASES))("ZVM_SITES against the oracle", () => {
  it.skip("needs ../shared/oracle/cases.json (../shared is absent)", () => {});
});

describe("siteError", () => {
  it("fills placeholders in order", () => {
    expect(siteError("channelBadType", "/dev/stdin", 5).state).toBe("src/channels/channel.c 375: /dev/stdin has invalid type 5");
    expect(siteError("userAddressInvalid", 0, 32).state).toBe("./src/loader/sel_ldr-inl.h 61: uaddr 0x00000000, addr space 32 bits");
    expect(siteError("invalidTimeout", -1).exitCode).toBe(14);
  });

  it("refuses a site whose code is the host errno, and siteErrorWithCode takes it", () => {
    expect(() => siteError("characterCannotOpen", "/x")).toThrow(/siteErrorWithCode/);
    const error = siteErrorWithCode("characterCannotOpen", 13, "/x");
    expect({ code: error.exitCode, state: error.state }).toEqual({ code: 13, state: "src/channels/preload.c 108: cannot open /x" });
  });

  it("formatSite rejects a wrong argument count", () => {
    expect(() => formatSite("%s and %d", ["a"])).toThrow(/Too few/);
    expect(() => formatSite("%s", ["a", "b"])).toThrow(/Too many/);
  });

  it("every row has a C file, a positive line and a format", () => {
    for (const site of Object.values(ZVM_SITES) as ZvmSite[]) {
      expect(site.file).toMatch(/^(\.\/)?src\/[a-z_/-]+\.[ch]$/);
      expect(site.line).toBeGreaterThan(0);
      expect(site.format.length).toBeGreaterThan(0);
    }
  });
});
