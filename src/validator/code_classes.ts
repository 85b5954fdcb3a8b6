/**
 * Per-Code classes the sandbox rules need, read from the generated tables
 * (computed by code_classify.ts when the tables are built; the bits are
 * defined in code_class_bits.ts). Immutable after import; importing only
 * decodes the tables and never touches iced.
 */
import { TABLES } from "./opcode_tables.js";
import type { Profile } from "./policy.js";

export * from "./code_class_bits.js";

export const CODE_CLASS: Uint8Array = TABLES.codeClass;
export const CODE_EXTRA: Uint8Array = TABLES.codeExtra;
export const STRING_CLASS: Uint8Array = TABLES.codeString;

/** Per profile, per iced Code: 0 allowed, else an index into POLICY_REASONS. */
export const CODE_VERDICTS: Readonly<Record<Profile, Uint8Array>> = {
  zerovm: TABLES.verdictZerovm,
  nacl: TABLES.verdictNacl,
};

/** 1 when the Code needs the branch, string, superinstruction or alias checks. */
export const CODE_SPECIAL: Uint8Array = TABLES.codeSpecial;

/** Per profile, per Code: the lane (LANE_* in code_class_bits.ts). */
export const CODE_LANE: Readonly<Record<Profile, Uint8Array>> = {
  zerovm: TABLES.laneZerovm,
  nacl: TABLES.laneNacl,
};

/**
 * Per Code: the single 66, F3 or F2 prefix bits (P_*) it takes without a
 * prefix finding (66 where it changes the operand size, F3/F2 where they
 * are part of the opcode). String instructions are never in a lane.
 */
export const CODE_PREFIX_OK: Uint8Array = TABLES.codePrefixOk;
