/**
 * Checks a linked nexe before nacl-cc reports success: its own bundle and
 * call-alignment check always, and the project's validator (src/validator)
 * when that module is present. The validator is loaded dynamically so that
 * nacl-cc works, and says so, in a tree where it does not exist yet.
 */
import { checkBundles } from "./bundle_check.js";
import { findTextSegment } from "./nexe_image.js";

/** The validator's entry point, as the project defines it. */
export type ValidateCode = (
  code: Uint8Array,
  base: number,
  options: { profile: string },
) => { valid: boolean; findings: unknown[] };

/** Problems make the nexe unusable; notes only inform. */
export interface VerifyReport {
  problems: string[];
  notes: string[];
}

const VALIDATOR_MODULES = ["../validator/validator.js", "../validator/index.js", "../validator/validate.js"];

/** Loads validateCode from src/validator, or undefined when it is absent. */
export async function loadValidator(): Promise<ValidateCode | undefined> {
  for (const path of VALIDATOR_MODULES) {
    try {
      const mod = (await import(path)) as { validateCode?: ValidateCode };
      if (typeof mod.validateCode === "function") return mod.validateCode;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code !== "ERR_MODULE_NOT_FOUND") throw err;
    }
  }
  return undefined;
}

/**
 * The text as ZeroVM validates it: padded with HLT up to the 64 KiB boundary
 * at least 32 bytes past its end (zerovm-spec.md 1.2).
 */
export function paddedText(image: Uint8Array): { code: Uint8Array; base: number } {
  const text = findTextSegment(image);
  const end = text.guestAddress + text.bytes.length + 32;
  const padded = new Uint8Array(Math.ceil(end / 0x10000) * 0x10000 - text.guestAddress).fill(0xf4);
  padded.set(text.bytes);
  return { code: padded, base: text.guestAddress };
}

/** Runs the checks on a nexe image. */
export async function verifyNexe(
  image: Uint8Array,
  options: { runValidator: boolean; profiles?: string[] },
): Promise<VerifyReport> {
  const report: VerifyReport = { problems: [], notes: [] };
  const text = findTextSegment(image);
  for (const f of checkBundles(text.bytes, text.guestAddress)) report.problems.push(f.message);
  if (!options.runValidator) return report;

  const validateCode = await loadValidator();
  if (!validateCode) {
    report.notes.push("The project's validator (src/validator) is not built; only nacl-cc's own checks ran");
    return report;
  }
  const { code, base } = paddedText(image);
  for (const profile of options.profiles ?? ["zerovm", "nacl"]) {
    const result = validateCode(code, base, { profile });
    if (!result.valid) {
      const detail = result.findings.slice(0, 5).map((f) => JSON.stringify(f)).join("; ");
      report.problems.push(`The validator (profile ${profile}) rejects the nexe: ${detail}`);
    }
  }
  return report;
}
