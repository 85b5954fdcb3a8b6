/**
 * Oracle parity: every case of ../shared/oracle/cases.json in the groups
 * demo, custom, cmdline and manifest must give what native ZeroVM gave:
 * exit code, stdout (report included, CPU times masked), stderr and files.
 */
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { expectedOf, loadCases, makeWorkRoot, runCase } from "./oracle_harness.js";
import { HAS_SHARED, NO_SHARED_MESSAGE } from "./shared_dir.js";

const GROUPS = ["demo", "custom", "cmdline", "manifest"];

describe.skipIf(!HAS_SHARED)("oracle parity", () => {
  if (!HAS_SHARED) return;
  const workRoot = makeWorkRoot();
  const tally = { passed: 0, failed: 0 };

  afterAll(() => {
    console.log(`oracle: ${tally.passed} passed, ${tally.failed} failed`);
    rmSync(workRoot, { recursive: true, force: true });
  });

  for (const c of loadCases(GROUPS)) {
    const check = (): void => {
      const observed = runCase(c, workRoot);
      const expected = expectedOf(c);
      try {
        expect(observed).toEqual(expected);
        tally.passed++;
      } catch (error) {
        tally.failed++;
        throw error;
      }
    };
    it(`${c.group}/${c.name}`, check);
  }
});

if (!HAS_SHARED) {
  describe("oracle parity", () => {
    it.skip(NO_SHARED_MESSAGE, () => {});
  });
}
