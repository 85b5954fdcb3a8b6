/**
 * Instruction policy: which iced Codes each profile allows (V§2.12, 2.13).
 *
 * The sandbox rules (bundles, jumps, memory, rsp/rbp/r15) are the same in
 * both profiles; only instruction-set policy and a few strictness choices
 * differ, and every such difference is one entry of PROFILE_DIFFERENCES
 * (V§2.16). The per-Code verdicts are computed by the table generator
 * (code_classify.ts) and read from the generated tables (CODE_VERDICTS in
 * code_classes.ts); this module holds only the definitions, without iced.
 */

export type Profile = "zerovm" | "nacl";
export const PROFILES: readonly Profile[] = ["zerovm", "nacl"];

/** One row of V§2.16: a rule that only one of the two validators applies. */
export interface ProfileDifference {
  /** Key the validator looks up (ProfileRules). */
  key: keyof ProfileRules;
  /** Row of the table in docs/nacl-validator.md §2.16. */
  row: string;
  description: string;
  zerovm: boolean;
  nacl: boolean;
}

/** Each flag true means "this profile applies the rule". */
export interface ProfileRules {
  rejectRdtsc: boolean;
  rejectLahfSahf: boolean;
  rejectVex: boolean;
  rejectTwoLegacyPrefixes: boolean;
  rejectClflush: boolean;
  exactStringLea: boolean;
  requireWholeBundles: boolean;
  trimTrailingHalts: boolean;
  rejectEmpty: boolean;
  allowAvxFeatures: boolean;
}

export const PROFILE_DIFFERENCES: readonly ProfileDifference[] = [
  {
    key: "rejectRdtsc",
    row: "1",
    description: "rdtsc is rejected (ZeroVM: determinism)",
    zerovm: true,
    nacl: false,
  },
  { key: "rejectLahfSahf", row: "2", description: "lahf/sahf are rejected", zerovm: true, nacl: false },
  { key: "rejectClflush", row: "3", description: "clflush is rejected", zerovm: false, nacl: true },
  {
    key: "rejectTwoLegacyPrefixes",
    row: "4",
    description: "two non-REX prefixes other than 66+F0 are rejected (crc32w 66 f2 ...)",
    zerovm: true,
    nacl: false,
  },
  {
    key: "rejectVex",
    row: "5",
    description: "every VEX/XOP instruction is rejected",
    zerovm: true,
    nacl: false,
  },
  {
    key: "allowAvxFeatures",
    row: "5",
    description: "AVX, AVX2, FMA, FMA4, XOP instructions are known",
    zerovm: false,
    nacl: true,
  },
  {
    key: "exactStringLea",
    row: "6",
    description: "string instructions need exactly lea (%r15,%rdi,1),%rdi (49 8d 3c 3f)",
    zerovm: false,
    nacl: true,
  },
  {
    key: "requireWholeBundles",
    row: "8",
    description: "the code size must be a multiple of 32",
    zerovm: false,
    nacl: true,
  },
  {
    key: "rejectEmpty",
    row: "8",
    description: "an empty code region is invalid (\"Bad text segment (zero size)\")",
    zerovm: true,
    nacl: false,
  },
  {
    key: "trimTrailingHalts",
    row: "8",
    description: "a long trailing HLT run is cut to 16 HLTs, rounded up to a bundle, first",
    zerovm: true,
    nacl: false,
  },
];

export function profileRules(profile: Profile): ProfileRules {
  const rules = {} as ProfileRules;
  for (const d of PROFILE_DIFFERENCES) rules[d.key] = d[profile];
  return rules;
}

/** A reason an instruction is forbidden: rule id and message. */
export interface PolicyReason {
  rule: string;
  message: string;
}

/** Reason 0 means allowed. */
export const POLICY_REASONS: readonly PolicyReason[] = [
  { rule: "ok", message: "allowed" },
  { rule: "forbidden.system", message: "system, I/O or privileged instruction" },
  { rule: "forbidden.control", message: "return, far or interrupt control transfer" },
  { rule: "forbidden.segment", message: "segment register instruction" },
  { rule: "forbidden.stack-frame", message: "pushf/popf/enter/leave are not allowed" },
  { rule: "forbidden.bt-register", message: "bit test with a register bit offset" },
  { rule: "forbidden.moffs", message: "absolute memory offset (moffs) form" },
  { rule: "forbidden.implicit-memory", message: "xlat, ins and outs access unsandboxed memory" },
  { rule: "forbidden.cpu-feature", message: "instruction set extension not allowed" },
  { rule: "forbidden.encoding", message: "EVEX/MVEX encodings are not allowed" },
  { rule: "jump.16bit", message: "16-bit or 32-bit address-size branch" },
  { rule: "profile.rdtsc", message: "rdtsc is not allowed (ZeroVM profile)" },
  { rule: "profile.lahf-sahf", message: "lahf/sahf are not allowed (ZeroVM profile)" },
  { rule: "profile.vex", message: "VEX/XOP instructions are not allowed (ZeroVM profile)" },
  { rule: "profile.clflush", message: "clflush is not allowed (NaCl profile)" },
  { rule: "forbidden.undefined-form", message: "reserved, alias or undefined encoding" },
];

/** Indices into POLICY_REASONS, by name. */
export const REASON = {
  system: 1,
  control: 2,
  segment: 3,
  stackFrame: 4,
  btRegister: 5,
  moffs: 6,
  implicitMemory: 7,
  feature: 8,
  encoding: 9,
  jump16: 10,
  rdtsc: 11,
  lahf: 12,
  vex: 13,
  clflush: 14,
  nop: 15, // reserved NOPs, aliases (sal), undefined forms (bswap r16)
} as const;
