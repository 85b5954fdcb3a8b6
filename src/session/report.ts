/**
 * ZeroVM's final report: seven newline-terminated lines (zerovm-spec.md §3.4).
 *
 *   1. validator state (0 passed, 1 failed, 2 not run)
 *   2. daemon flag
 *   3. user return code
 *   4. etags, `alias digest ...`, or `disable` when there are none (ZeroVM
 *      prints "disabled" and drops its last character; we print the result)
 *   5. accounting: system and user CPU seconds, then local gets, bytes read,
 *      puts, bytes written, and the same four for network channels
 *   6. exit state
 *   7. empty
 */
import type { Accounting } from "../channels/channel.js";

export interface Report {
  validatorState: number;
  daemon: number;
  userCode: number;
  etags: string;
  systemSeconds: number;
  userSeconds: number;
  accounting: Accounting;
  exitState: string;
}

/** The accounting line (line 5). */
export function formatAccounting(report: Report): string {
  const a = report.accounting;
  const counters = [
    a.localGets,
    a.localGetBytes,
    a.localPuts,
    a.localPutBytes,
    a.netGets,
    a.netGetBytes,
    a.netPuts,
    a.netPutBytes,
  ];
  return `${report.systemSeconds.toFixed(2)} ${report.userSeconds.toFixed(2)} ${counters.join(" ")}`;
}

/** The report's lines, without their terminators. */
export function reportLines(report: Report): string[] {
  return [
    String(report.validatorState),
    String(report.daemon),
    String(report.userCode),
    report.etags === "" ? "disable" : report.etags,
    formatAccounting(report),
    report.exitState,
    "",
  ];
}

/** The report as ZeroVM writes it to stdout (`-t0`). */
export function formatReport(report: Report): string {
  return reportLines(report).map((line) => `${line}\n`).join("");
}

/** The report as ZeroVM sends it to syslog (`-t1`): each line + "; ". */
export function formatSyslogReport(report: Report): string {
  return reportLines(report).map((line) => `${line}; `).join("");
}
