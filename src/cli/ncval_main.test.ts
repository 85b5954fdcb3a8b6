import { describe, expect, it } from "vitest";
import { runNcval } from "./ncval_main.js";

function run(argv: string[], files: Record<string, Uint8Array> = {}) {
  let stdout = "";
  let stderr = "";
  const status = runNcval(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readFile: (p) => {
      const f = files[p];
      if (!f) throw Object.assign(new Error("missing"), { code: "ENOENT" });
      return f;
    },
  });
  return { status, stdout, stderr };
}

describe("ncval", () => {
  it("exits 0 and prints one summary line for valid code", () => {
    const r = run(["--hex", "89 c0 41 8b 04 07"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("--hex: valid (6 bytes at 0x0, zerovm profile; 0 errors, 0 warnings)\n");
  });

  it("exits 1 and lists offset, rule and disassembly of each finding", () => {
    const r = run(["--hex", "90 c3"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("0x1: forbidden.control:");
    expect(r.stdout).toMatch(/c3 +ret/);
  });

  it("prints one JSON object per input with --json", () => {
    const r = run(["--json", "--hex", "0f 31", "raw.bin"], { "raw.bin": new Uint8Array([0x90]) });
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ input: "--hex", valid: false, findings: [{ offset: 0, rule: "profile.rdtsc", severity: "error" }] });
    expect(lines[1]).toMatchObject({ input: "raw.bin", valid: true, findings: [] });
    expect(r.status).toBe(1);
  });

  it("applies the nacl profile, where rdtsc is allowed", () => {
    const code = "0f 31 " + "90 ".repeat(30);
    expect(run(["--profile", "nacl", "--hex", code]).status).toBe(0);
    expect(run(["--profile=zerovm", "--hex", code]).status).toBe(1);
  });

  it("reports a misaligned call as a warning on valid code", () => {
    const r = run(["--json", "--hex", "e8 00 00 00 00 90"]);
    const out = JSON.parse(r.stdout);
    expect(out.valid).toBe(true);
    expect(out.findings).toEqual([expect.objectContaining({ rule: "call.alignment", severity: "warning" })]);
    expect(r.status).toBe(0);
  });

  it("limits listed findings with --max-errors", () => {
    const r = run(["--max-errors", "1", "--hex", "c3 c3 c3"]);
    expect(r.stdout.match(/forbidden.control/g)).toHaveLength(1);
    expect(r.stdout).toContain("3 errors");
  });

  it("exits 2 on usage errors and unreadable files", () => {
    expect(run([]).status).toBe(2);
    expect(run(["--profile", "x86"]).stderr).toContain('Invalid --profile: expected "zerovm" or "nacl", found "x86"');
    expect(run(["--hex", "9"]).status).toBe(2);
    expect(run(["--frobnicate"]).stderr).toContain('Unknown option: "--frobnicate"');
    const missing = run(["nope.nexe"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('ncval: Cannot read "nope.nexe": ENOENT\n');
  });

  it("rejects a broken ELF file as bad input", () => {
    const elf = new Uint8Array(64);
    elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1]);
    const r = run(["bad.nexe"], { "bad.nexe": elf });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Cannot validate");
  });

  it("prints usage with --help", () => {
    const r = run(["--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Usage: ncval");
  });
});
