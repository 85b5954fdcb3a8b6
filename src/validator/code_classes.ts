/**
 * Per-Code classes the sandbox rules need, computed once at import from
 * iced's Code names and mnemonics (immutable afterwards).
 *
 * CODE_CLASS bits:
 *   CC_ZERO_EXTENDS   a 32-bit destination write clears the upper half and
 *                     restricts the register (V§2.6)
 *   CC_NO_MEM_ACCESS  the ModRM memory operand is not accessed (lea, nop)
 *   CC_DIRECT_JUMP    jmp/jcc/loop/jrcxz with a relative target
 *   CC_DIRECT_CALL    call rel32
 *   CC_INDIRECT       jmp/call through a register or memory
 *   CC_HINTABLE       accepts a 2E/3E branch hint (jcc, jrcxz)
 *   CC_MANDATORY_REP  F2/F3 are part of the opcode (sse, popcnt, crc32...)
 *
 * STRING_CLASS: 0 not a string instruction, else STR_RDI, STR_RSI or
 * STR_RSI_RDI: which pointer registers must be sandboxed before it (V§2.10).
 */
import { Code, FlowControl, Mnemonic } from "../decoder/iced.js";
import { P_OPSIZE, P_REP, P_REPNE } from "./insn.js";
import { TABLES } from "./opcode_tables.js";
import { CODE_VERDICTS, type Profile } from "./policy.js";
import { CF_66_IGNORED, CF_MANDATORY_F2F3, CODE_COUNT } from "./table_builder.js";

export const CC_ZERO_EXTENDS = 1;
export const CC_NO_MEM_ACCESS = 2;
export const CC_DIRECT_JUMP = 4;
export const CC_DIRECT_CALL = 8;
export const CC_INDIRECT = 16;
export const CC_HINTABLE = 32;
export const CC_MANDATORY_REP = 64;
export const CC_LOCKABLE = 128;

/** Extra flags (CODE_EXTRA). */
export const CX_66_IGNORED = 1; // a 66 prefix does not change the instruction
export const CX_REPNE_OK = 2; // repne/repnz is meaningful (cmps, scas)
export const CX_TEST_IMM = 4; // test r/m, imm: F6/F7 /1 is an undocumented alias
export const CX_CRC32 = 8; // crc32 (takes 66 together with its mandatory F2)
export const CX_PATTERN = 16; // may be part of nacljmp or string sandboxing (and, add, mov, lea)

export const STR_RDI = 1;
export const STR_RSI = 2;
export const STR_RSI_RDI = 3;

const ZERO_EXTENDING = new Set<string>(
  "Add And Or Sub Xor Inc Dec Neg Not Imul Lea Mov Movzx Movsx Movsxd Movd Xchg Xadd".split(" "),
);

/** Memory operands that are only an address, never read or written. */
const NO_ACCESS = new Set<string>(
  "Lea Nop Prefetch Prefetchw Prefetchnta Prefetcht0 Prefetcht1 Prefetcht2".split(" "),
);

function classOf(code: number): number {
  const mnemonic = Mnemonic[TABLES.codeMnemonic[code]] ?? "";
  const flow = TABLES.codeFlow[code];
  let c = 0;
  if (ZERO_EXTENDING.has(mnemonic)) c |= CC_ZERO_EXTENDS;
  if (NO_ACCESS.has(mnemonic)) c |= CC_NO_MEM_ACCESS;
  if (flow === FlowControl.UnconditionalBranch || flow === FlowControl.ConditionalBranch) {
    c |= CC_DIRECT_JUMP;
  }
  if (flow === FlowControl.Call) c |= CC_DIRECT_CALL;
  if (flow === FlowControl.IndirectBranch || flow === FlowControl.IndirectCall) c |= CC_INDIRECT;
  if (flow === FlowControl.ConditionalBranch && !mnemonic.startsWith("Loop")) c |= CC_HINTABLE;
  if ((TABLES.codeFlags[code] & CF_MANDATORY_F2F3) !== 0 || mnemonic === "Crc32") {
    c |= CC_MANDATORY_REP;
  }
  if ((TABLES.codeFlags[code] & 1) !== 0) c |= CC_LOCKABLE;
  return c;
}

function stringClassOf(code: number): number {
  const name = Code[code] ?? "";
  if (/^(Stos|Scas)[bwdq]_/.test(name) || /[Mm]askmov(q|dqu)_rDI/.test(name)) return STR_RDI;
  if (/^Lods[bwdq]_/.test(name)) return STR_RSI;
  if (/^(Movs|Cmps)[bwdq]_m/.test(name)) return STR_RSI_RDI;
  return 0;
}

const PATTERN_CODES = /^(And_rm32_imm8|Add_rm64_r64|Add_r64_rm64|Mov_rm32_r32|Mov_r32_rm32|Lea_r64_m)$/;

