/**
 * Runs a fixture nexe under the project's `zerovm` (dist/src/cli/zerovm_main.js)
 * in a fresh directory: stdin and extra input files written first, stdio
 * channels as files there, report parsed from the process stdout (the
 * report's 7 lines follow nothing else, since /dev/stdout is a file).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { fixtureManifest, inputBytes, type InputSpec } from "./fixtures.js";

/** What one zerovm run produced. */
export interface FixtureRun {
  exitCode: number;
  report: string[];
  userCode: number | undefined;
  stdout: Uint8Array;
  stderr: Uint8Array;
  /** zerovm's own stderr (diagnostics, crashes). */
  hostStderr: string;
}

/** Where the built zerovm CLI is expected, relative to the package root. */
export function zerovmCliPath(packageRoot: string): string {
  return join(packageRoot, "dist", "src", "cli", "zerovm_main.js");
}

export function runFixture(
  cli: string,
  nexePath: string,
  stdin: InputSpec,
  options: { files?: Record<string, InputSpec>; channels?: string[]; timeoutSeconds?: number } = {},
): FixtureRun {
  if (!existsSync(cli)) throw new Error(`Cannot run fixtures: ${cli} does not exist (run npx tsc -p .)`);
  const dir = mkdtempSync(join(tmpdir(), "fixture-run-"));
  try {
    writeFileSync(join(dir, "stdin.bin"), inputBytes(stdin));
    for (const [name, spec] of Object.entries(options.files ?? {})) writeFileSync(join(dir, name), inputBytes(spec));
    const manifest = join(dir, "run.manifest");
    writeFileSync(manifest, fixtureManifest(nexePath, dir, options.channels, options.timeoutSeconds));
    const result = spawnSync(process.execPath, [cli, "-P", manifest], { encoding: "buffer", maxBuffer: 1 << 30 });
    const report = result.stdout.toString("utf8").split("\n");
    const read = (name: string) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name)) : new Uint8Array(0));
    return {
      exitCode: result.status ?? -1,
      report,
      userCode: report.length >= 3 && /^-?\d+$/.test(report[2]) ? Number(report[2]) : undefined,
      stdout: read("stdout.bin"),
      stderr: read("stderr.bin"),
      hostStderr: result.stderr.toString("utf8"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
