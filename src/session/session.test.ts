import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { runSession } from "./session.js";

const DEMO = fileURLToPath(new URL("../../demo/hello.nexe", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "zerovm-ts-session-"));

function manifest(program: string, extra = ""): string {
  return [
    "Version = 20130611",
    `Program = ${program}`,
    "Memory = 33554432, 1",
    "Timeout = 5",
    "Channel = /dev/null, /dev/stdin, 0, 0, 1, 1, 0, 0",
    `Channel = ${join(work, "out")}, /dev/stdout, 0, 1, 0, 0, 10, 1000`,
    "Channel = /dev/null, /dev/stderr, 0, 0, 0, 0, 1, 1",
    extra,
  ].join("\n");
}

describe("runSession", () => {
  it("runs the demo nexe from manifest text and reports like ZeroVM", () => {
    const result = runSession({ text: manifest(DEMO) });
    expect(result.exitCode).toBe(0);
    const lines = result.reportText.split("\n");
    // Validated by default: state 0.
    expect(lines.slice(0, 3)).toEqual(["0", "0", "0"]);
    expect(lines[3]).toMatch(/^\/dev\/stdout [0-9a-f]{40} \/dev\/memory [0-9a-f]{40}$/);
    expect(lines[4]).toMatch(/^\d+\.\d\d \d+\.\d\d 0 0 1 65 0 0 0 0$/);
    expect(lines.slice(5)).toEqual(["ok", "", ""]);
    expect(readFileSync(join(work, "out"), "utf8")).toContain("Hello from zerovm-ts");
  });

  it("stops before the guest runs with quitBeforeRun (-F)", () => {
    const result = runSession({ text: manifest(DEMO) }, { quitBeforeRun: true });
    expect(result.exitCode).toBe(0);
    expect(result.instructions).toBe(0);
    expect(result.report.accounting.localPuts).toBe(0);
  });

  it("reports validator state 2 when validation is skipped (-s)", () => {
    const result = runSession({ text: manifest(DEMO) }, { skipValidation: true });
    expect(result.report.validatorState).toBe(2);
  });

  it("writes a -T trace in ZeroVM's format", () => {
    const trace = join(work, "trace.txt");
    runSession({ text: manifest(DEMO) }, { tracePath: trace });
    const lines = readFileSync(trace, "utf8").split("\n");
    expect(lines[0]).toMatch(/^\[\d+\] 0{48}$/);
    expect(lines).toContainEqual(expect.stringMatching(/^\d+\.\d{6} \[\d+\.\d{6}\]: \[manifest parsed\]$/));
    expect(lines).toContainEqual(
      expect.stringMatching(/: TrapWrite\(1, 0x30000, 65, 0\) = 65$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/: TrapExit\(0\) = 0$/));
  });

  it("refuses a relative trace path as ZeroVM does", () => {
    const result = runSession({ text: manifest(DEMO) }, { tracePath: "rel/trace" });
    expect(result.exitCode).toBe(14);
    expect(result.report.exitState).toMatch(/ztrace path should be absolute: rel\/trace$/);
  });

  it("reports a missing program with ZeroVM's state", () => {
    const result = runSession({ text: manifest(join(work, "nope.nexe")) });
    expect(result.exitCode).toBe(2);
    expect(result.report.exitState).toBe("src/main/zerovm.c 116: program open error");
  });

  it("refuses daemon mode loudly", () => {
    const result = runSession({ text: manifest(DEMO, "Job = /tmp/zerovm-ts.sock") });
    expect(result.exitCode).toBe(38);
    expect(result.report.exitState).toBe("daemon mode (Job) is not implemented yet");
  });

  it("ends the session loudly on an instruction the CPU does not implement", () => {
    // cpuid over the demo's first instruction; -s, since only the CPU is tested
    const nexe = Buffer.from(readFileSync(DEMO));
    nexe.set([0x0f, 0xa2], 0x1000);
    const patched = join(work, "cpuid.nexe");
    writeFileSync(patched, nexe);
    const result = runSession({ text: manifest(patched) }, { skipValidation: true });
    expect(result.exitCode).toBe(38);
    expect(result.report.exitState).toBe("unimplemented instruction: cpuid (Cpuid) at guest 0x20000");
  });

  it("accepts Memory = 4 GiB, the largest ZeroVM allows", () => {
    const text = manifest(DEMO).replace("Memory = 33554432, 1", "Memory = 4294967296, 0");
    const result = runSession({ text });
    expect(result.exitCode).toBe(0);
    expect(result.report.exitState).toBe("ok");
  });

  it("refuses a nexe that fails validation: state 1, exit 8", () => {
    const nexe = Buffer.from(readFileSync(DEMO));
    nexe[0x1000] = 0xc3; // a bare ret, which NaCl forbids
    const patched = join(work, "ret.nexe");
    writeFileSync(patched, nexe);
    const result = runSession({ text: manifest(patched) });
    expect(result.exitCode).toBe(8);
    expect(result.report.validatorState).toBe(1);
    expect(result.report.exitState).toBe("src/main/zerovm.c 145: validation failed");
  });
});
