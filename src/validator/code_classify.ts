/**
 * Build-time classification of every iced Code for the rules and the two
 * policy profiles, from iced's Code names, mnemonics, flow control and
 * CPUID features. Only the table generator (table_builder.ts) runs this;
 * the validator reads the results from the generated tables, so importing
 * it never touches iced's names or runs these expressions.
 */
import { Code, CpuidFeature, FlowControl, Mnemonic } from "../decoder/iced.js";
import {
  CC_DIRECT_CALL,
  CC_DIRECT_JUMP,
  CC_HINTABLE,
  CC_INDIRECT,
  CC_LOCKABLE,
  CC_MANDATORY_REP,
  CC_NO_MEM_ACCESS,
  CC_ZERO_EXTENDS,
  CX_66_IGNORED,
  CX_CRC32,
  CX_PART_SHIFT,
  CX_PATTERN,
  CX_REPNE_OK,
  CX_TEST_IMM,
  LANE_DIRECT,
  LANE_GENERAL,
  LANE_PLAIN,
  LANE_TEST_IMM,
  PART_ADD_R64,
  PART_AND_IMM8,
  PART_LEA_R64,
  PART_MOV_R32,
  STR_RDI,
  STR_RSI,
  STR_RSI_RDI,
} from "./code_class_bits.js";
import { P_OPSIZE, P_REP, P_REPNE } from "./insn.js";
import { ENCODING_EVEX, ENCODING_MVEX, ENCODING_VEX, ENCODING_XOP } from "./code_facts.js";
import { type Profile, profileRules, type ProfileRules, REASON } from "./policy.js";
import { CF_66_IGNORED, CF_LOCKABLE, CF_MANDATORY_F2F3, type OpcodeTables } from "./table_layout.js";

const ZERO_EXTENDING = new Set<string>(
  "Add And Or Sub Xor Inc Dec Neg Not Imul Lea Mov Movzx Movsx Movsxd Movd Xchg Xadd".split(" "),
);

/** Memory operands that are only an address, never read or written. */
const NO_ACCESS = new Set<string>(
  "Lea Nop Prefetch Prefetchw Prefetchnta Prefetcht0 Prefetcht1 Prefetcht2".split(" "),
);

function classOf(t: OpcodeTables, code: number): number {
  const mnemonic = Mnemonic[t.codeMnemonic[code]] ?? "";
  const flow = t.codeFlow[code];
  let c = 0;
  if (ZERO_EXTENDING.has(mnemonic)) c |= CC_ZERO_EXTENDS;
  if (NO_ACCESS.has(mnemonic)) c |= CC_NO_MEM_ACCESS;
  if (flow === FlowControl.UnconditionalBranch || flow === FlowControl.ConditionalBranch) {
    c |= CC_DIRECT_JUMP;
  }
  if (flow === FlowControl.Call) c |= CC_DIRECT_CALL;
  if (flow === FlowControl.IndirectBranch || flow === FlowControl.IndirectCall) c |= CC_INDIRECT;
  if (flow === FlowControl.ConditionalBranch && !mnemonic.startsWith("Loop")) c |= CC_HINTABLE;
  if ((t.codeFlags[code] & CF_MANDATORY_F2F3) !== 0 || mnemonic === "Crc32") {
    c |= CC_MANDATORY_REP;
  }
  if ((t.codeFlags[code] & CF_LOCKABLE) !== 0) c |= CC_LOCKABLE;
  return c;
}

function stringClassOf(code: number): number {
  const name = Code[code] ?? "";
  if (/^(Stos|Scas)[bwdq]_/.test(name) || /[Mm]askmov(q|dqu)_rDI/.test(name)) return STR_RDI;
  if (/^Lods[bwdq]_/.test(name)) return STR_RSI;
  if (/^(Movs|Cmps)[bwdq]_m/.test(name)) return STR_RSI_RDI;
  return 0;
}

/** The Codes that can be superinstruction parts, and which part. */
const PARTS = new Map<string, number>([
  ["And_rm32_imm8", PART_AND_IMM8],
  ["Add_rm64_r64", PART_ADD_R64],
  ["Add_r64_rm64", PART_ADD_R64],
  ["Mov_rm32_r32", PART_MOV_R32],
  ["Mov_r32_rm32", PART_MOV_R32],
  ["Lea_r64_m", PART_LEA_R64],
]);

