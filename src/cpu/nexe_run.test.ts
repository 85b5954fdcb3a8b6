/**
 * The CPU runs ZeroVM's demo nexes and the hand-written oracle nexes as
 * native ZeroVM did: fault signals and addresses, exit codes and output
 * bytes are compared with ../shared/oracle/cases.json (through the minimal
 * trap stand-in of testing/nexe_runner.ts, not a full session).
 * Skips with a message when ../shared is absent.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadNexe, runNexe } from "./testing/nexe_runner.js";

const SHARED = fileURLToPath(new URL("../../../shared/", import.meta.url));
const haveShared = existsSync(`${SHARED}oracle/cases.json`);

interface OracleCase {
  name: string;
  nexe: string;
  expected: { stdout: { text?: string }; user_stdout?: { text?: string } };
}

function oracleCase(name: string): OracleCase {
  const cases = JSON.parse(readFileSync(`${SHARED}oracle/cases.json`, "utf8")).cases as OracleCase[];
  const found = cases.find((c) => c.name === name);
  if (!found) throw new Error(`No oracle case ${name}`);
  return found;
}

/** The report's 7 lines (the stdout tail). */
function reportLines(c: OracleCase): string[] {
  const lines = (c.expected.stdout.text ?? "").split("\n");
  return lines.slice(lines.length - 8, lines.length - 1);
}

function load(c: OracleCase) {
  return loadNexe(new Uint8Array(readFileSync(`${SHARED}oracle/${c.nexe}`)));
}

describe.skipIf(!haveShared)("cpu runs the oracle nexes", () => {
  for (const name of ["fault_hlt", "fault_segv", "fault_div0"]) {
    it(`${name} faults where native ZeroVM halted`, () => {
      const c = oracleCase(name);
      const [, signal, address] = /Signal (\d+) from untrusted code: Halting at 0x([0-9A-F]+)/.exec(
        reportLines(c)[5],
      )!;
      const outcome = runNexe(load(c), {}, 1e6);
      expect(outcome.kind).toBe("stopped");
      if (outcome.kind !== "stopped" || outcome.stop.kind !== "fault") throw new Error(JSON.stringify(outcome));
      const host = BigInt(outcome.stop.ripHi >>> 0) * 2n ** 32n + BigInt(outcome.stop.ripLo >>> 0);
      expect([outcome.stop.signal, host.toString(16).toUpperCase()]).toEqual([Number(signal), address]);
    });
  }

  for (const name of ["exit42", "exitneg"]) {
    it(`${name} exits with the user code native ZeroVM reported`, () => {
      const c = oracleCase(name);
      const outcome = runNexe(load(c), {}, 1e6);
      expect(outcome).toEqual({ kind: "exit", code: Number(reportLines(c)[2]) });
    });
  }

  it("hello writes what native ZeroVM wrote to stdout", () => {
    const c = oracleCase("hello_tags");
    const chunks: number[] = [];
    const outcome = runNexe(load(c), {
      write: (channel, bytes) => {
        if (channel === 1) chunks.push(...bytes);
        return bytes.length;
      },
    }, 1e6);
    expect(outcome.kind).toBe("exit");
    expect(Buffer.from(chunks).toString("latin1")).toBe(c.expected.user_stdout?.text);
  });

  it("noise's first MiB hashes to native ZeroVM's stdout etag", () => {
    const c = oracleCase("noise_file_1m");
    const etag = /\/dev\/stdout ([0-9a-f]{40})/.exec(reportLines(c)[3])![1];
    const hash = createHash("sha1");
    let written = 0;
    const outcome = runNexe(load(c), {
      write: (channel, bytes) => {
        if (written >= 2 ** 20) return null;
        hash.update(bytes);
        written += bytes.length;
        return bytes.length;
      },
    });
    expect(outcome.kind).toBe("ended by handler");
    expect(hash.digest("hex")).toBe(etag);
  });

  it("loop keeps running until the instruction limit", () => {
    const outcome = runNexe(load(oracleCase("loop_timeout")), {}, 2e6);
    expect(outcome).toEqual({ kind: "instruction limit" });
  });
});

describe.runIf(!haveShared)("cpu runs the oracle nexes", () => {
  it.skip("needs ../shared (the oracle) beside the checkout", () => {});
});
