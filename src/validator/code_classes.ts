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
import { TABLES } from "./opcode_tables.js";
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