function extraOf(code: number): number {
  const name = Code[code] ?? "";
  let x = 0;
  if ((TABLES.codeFlags[code] & CF_66_IGNORED) !== 0) x |= CX_66_IGNORED;
  if (/^(Cmps|Scas)[bwdq]_/.test(name)) x |= CX_REPNE_OK;
  if (/^Crc32_/.test(name)) x |= CX_CRC32;
  if (PATTERN_CODES.test(name)) x |= CX_PATTERN;
  if (/^Test_rm(8|16|32|64)_imm/.test(name)) x |= CX_TEST_IMM;
  return x;
}

export const CODE_EXTRA: Uint8Array = Uint8Array.from({ length: CODE_COUNT }, (_, c) => extraOf(c));

export const CODE_CLASS: Uint8Array = Uint8Array.from({ length: CODE_COUNT }, (_, c) => classOf(c));
export const STRING_CLASS: Uint8Array = Uint8Array.from({ length: CODE_COUNT }, (_, c) =>
  stringClassOf(c),
);

/** 1 when the Code needs the branch, string, superinstruction or alias checks. */
export const CODE_SPECIAL: Uint8Array = Uint8Array.from({ length: CODE_COUNT }, (_, c) => {
  const branch = CODE_CLASS[c] & (CC_DIRECT_JUMP | CC_DIRECT_CALL | CC_INDIRECT);
  const other = CODE_EXTRA[c] & (CX_TEST_IMM | CX_PATTERN);
  return branch !== 0 || other !== 0 || STRING_CLASS[c] !== 0 ? 1 : 0;
});

/**
 * Lanes: how the validation loop may treat a Code without the full rule
 * pass (validate_run.ts tryPlainLane).
 *   LANE_GENERAL   always the full rule pass (forbidden by the profile,
 *                  indirect branches, string instructions, test aliases)
 *   LANE_PLAIN     no branch, string or superinstruction role
 *   LANE_DIRECT    direct jump or call: only its target is recorded
 *   LANE_AND_IMM8  and $imm8,%r32: a nacljmp mask when imm8 = e0
 *   LANE_ADD_R64   add r64: a nacljmp add when %r15 is an operand
 *   LANE_MOV_R32   mov r32: a string sandboxing mov when ModRM is f6/ff
 *   LANE_LEA_R64   lea r64: a string sandboxing lea when it writes rsi/rdi
 */
export const LANE_GENERAL = 0;
export const LANE_PLAIN = 1;
export const LANE_DIRECT = 2;
export const LANE_AND_IMM8 = 3;
export const LANE_ADD_R64 = 4;
export const LANE_MOV_R32 = 5;
export const LANE_LEA_R64 = 6;

function laneOf(code: number, verdict: number): number {
  if (verdict !== 0) return LANE_GENERAL;
  if (CODE_SPECIAL[code] === 0) return LANE_PLAIN;
  const cls = CODE_CLASS[code];
  const extra = CODE_EXTRA[code];
  if ((extra & CX_TEST_IMM) !== 0 || STRING_CLASS[code] !== 0) return LANE_GENERAL;
  if ((cls & (CC_DIRECT_JUMP | CC_DIRECT_CALL)) !== 0) return LANE_DIRECT;
  if ((cls & CC_INDIRECT) !== 0 || (extra & CX_PATTERN) === 0) return LANE_GENERAL;
  const name = Code[code] ?? "";
  if (name === "And_rm32_imm8") return LANE_AND_IMM8;
  if (name === "Add_rm64_r64" || name === "Add_r64_rm64") return LANE_ADD_R64;
  if (name === "Mov_rm32_r32" || name === "Mov_r32_rm32") return LANE_MOV_R32;
  if (name === "Lea_r64_m") return LANE_LEA_R64;
  return LANE_GENERAL;
}

/** Per profile, per Code: the lane (LANE_*). */
export const CODE_LANE: Readonly<Record<Profile, Uint8Array>> = {
  zerovm: Uint8Array.from({ length: CODE_COUNT }, (_, c) => laneOf(c, CODE_VERDICTS.zerovm[c])),
  nacl: Uint8Array.from({ length: CODE_COUNT }, (_, c) => laneOf(c, CODE_VERDICTS.nacl[c])),
};

/**
 * Per Code: the single 66, F3 or F2 prefix bits (P_*) it takes without a
 * prefix finding (66 where it changes the operand size, F3/F2 where they
 * are part of the opcode). String instructions are never in a lane.
 */
export const CODE_PREFIX_OK: Uint8Array = Uint8Array.from({ length: CODE_COUNT }, (_, c) => {
  let ok = 0;
  if ((CODE_EXTRA[c] & CX_66_IGNORED) === 0) ok |= P_OPSIZE;
  if ((CODE_CLASS[c] & CC_MANDATORY_REP) !== 0) ok |= P_REP | P_REPNE;
  return ok;
});
