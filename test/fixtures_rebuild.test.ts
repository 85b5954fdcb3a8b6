/**
 * Rebuilding native-fixtures with the system toolchain gives the committed
 * bytes (SHA256SUMS) and the native twins give the committed expected
 * outputs. Skipped, saying why, where gcc or binutils are missing or their
 * versions differ from native-fixtures/TOOLCHAIN (other versions schedule
 * code differently, so only the same toolchain can reproduce the bytes).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

import { missingTools } from "../src/toolchain/driver.js";
import {
  buildAllNexes, buildNativeTwin, fixturesDirectory, formatSums, inputBytes, loadCatalog,
  readExpected, runNative, toolchainVersions,
} from "../src/toolchain/fixtures.js";

const dir = fixturesDirectory();
const missing = missingTools();
const recorded = readFileSync(join(dir, "TOOLCHAIN"), "utf8");
const current = missing.length === 0 ? toolchainVersions() : "";
const skipReason = missing.length > 0
  ? `skipped: ${missing.join(", ")} not installed (run tools/setup.sh)`
  : current !== recorded
    ? `skipped: toolchain differs from native-fixtures/TOOLCHAIN (${current.split("\n")[0]})`
    : "";

describe.skipIf(skipReason !== "")(`fixture rebuild ${skipReason}`.trim(), () => {
  it("rebuilds every nexe byte for byte as listed in SHA256SUMS", () => {
    const out = mkdtempSync(join(tmpdir(), "fixtures-rebuild-"));
    try {
      const sums = formatSums(buildAllNexes(loadCatalog(dir), dir, out));
      expect(sums).toBe(readFileSync(join(dir, "SHA256SUMS"), "utf8"));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);

  it("native twins reproduce the committed expected outputs", () => {
    const out = mkdtempSync(join(tmpdir(), "fixtures-twins-"));
    try {
      for (const f of loadCatalog(dir).c) {
        const binary = join(out, f.name);
        buildNativeTwin(f, dir, binary);
        const got = runNative(binary, inputBytes(f.test.stdin));
        const expected = readExpected(dir, f.name);
        expect(Buffer.from(got.stdout).equals(Buffer.from(expected.stdout)), f.name).toBe(true);
        expect(got.status, f.name).toBe(expected.status);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);
});
