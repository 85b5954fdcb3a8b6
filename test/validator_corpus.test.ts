/**
 * Native Client's validator corpora (../shared/corpora/validator) against
 * our validator: the final DFA suite with the "nacl" profile (NOP-padded to
 * 32 as upstream ran it, plus upstream's jump-target probe for valid cases)
 * and the 2013 suite with the "zerovm" profile (unpadded, as @rval was made).
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { validateCode } from "../src/validator/index.js";
import { type CorpusCase, rdfaGolden, readCorpus, rvalGolden } from "./validator_test_format.js";

const shared = fileURLToPath(new URL("../../shared/corpora/validator/", import.meta.url));
const present = existsSync(shared);
if (!present) console.warn(`validator corpus: ../shared not found at ${shared}; skipping`);

function padTo32(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(bytes.length / 32) * 32).fill(0x90);
  out.set(bytes);
  return out;
}

/** Upstream's probe: the code, then `jmp rel32` to `target`, NOP-padded. */
function withJumpTo(code: Uint8Array, target: number): Uint8Array {
  const padded = padTo32(code);
  const out = new Uint8Array(padded.length + 32).fill(0x90);
  out.set(padded);
  const rel = target - (padded.length + 5);
  out.set([0xe9, rel & 0xff, (rel >> 8) & 0xff, (rel >> 16) & 0xff, (rel >>> 24) & 0xff], padded.length);
  return out;
}

function firstErrorOffset(code: Uint8Array, profile: "zerovm" | "nacl"): number | undefined {
  return validateCode(code, 0, { profile }).findings.find((f) => f.severity === "error")?.offset;
}

function summary(suite: string, passed: number, failed: string[], offsetHits: number, invalid: number): void {
  const share = invalid === 0 ? 100 : (100 * offsetHits) / invalid;
  console.log(`validator corpus ${suite}: ${passed} passed, ${failed.length} failed`);
  console.log(`validator corpus ${suite}: first error offset equals the golden's in ${offsetHits}/${invalid} invalid cases (${share.toFixed(1)} %)`);
  if (failed.length > 0) console.log(`validator corpus ${suite} failures:\n  ${failed.join("\n  ")}`);
}

describe.skipIf(!present)("validator corpus", () => {
  it("final suite, nacl profile: verdicts equal @rdfa_output and chunk boundaries are the jump targets", () => {
    const cases = readCorpus(shared + "nacl-final-validator_ragel-64");
    expect(cases.length).toBe(428);
    const failed: string[] = [];
    let offsetHits = 0;
    let invalid = 0;
    for (const c of cases) {
      const golden = rdfaGolden(c)!;
      const code = padTo32(c.bytes);
      const result = validateCode(code, 0, { profile: "nacl" });
      if (result.valid !== golden.valid) {
        failed.push(`${c.name}: expected ${golden.valid ? "valid" : "invalid"}, got ${describeResult(result)}`);
        continue;
      }
      if (!golden.valid) {
        invalid++;
        if (firstErrorOffset(code, "nacl") === golden.firstError) offsetHits++;
        continue;
      }
      const bad = jumpTargetMismatch(c);
      if (bad) failed.push(`${c.name}: ${bad}`);
    }
    summary("final", cases.length - failed.length, failed, offsetHits, invalid);
    expect(failed).toEqual([]);
    expect(offsetHits / invalid).toBeGreaterThanOrEqual(0.9);
  });

  it("2013 suite, zerovm profile: verdicts equal @rval except ZeroVM's rdtsc and lahf/sahf policy", () => {
    const cases = readCorpus(shared + "nacl-2013-validator_x86-64");
    expect(cases.length).toBe(232);
    const failed: string[] = [];
    const policyDifferences: string[] = [];
    let offsetHits = 0;
    let invalid = 0;
    for (const c of cases) {
      const golden = rvalGolden(c)!;
      const result = validateCode(c.bytes, 0, { profile: "zerovm" });
      if (result.valid === golden.valid) {
        if (!golden.valid) {
          invalid++;
          if (firstErrorOffset(c.bytes, "zerovm") === golden.firstError) offsetHits++;
        }
        continue;
      }
      const errors = result.findings.filter((f) => f.severity === "error").map((f) => f.rule);
      const zerovmPolicy = golden.valid && errors.length > 0 &&
        errors.every((r) => r === "profile.rdtsc" || r === "profile.lahf-sahf");
      if (zerovmPolicy) policyDifferences.push(`${c.name}: ${[...new Set(errors)].join(", ")}`);
      else failed.push(`${c.name}: expected ${golden.valid ? "valid" : "invalid"}, got ${describeResult(result)}`);
    }
    summary("2013", cases.length - failed.length, failed, offsetHits, invalid);
    console.log(`validator corpus 2013: ZeroVM policy differences: ${policyDifferences.join("; ")}`);
    expect(failed).toEqual([]);
    expect(policyDifferences.some((d) => d.includes("profile.rdtsc"))).toBe(true);
    expect(policyDifferences.some((d) => d.includes("profile.lahf-sahf"))).toBe(true);
    expect(policyDifferences.length).toBe(2);
  });
});

function describeResult(result: ReturnType<typeof validateCode>): string {
  if (result.valid) return "valid";
  const first = result.findings.find((f) => f.severity === "error")!;
  return `invalid (0x${first.offset.toString(16)} ${first.rule}: ${first.text})`;
}

/** Checks every offset of a valid case with upstream's appended-jump probe. */
function jumpTargetMismatch(c: CorpusCase): string | undefined {
  const boundaries = new Set(c.chunkStarts);
  for (let t = 0; t < c.bytes.length; t++) {
    const ok = validateCode(withJumpTo(c.bytes, t), 0, { profile: "nacl" }).valid;
    if (ok !== boundaries.has(t)) return `jump to ${t} ${ok ? "accepted" : "rejected"}, expected ${boundaries.has(t) ? "accepted" : "rejected"}`;
  }
  return undefined;
}
