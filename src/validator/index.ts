/**
 * The NaCl x86-64 validator (docs: ../shared/docs/nacl-validator.md, "V§").
 *
 * Owns: the sandbox rules (validate_run.ts and sandbox_patterns.ts), the
 * instruction policy of the two profiles (policy.ts), the table-driven fast
 * decoder (decode_fast.ts, tables generated from iced-x86 by
 * table_builder.ts, with the per-Code rule classes and policy verdicts of
 * code_classify.ts) and the iced-based slow path and disassembly
 * (decode_slow.ts). Library code: returns findings, never prints.
 * Importing it decodes the generated tables and computes nothing else.
 *
 * Profiles: "zerovm" (default) is what ZeroVM's validator accepts; "nacl" is
 * the final Native Client validator's policy. PROFILE_DIFFERENCES lists
 * every difference.
 */
import { type Profile } from "./policy.js";
import { type Finding, type ValidationResult, ValidationRun } from "./validate_run.js";

export type { Profile } from "./policy.js";
export { PROFILE_DIFFERENCES, PROFILES } from "./policy.js";
export type { Finding, ValidationResult } from "./validate_run.js";
export { extractNexeText, type NexeText } from "./nexe_text.js";

export interface ValidateOptions {
  /** Policy profile, "zerovm" by default. */
  profile?: Profile;
  /** Findings kept in the result (the verdict still counts every error). */
  maxFindings?: number;
}

/** Guest address where user text starts (NACL_TRAMPOLINE_END). */
export const TEXT_START = 0x20000;

/**
 * Validates `code` placed at guest address `base` (the code region is
 * [base, base + code.length)). Bundles are the 32-byte-aligned guest
 * addresses; a direct jump to an aligned address is accepted even outside
 * the region. Never throws for any byte content.
 *
 * @example validateCode(new Uint8Array([0x90]), 0).valid === true
 */
export function validateCode(
  code: Uint8Array,
  base: number,
  options: ValidateOptions = {},
): ValidationResult {
  const profile = options.profile ?? "zerovm";
  if (profile !== "zerovm" && profile !== "nacl") {
    const found = JSON.stringify(profile);
    throw new TypeError(`Unknown validator profile: expected "zerovm" or "nacl", found ${found}`);
  }
  if (!Number.isInteger(base) || base < 0 || base > 0xffffffff) {
    throw new RangeError(`Invalid code base: expected a 32-bit guest address, got ${base}`);
  }
  const max = options.maxFindings ?? Number.POSITIVE_INFINITY;
  return new ValidationRun(code, base, profile, max).run();
}

/**
 * Validates a loaded session's text the way ZeroVM's loader does (V§2.1).
 *
 * @param paddedText the guest bytes [0x20000, paddedTextEnd): the text
 *   segment followed by its HLT padding up to the next 64 KiB boundary
 * @param entry the entry point. ZeroVM passes it as the validator's base
 *   address instead of 0x20000 (a quirk we keep, docs/quirks.md): findings
 *   carry `entry + offset`, and an entry that is not 32-byte aligned makes
 *   the text invalid. The loader already requires an aligned entry, so the
 *   verdict is the one for base 0x20000.
 */
export function validateSessionText(
  paddedText: Uint8Array,
  entry: number,
  options: ValidateOptions = {},
): ValidationResult {
  return validateCode(paddedText, entry, options);
}

/**
 * Validates a TrapJail range: `bytes` are the guest bytes at `guestAddress`
 * (64 KiB aligned, checked by the trap), validated with that address as base
 * as ZeroVM's NaClSegmentValidates(sysaddr, size, sysaddr) does.
 */
export function validateJailRange(
  bytes: Uint8Array,
  guestAddress: number,
  options: ValidateOptions = {},
): ValidationResult {
  return validateCode(bytes, guestAddress, options);
}

/** Validator state of the report's first line: 0 passed, 1 failed. */
export function validatorState(result: ValidationResult): 0 | 1 {
  return result.valid ? 0 : 1;
}

/** The first error finding, for one-line messages (undefined when valid). */
export function firstError(result: ValidationResult): Finding | undefined {
  return result.findings.find((f) => f.severity === "error");
}
