import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

import { parseArgs, UsageError } from "./nacl_cc_main.js";
import { missingTools } from "../toolchain/driver.js";

describe("nacl-cc arguments", () => {
  it("reads the optimisation level, include dirs, defines, -c and -o", () => {
    expect(parseArgs(["-O1", "-I", "inc", "-Dx=1", "-c", "-oout.o", "a.c"])).toEqual({
      options: { optLevel: 1, includeDirs: ["inc"], defines: ["x=1"] },
      compileOnly: true, output: "out.o", inputs: ["a.c"], verify: true,
    });
  });

  it("rejects a missing -o, unknown options and -c with two sources", () => {
    expect(() => parseArgs(["a.c"])).toThrow(UsageError);
    expect(() => parseArgs(["-x", "-o", "o", "a.c"])).toThrow(/Unknown option "-x"/);
    expect(() => parseArgs(["-c", "-o", "o", "a.c", "b.c"])).toThrow(/exactly one/);
  });
});

const cli = new URL("../../dist/src/cli/nacl_cc_main.js", import.meta.url).pathname;
const skip = missingTools().length > 0 || !existsSync(cli);

describe.skipIf(skip)(skip ? "nacl-cc end to end (skipped: gcc/binutils or dist/ missing)" : "nacl-cc end to end", () => {
  it("builds the same nexe twice and refuses an unsandboxable program at compile time", () => {
    const dir = mkdtempSync(join(tmpdir(), "nacl-cc-test-"));
    try {
      writeFileSync(join(dir, "ok.c"), "#include <stdio.h>\nint main(void){puts(\"hi\");return 0;}\n");
      writeFileSync(join(dir, "tsc.c"), "int main(void){unsigned a,d;__asm__ volatile(\"rdtsc\":\"=a\"(a),\"=d\"(d));return a;}\n");
      writeFileSync(join(dir, "missing.c"), "#include <stdio.h>\nint main(void){return (int)fopen(\"x\",\"r\");}\n");
      const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });
      expect(run("-o", join(dir, "a.nexe"), join(dir, "ok.c")).status).toBe(0);
      expect(run("-o", join(dir, "b.nexe"), join(dir, "ok.c")).status).toBe(0);
      expect(readFileSync(join(dir, "a.nexe")).equals(readFileSync(join(dir, "b.nexe")))).toBe(true);
      const refused = run("-o", join(dir, "t.nexe"), join(dir, "tsc.c"));
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/rdtsc is not allowed/);
      const missing = run("-o", join(dir, "m.nexe"), join(dir, "missing.c"));
      expect(missing.status).toBe(1);
      expect(missing.stderr).toMatch(/fopen/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
