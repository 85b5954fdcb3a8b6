/**
 * The CPU runs the project's C fixtures (native-fixtures/nexe, built by
 * tools/build_fixtures.ts) with their small test inputs and must print what
 * their native twins printed (native-fixtures/expected). This exercises the
 * interpreter on real compiled code (libc-style formatting, qsort, sha256,
 * doubles in nbody and mandelbrot) without a session: traps go through the
 * minimal stand-in of testing/nexe_runner.ts, with stdin on channel 0.
 * Fixtures with extra channels are left to the session's tests.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadNexe, runNexe } from "./testing/nexe_runner.js";

const FIXTURES = fileURLToPath(new URL("../../native-fixtures/", import.meta.url));
const haveFixtures = existsSync(`${FIXTURES}catalog.json`);

interface Fixture {
  name: string;
  channels?: string[];
  test: { stdin: string | { pattern: number } };
}

function stdinOf(fixture: Fixture): Buffer {
  const spec = fixture.test.stdin;
  if (typeof spec === "string") return Buffer.from(spec, "latin1");
  return Buffer.from(Array.from({ length: spec.pattern }, (_, i) => (i * 7 + (i >> 8)) & 0xff));
}

const fixtures: Fixture[] = haveFixtures
  ? (JSON.parse(readFileSync(`${FIXTURES}catalog.json`, "utf8")).c as Fixture[]).filter(
      (f) => !f.channels && existsSync(`${FIXTURES}nexe/${f.name}.nexe`),
    )
  : [];

describe.skipIf(!haveFixtures)("cpu runs the C fixtures", () => {
  for (const fixture of fixtures) {
    it(`${fixture.name} prints what its native twin printed`, () => {
      const stdin = stdinOf(fixture);
      let position = 0;
      const output: Buffer[] = [];
      const nexe = loadNexe(new Uint8Array(readFileSync(`${FIXTURES}nexe/${fixture.name}.nexe`)));
      const outcome = runNexe(
        nexe,
        {
          read: (channel, size) => {
            if (channel !== 0) return new Uint8Array(0);
            const chunk = stdin.subarray(position, position + size);
            position += chunk.length;
            return chunk;
          },
          write: (channel, bytes) => {
            if (channel === 1) output.push(Buffer.from(bytes));
            return bytes.length;
          },
        },
        1e9,
      );
      expect(outcome.kind, JSON.stringify(outcome)).toBe("exit");
      const expected = readFileSync(`${FIXTURES}expected/${fixture.name}.stdout`);
      expect(Buffer.concat(output).toString("latin1")).toBe(expected.toString("latin1"));
    });
  }
});

describe.runIf(!haveFixtures)("cpu runs the C fixtures", () => {
  it.skip("needs native-fixtures/ (built by tools/build_fixtures.ts)", () => {});
});
