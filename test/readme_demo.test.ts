/**
 * The README's demo command, run from a fresh clone: the command is read
 * from README.md itself (the first indented command after "Run the embedded
 * demo"), so the test fails if the README and the project drift apart.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_DIR } from "./shared_dir.js";

/** The demo command as the README gives it. */
function readmeDemoCommand(): string {
  const readme = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");
  const match = /Run the embedded demo[\s\S]*?\n\n {4}(.+)\n/.exec(readme);
  if (!match) throw new Error("README.md has no demo command after 'Run the embedded demo'");
  return match[1].trim();
}

describe("README demo", () => {
  it("names npm ci and npm run demo", () => {
    expect(readmeDemoCommand()).toBe("npm ci && npm run demo");
  });

  it("prints the demo's greeting and a successful report from a fresh clone", () => {
    const work = mkdtempSync(join(tmpdir(), "zerovm-ts-clone-"));
    try {
      execFileSync("git", ["clone", "--quiet", "--depth", "1", `file://${PROJECT_DIR}`, work]);
      // Real pipes (not the socket pairs Node gives a child), as a shell gives.
      const script = `set -o pipefail; (${readmeDemoCommand()}) < /dev/null 2> >(cat >&2) | cat`;
      const result = spawnSync("bash", ["-c", script], {
        cwd: work,
        encoding: "utf8",
        timeout: 300_000,
      });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toContain("Hello from zerovm-ts");
      expect(result.stdout).toMatch(/\n0\n0\ndisable\n\d+\.\d\d \d+\.\d\d 0 0 1 65 0 0 0 0\nok\n\n$/);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 320_000);
});
