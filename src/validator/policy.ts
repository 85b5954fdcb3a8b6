/**
 * Instruction policy: which iced Codes each profile allows (V§2.12, 2.13).
 *
 * The sandbox rules (bundles, jumps, memory, rsp/rbp/r15) are the same in
 * both profiles; only instruction-set policy and a few strictness choices
 * differ, and every such difference is one entry of PROFILE_DIFFERENCES
 * (V§2.16). The per-Code verdicts are computed once at import from iced's
 * names, mnemonics and CPUID features (the generated tables carry them) and
 * are immutable afterwards.
 */
import { Code, CpuidFeature, Mnemonic } from "../decoder/iced.js";
import { ENCODING_EVEX, ENCODING_MVEX, ENCODING_VEX, ENCODING_XOP } from "./code_facts.js";
import { TABLES } from "./opcode_tables.js";
import { CODE_COUNT } from "./table_builder.js";

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

const R = {
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
};

const SYSTEM_MNEMONICS = new Set<string>(
  (
    "Syscall Sysenter Sysexit Sysexitq Sysret Sysretq Int Int3 Int1 Into Cli Sti In Out " +
    "Rdmsr Wrmsr Rdpmc Rdtscp Swapgs Rsm Invd Wbinvd Invlpg Invlpga Clts Lgdt Lidt Lldt Ltr " +
    "Sgdt Sidt Sldt Str Smsw Lmsw Lar Lsl Verr Verw Vmrun Vmload Vmsave Vmmcall Stgi Clgi " +
    "Skinit Monitor Mwait Xgetbv Xsetbv Fxsave Fxrstor Fxsave64 Fxrstor64 Rdrand Rdseed " +
    "Ud0 Ud1 Hlt_placeholder"
  ).split(" "),
);
const CONTROL_MNEMONICS = new Set<string>("Ret Retf Iret Iretd Iretq".split(" "));
const STACK_FRAME_MNEMONICS = new Set<string>(
  "Pushf Pushfd Pushfq Popf Popfd Popfq Enter Leave".split(" "),
);
const SEGMENT_MNEMONICS = new Set<string>("Lds Les Lfs Lgs Lss".split(" "));
const IMPLICIT_MEMORY_MNEMONICS = new Set<string>(
  "Xlatb Insb Insw Insd Outsb Outsw Outsd".split(" "),
);

const BASE_FEATURES = new Set<number>([
  CpuidFeature.INTEL8086,
  CpuidFeature.INTEL186,
  CpuidFeature.INTEL286,
  CpuidFeature.INTEL386,
  CpuidFeature.INTEL486,
  CpuidFeature.X64,
  CpuidFeature.CPUID,
  CpuidFeature.FPU,
  CpuidFeature.FPU287,
  CpuidFeature.FPU387,
  CpuidFeature.CMOV,
  CpuidFeature.CX8,
  CpuidFeature.CMPXCHG16B,
  CpuidFeature.MMX,
  CpuidFeature.SSE,
  CpuidFeature.SSE2,
  CpuidFeature.SSE3,
  CpuidFeature.SSSE3,
  CpuidFeature.SSE4_1,
  CpuidFeature.SSE4_2,
  CpuidFeature.SSE4A,
  CpuidFeature.POPCNT,
  CpuidFeature.LZCNT,
  CpuidFeature.MOVBE,
  CpuidFeature.D3NOW,
  CpuidFeature.D3NOWEXT,
  CpuidFeature.TSC,
  CpuidFeature.PAUSE,
  CpuidFeature.MULTIBYTENOP,
  CpuidFeature.CLFSH,
  CpuidFeature.PREFETCHW,
]);
const AVX_FEATURES = new Set<number>([
  CpuidFeature.AVX,
  CpuidFeature.AVX2,
  CpuidFeature.FMA,
  CpuidFeature.FMA4,
  CpuidFeature.XOP,
]);

function featureAllowed(feature: number, rules: ProfileRules): boolean {
  return BASE_FEATURES.has(feature) || (rules.allowAvxFeatures && AVX_FEATURES.has(feature));
}

/** Reason (index into POLICY_REASONS) why `code` is forbidden, 0 if allowed. */
function classify(code: number, rules: ProfileRules): number {
  const name = Code[code] ?? "";
  const mnemonic = Mnemonic[TABLES.codeMnemonic[code]] ?? "";
  const encoding = TABLES.codeEncoding[code];
  if (encoding === ENCODING_EVEX || encoding === ENCODING_MVEX) return R.encoding;
  if ((encoding === ENCODING_VEX || encoding === ENCODING_XOP) && rules.rejectVex) return R.vex;
  if (SYSTEM_MNEMONICS.has(mnemonic) || /_(cr|dr|tr)(_|$)|^Mov_(cr|dr|tr)_/.test(name)) {
    return R.system;
  }
  if (CONTROL_MNEMONICS.has(mnemonic) || /_m16(16|32|64)$|_ptr16(16|32)$/.test(name)) {
    return R.control;
  }
  if (SEGMENT_MNEMONICS.has(mnemonic) || /Sreg|_(FS|GS|ES|CS|SS|DS)$/.test(name)) return R.segment;
  if (STACK_FRAME_MNEMONICS.has(mnemonic)) return R.stackFrame;
  if (/^Bt[crs]?_rm(16|32|64)_r(16|32|64)$/.test(name)) return R.btRegister;
  if (name.includes("moffs")) return R.moffs;
  if (IMPLICIT_MEMORY_MNEMONICS.has(mnemonic)) return R.implicitMemory;
  if (/_rel(8|16|32)_(16|32)(_|$)|_rel16$|_ECX$|_CX$|^Jecxz/.test(name)) return R.jump16;
  if (mnemonic === "Sal" || name === "Bswap_r16") return R.nop;
  // Three-operand extrq: refused by both validators "for historical reasons".
  if (/^Extrq_xmm_imm8_imm8$/.test(name)) return R.nop;
  if (TABLES.codeCpuid0[code] === CpuidFeature.FMA4 && /_(x|y)mmm\d+$/.test(name)) return R.nop;
  if (mnemonic === "Reservednop" || /^Prefetchreserved/.test(name)) return R.nop;
  if (mnemonic === "Rdtsc") return rules.rejectRdtsc ? R.rdtsc : 0;
  if (mnemonic === "Lahf" || mnemonic === "Sahf") return rules.rejectLahfSahf ? R.lahf : 0;
  if (mnemonic === "Clflush") return rules.rejectClflush ? R.clflush : 0;
  if (mnemonic === "Tzcnt") return 0; // BMI1 in iced, but allowed unconditionally (V§2.12)
  const f0 = TABLES.codeCpuid0[code];
  const f1 = TABLES.codeCpuid1[code];
  if (!featureAllowed(f0, rules) || (f1 !== 0 && !featureAllowed(f1, rules))) return R.feature;
  return 0;
}

function buildVerdicts(profile: Profile): Uint8Array {
  const rules = profileRules(profile);
  const verdicts = new Uint8Array(CODE_COUNT);
  for (let code = 1; code < CODE_COUNT; code++) verdicts[code] = classify(code, rules);
  return verdicts;
}

/** Per profile, per iced Code: 0 allowed, else an index into POLICY_REASONS. */
export const CODE_VERDICTS: Readonly<Record<Profile, Uint8Array>> = {
  zerovm: buildVerdicts("zerovm"),
  nacl: buildVerdicts("nacl"),
};
