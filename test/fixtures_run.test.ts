/**
 * Every fixture under the project's zerovm: C fixtures must reproduce their
 * native twin's stdout, stderr and exit status (native-fixtures/expected);
 * asm fixtures the catalog's user code or exit code. Fixtures that need
 * something the CPU does not have yet are listed in
 * native-fixtures/expected_failures.json with what is missing, and run as
 * expected failures (vitest reports them if they start passing).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

import { fixturesDirectory, loadCatalog, readExpected } from "../src/toolchain/fixtures.js";
import { runFixture, zerovmCliPath } from "../src/toolchain/fixture_run.js";

const dir = fixturesDirectory();
const catalog = loadCatalog(dir);
const cli = zerovmCliPath(join(dir, ".."));
const haveCli = existsSync(cli);
const expectedFailures = JSON.parse(
  readFileSync(join(dir, "expected_failures.json"), "utf8"),
) as Record<string, { missing: string[] }>;

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1");

function caseFor(name: string) {
  const failure = expectedFailures[name];
  return failure
    ? { run: it.fails, title: `${name} (expected failure, CPU lacks: ${failure.missing.join(", ")})` }
    : { run: it, title: name };
}

const title = haveCli
  ? "fixtures under zerovm"
  : `fixtures under zerovm (skipped: ${cli} is missing; build with npx tsc -p .)`;

describe.skipIf(!haveCli)(title, () => {
  for (const f of catalog.c) {
    const { run, title } = caseFor(f.name);
    run(`C ${title} matches its native twin`, () => {
      const expected = readExpected(dir, f.name);
      const got = runFixture(cli, join(dir, "nexe", `${f.name}.nexe`), f.test.stdin, f);
      expect(got.report[5], got.hostStderr.slice(0, 2000)).toBe("ok");
      expect(text(got.stdout)).toBe(text(expected.stdout));
      expect(text(got.stderr)).toBe(text(expected.stderr));
      expect(got.userCode).toBe(expected.status);
    });
  }
  for (const f of catalog.asm.filter((a) => a.run)) {
    const { run, title } = caseFor(f.name);
    run(`asm ${title} ends as the catalog says`, () => {
      const got = runFixture(cli, join(dir, "nexe", `${f.name}.nexe`), f.stdin ?? "");
      expect(got.exitCode, got.hostStderr.slice(0, 2000)).toBe(f.run!.exitCode ?? 0);
      if (f.run!.userCode !== undefined) expect(got.userCode).toBe(f.run!.userCode);
      expect(text(got.stdout)).toBe(f.run!.stdout);
    });
  }
});
