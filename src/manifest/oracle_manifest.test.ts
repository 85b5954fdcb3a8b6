/**
 * The manifest and cmdline cases of the native oracle, run through the parser
 * and the mount-time channel checks (no files are opened here).
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SessionError } from "../session/session_error.js";
import {
  checkChannelAtMount,
  checkChannelCount,
  checkNameService,
  checkStandardChannels,
  planMount,
  sortChannels,
} from "./channel_set.js";
import { parseManifest } from "./parse_manifest.js";

const SHARED = new URL("../../../shared/", import.meta.url);
const CASES = new URL("oracle/cases.json", SHARED);

interface OracleCase {
  name: string;
  group: string;
  manifest_template?: string | null;
  expected: { exit_code: number; report?: { exit_state: string } | null };
}

function loadCases(): OracleCase[] {
  const all = JSON.parse(readFileSync(CASES, "utf8")) as { cases: OracleCase[] };
  return all.cases.filter((c) => (c.group === "manifest" || c.group === "cmdline") && c.manifest_template);
}

/** Parse, then the channel checks in ZeroVM's mount order. */
function runChecks(text: string): { code: number; state: string } {
  try {
    const manifest = parseManifest(text);
    checkChannelCount(manifest);
    const seen = new Set<string>();
    const { early, late } = planMount(manifest);
    early.forEach((channel) => checkChannelAtMount(channel, seen));
    checkNameService(manifest);
    late.forEach((channel) => checkChannelAtMount(channel, seen));
    checkStandardChannels(sortChannels(manifest.channels));
    return { code: 0, state: "ok" };
  } catch (error) {
    if (error instanceof SessionError) return { code: error.exitCode, state: error.state };
    throw error;
  }
}

/** States decided by steps this module owns (parse and channel checks). */
const OWN_STATE = /^(MANIFEST \d+|src\/main\/manifest\.c \d+|src\/channels\/(channel|nservice)\.c \d+):/;

describe.skipIf(!existsSync(CASES))("oracle manifest cases", () => {
  if (!existsSync(CASES)) return;
  for (const oracle of loadCases()) {
    it(`${oracle.name} gives the native state`, () => {
      const text = oracle.manifest_template!.replaceAll("{RUN}", "/run").replaceAll("{NEXE}", "/nexe");
      const state = oracle.expected.report?.exit_state ?? "ok";
      const result = runChecks(text);
      if (OWN_STATE.test(state)) {
        expect(result).toEqual({ code: oracle.expected.exit_code, state });
      } else {
        // The failure happens in a later step (program, ELF, files, memory).
        expect(result).toEqual({ code: 0, state: "ok" });
      }
    });
  }
});

describe.runIf(!existsSync(CASES))("oracle manifest cases", () => {
  it.skip("need ../shared/oracle/cases.json (../shared is absent)", () => {});
});
