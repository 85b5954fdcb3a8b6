#!/usr/bin/env node
/**
 * `zerovm`: a drop-in for ZeroVM's command.
 *
 * Same switches, same report on stdout, same exit codes. ZeroVM logs to
 * syslog only; so do we (the `-t1` report), through the system `logger`
 * where the host has a syslog socket, and nowhere where it has none, as
 * ZeroVM does. Our own diagnostics go to stderr only with `--stats`, so a
 * session's stdout and stderr carry exactly what native ZeroVM's would.
 */
import { existsSync, readFileSync, writeSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { runSession, type ManifestInput } from "../session/session.js";
import { formatSyslogReport } from "../session/report.js";
import { EXTRA_USAGE, parseZerovmArgs, USAGE, UsageError, type ZerovmArgs } from "./zerovm_args.js";

const EINVAL = 22;

function main(argv: readonly string[]): number {
  let args: ZerovmArgs;
  try {
    args = parseZerovmArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.stderrText) writeSync(2, error.stderrText);
    writeSync(1, error.stdoutText + USAGE);
    return EINVAL;
  }
  if (args.help) {
    writeSync(1, USAGE + EXTRA_USAGE);
    return 0;
  }

  let input: ManifestInput;
  if (args.demo) input = { text: demoManifest() };
  else if (args.manifest !== undefined) input = { path: args.manifest };
  else {
    writeSync(1, USAGE);
    return EINVAL;
  }

  const started = performance.now();
  const result = runSession(input, {
    skipValidation: args.skipValidation,
    quitBeforeRun: args.quitBeforeRun,
    preallocate: !args.noPreallocation,
    tracePath: args.tracePath,
  });

  if (args.reportMode === 0) writeSync(1, result.reportText);
  else if (args.reportMode === 1) sendToSyslog(formatSyslogReport(result.report));
  if (args.stats) {
    const seconds = (performance.now() - started) / 1000;
    const mips = result.instructions / seconds / 1e6;
    writeSync(
      2,
      `zerovm-ts: ${result.instructions} guest instructions in ${seconds.toFixed(3)} s ` +
        `(${mips.toFixed(1)} M/s), exit code ${result.exitCode}\n`,
    );
  }
  return result.exitCode;
}

/** Sends one line to syslog as ZeroVM would (ident ZeroVM), if there is one. */
function sendToSyslog(line: string): void {
  if (!existsSync("/dev/log")) return;
  spawnSync("logger", ["--id=" + process.pid, "-t", "ZeroVM", "--", line], { stdio: "ignore" });
}

/** The embedded demo: the package's own hello nexe with stdio channels. */
function demoManifest(): string {
  const demoDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "demo");
  const template = readFileSync(join(demoDir, "demo.manifest"), "utf8");
  return template.replaceAll("{DEMO}", demoDir);
}

process.exitCode = main(process.argv.slice(2));
