/**
 * The `-T` call trace, in the format of ZeroVM's doc/ztrace.txt: a first
 * line `[pid] ` followed by 48 zeros, then one line per event,
 * `<seconds since start> [<seconds since previous>]: <event>`, with six
 * decimals. Events are start-up phases in brackets, trap calls with their
 * arguments and result, and "untrusted code" for time spent in the guest.
 * The file is appended to once, at the end of the session.
 */
import { appendFileSync } from "node:fs";
import { isAbsolute } from "node:path";
import { zvmError } from "./session_error.js";

export class Trace {
  private readonly lines: string[];
  private total = 0;
  private last = performance.now();

  /** @throws SessionError when `path` is not absolute, as ZeroVM refuses it. */
  constructor(private readonly path: string) {
    if (!isAbsolute(path)) {
      throw zvmError(14, "src/main/ztrace.c", 44, `ztrace path should be absolute: ${path}`);
    }
    this.lines = [`[${process.pid}] ${"0".repeat(48)}`];
  }

  /** Records one event. */
  event(text: string): void {
    const now = performance.now();
    const delta = (now - this.last) / 1000;
    this.last = now;
    this.total += delta;
    this.lines.push(`${this.total.toFixed(6)} [${delta.toFixed(6)}]: ${text}`);
  }

  /** Appends the trace to its file. */
  flush(): void {
    appendFileSync(this.path, this.lines.join("\n") + "\n\n");
  }
}
