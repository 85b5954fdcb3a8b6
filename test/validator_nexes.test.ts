/**
 * Real nexes from ../shared/nexes in both profiles: Lind, PNaCl and ZeroVM
 * demo nexes are valid everywhere; Chrome's NaCl IRT is invalid for ZeroVM
 * (one lahf) and valid for the final NaCl validator.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { extractNexeText, validateCode, validateSessionText } from "../src/validator/index.js";

const nexes = fileURLToPath(new URL("../../shared/nexes/", import.meta.url));
const present = existsSync(nexes);
if (!present) console.warn(`validator nexes: ../shared not found at ${nexes}; skipping`);

function load(path: string) {
  return extractNexeText(readFileSync(nexes + path));
}

function list(folder: string): string[] {
  return readdirSync(nexes + folder).filter((f) => f.endsWith(".nexe")).map((f) => `${folder}/${f}`);
}

describe.skipIf(!present)("validator on real nexes", () => {
  const validEverywhere = present
    ? [...list("lind"), ...list("zerovm-demo"), "nwjs/pnacl_public_x86_64_ld_nexe.nexe", "nwjs/pnacl_public_x86_64_pnacl_sz_nexe.nexe"]
    : [];

  it.each(validEverywhere)("%s is valid in both profiles", (path) => {
    const text = load(path);
    for (const profile of ["zerovm", "nacl"] as const) {
      const result = validateCode(text.text, text.base, { profile, maxFindings: 3 });
      expect(result.findings.filter((f) => f.severity === "error")).toEqual([]);
      expect(result.valid).toBe(true);
    }
  });

  it("the NaCl IRT is invalid for zerovm because of one lahf, valid for nacl", () => {
    const text = load("nwjs/nacl_irt_x86_64.nexe");
    const zerovm = validateCode(text.text, text.base, { profile: "zerovm" });
    expect(zerovm.valid).toBe(false);
    expect(zerovm.counts.errors).toBe(1);
    expect(zerovm.findings[0]).toMatchObject({ rule: "profile.lahf-sahf", text: "lahf", bytes: "9f" });
    expect(validateCode(text.text, text.base, { profile: "nacl" }).valid).toBe(true);
  });

  it("a session validates the padded text with the entry point as base (ZeroVM quirk)", () => {
    const text = load("zerovm-demo/hello.nexe");
    expect(text.base).toBe(0x20000);
    expect(text.text.length % 0x10000).toBe(0);
    expect(text.text.subarray(text.staticTextEnd - text.base).every((b) => b === 0xf4)).toBe(true);
    expect(validateSessionText(text.text, text.entry).valid).toBe(true);
    // An unaligned base makes any text invalid, as ZeroVM's vbase check does.
    expect(validateSessionText(text.text, text.entry + 1).valid).toBe(false);
  });
});