function extraOf(t: OpcodeTables, code: number): number {
  const name = Code[code] ?? "";
  let x = 0;
  if ((t.codeFlags[code] & CF_66_IGNORED) !== 0) x |= CX_66_IGNORED;
  if (/^(Cmps|Scas)[bwdq]_/.test(name)) x |= CX_REPNE_OK;
  if (/^Crc32_/.test(name)) x |= CX_CRC32;
  const part = PARTS.get(name) ?? 0;
  if (part !== 0) x |= CX_PATTERN | (part << CX_PART_SHIFT);
  if (/^Test_rm(8|16|32|64)_imm/.test(name)) x |= CX_TEST_IMM;
  return x;
}

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
function classify(t: OpcodeTables, code: number, rules: ProfileRules): number {
  const name = Code[code] ?? "";
  const mnemonic = Mnemonic[t.codeMnemonic[code]] ?? "";
  const encoding = t.codeEncoding[code];
  if (encoding === ENCODING_EVEX || encoding === ENCODING_MVEX) return REASON.encoding;
  if ((encoding === ENCODING_VEX || encoding === ENCODING_XOP) && rules.rejectVex) {
    return REASON.vex;
  }
  if (SYSTEM_MNEMONICS.has(mnemonic) || /_(cr|dr|tr)(_|$)|^Mov_(cr|dr|tr)_/.test(name)) {
    return REASON.system;
  }
  if (CONTROL_MNEMONICS.has(mnemonic) || /_m16(16|32|64)$|_ptr16(16|32)$/.test(name)) {
    return REASON.control;
  }
  if (SEGMENT_MNEMONICS.has(mnemonic) || /Sreg|_(FS|GS|ES|CS|SS|DS)$/.test(name)) {
    return REASON.segment;
  }
  if (STACK_FRAME_MNEMONICS.has(mnemonic)) return REASON.stackFrame;
  if (/^Bt[crs]?_rm(16|32|64)_r(16|32|64)$/.test(name)) return REASON.btRegister;
  if (name.includes("moffs")) return REASON.moffs;
  if (IMPLICIT_MEMORY_MNEMONICS.has(mnemonic)) return REASON.implicitMemory;
  if (/_rel(8|16|32)_(16|32)(_|$)|_rel16$|_ECX$|_CX$|^Jecxz/.test(name)) return REASON.jump16;
  if (mnemonic === "Sal" || name === "Bswap_r16") return REASON.nop;
  // Three-operand extrq: refused by both validators "for historical reasons".
  if (/^Extrq_xmm_imm8_imm8$/.test(name)) return REASON.nop;
  if (t.codeCpuid0[code] === CpuidFeature.FMA4 && /_(x|y)mmm\d+$/.test(name)) return REASON.nop;
  if (mnemonic === "Reservednop" || /^Prefetchreserved/.test(name)) return REASON.nop;
  if (mnemonic === "Rdtsc") return rules.rejectRdtsc ? REASON.rdtsc : 0;
  if (mnemonic === "Lahf" || mnemonic === "Sahf") return rules.rejectLahfSahf ? REASON.lahf : 0;
  if (mnemonic === "Clflush") return rules.rejectClflush ? REASON.clflush : 0;
  if (mnemonic === "Tzcnt") return 0; // BMI1 in iced, but allowed unconditionally (V§2.12)
  const f0 = t.codeCpuid0[code];
  const f1 = t.codeCpuid1[code];
  if (!featureAllowed(f0, rules) || (f1 !== 0 && !featureAllowed(f1, rules))) {
    return REASON.feature;
  }
  return 0;
}

function verdicts(t: OpcodeTables, profile: Profile, out: Uint8Array): void {
  const rules = profileRules(profile);
  for (let code = 1; code < out.length; code++) out[code] = classify(t, code, rules);
}

/** 1 when the Code needs the branch, string, superinstruction or alias checks. */
function specialOf(t: OpcodeTables, code: number): number {
  const branch = t.codeClass[code] & (CC_DIRECT_JUMP | CC_DIRECT_CALL | CC_INDIRECT);
  const other = t.codeExtra[code] & (CX_TEST_IMM | CX_PATTERN);
  return branch !== 0 || other !== 0 || t.codeString[code] !== 0 ? 1 : 0;
}

function laneOf(t: OpcodeTables, code: number, verdict: number): number {
  if (verdict !== 0) return LANE_GENERAL;
  if (t.codeSpecial[code] === 0) return LANE_PLAIN;
  const cls = t.codeClass[code];
  const extra = t.codeExtra[code];
  if (t.codeString[code] !== 0) return LANE_GENERAL;
  if ((extra & CX_TEST_IMM) !== 0) {
    // Test is never a branch or superinstruction part: only the alias check applies.
    const other = (cls & (CC_DIRECT_JUMP | CC_DIRECT_CALL | CC_INDIRECT)) | (extra & CX_PATTERN);
    return other === 0 ? LANE_TEST_IMM : LANE_GENERAL;
  }
  if ((cls & (CC_DIRECT_JUMP | CC_DIRECT_CALL)) !== 0) return LANE_DIRECT;
  if ((cls & CC_INDIRECT) !== 0 || (extra & CX_PATTERN) === 0) return LANE_GENERAL;
  return LANE_DIRECT + (extra >> CX_PART_SHIFT);
}

/** The single prefixes (P_OPSIZE, P_REP, P_REPNE) the Code takes without a finding. */
function prefixOkOf(t: OpcodeTables, code: number): number {
  let ok = 0;
  if ((t.codeExtra[code] & CX_66_IGNORED) === 0) ok |= P_OPSIZE;
  if ((t.codeClass[code] & CC_MANDATORY_REP) !== 0) ok |= P_REP | P_REPNE;
  return ok;
}

/**
 * Fills codeClass, codeExtra, codeString, codeSpecial, codePrefixOk and the
 * verdict and lane fields of `t`
 * from its iced facts (codeMnemonic, codeFlow, codeFlags, codeEncoding,
 * codeCpuid0/1, which must be filled already).
 */
export function fillRuleClasses(t: OpcodeTables): void {
  for (let code = 0; code < t.codeClass.length; code++) {
    t.codeClass[code] = classOf(t, code);
    t.codeExtra[code] = extraOf(t, code);
    t.codeString[code] = stringClassOf(code);
  }
  verdicts(t, "zerovm", t.verdictZerovm);
  verdicts(t, "nacl", t.verdictNacl);
  for (let code = 0; code < t.codeClass.length; code++) {
    t.codeSpecial[code] = specialOf(t, code);
    t.codePrefixOk[code] = prefixOkOf(t, code);
    t.laneZerovm[code] = laneOf(t, code, t.verdictZerovm[code]);
    t.laneNacl[code] = laneOf(t, code, t.verdictNacl[code]);
  }
}
