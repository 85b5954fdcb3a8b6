/**
 * Bit values of the per-Code rule classes (codeClass, codeExtra, codeString
 * in the generated tables). Kept apart from code_classes.ts so that the
 * generator can use them without loading the tables it is about to build.
 *
 * codeClass bits:
 *   CC_ZERO_EXTENDS   a 32-bit destination write clears the upper half and
 *                     restricts the register (V§2.6)
 *   CC_NO_MEM_ACCESS  the ModRM memory operand is not accessed (lea, nop)
 *   CC_DIRECT_JUMP    jmp/jcc/loop/jrcxz with a relative target
 *   CC_DIRECT_CALL    call rel32
 *   CC_INDIRECT       jmp/call through a register or memory
 *   CC_HINTABLE       accepts a 2E/3E branch hint (jcc, jrcxz)
 *   CC_MANDATORY_REP  F2/F3 are part of the opcode (sse, popcnt, crc32...)
 *   CC_LOCKABLE       takes a lock prefix (on a memory operand)
 *
 * codeString: 0 not a string instruction, else STR_RDI, STR_RSI or
 * STR_RSI_RDI: which pointer registers must be sandboxed before it (V§2.10).
 */
export const CC_ZERO_EXTENDS = 1;
export const CC_NO_MEM_ACCESS = 2;
export const CC_DIRECT_JUMP = 4;
export const CC_DIRECT_CALL = 8;
export const CC_INDIRECT = 16;
export const CC_HINTABLE = 32;
export const CC_MANDATORY_REP = 64;
export const CC_LOCKABLE = 128;

/** codeExtra bits. */
export const CX_66_IGNORED = 1; // a 66 prefix does not change the instruction
export const CX_REPNE_OK = 2; // repne/repnz is meaningful (cmps, scas)
export const CX_TEST_IMM = 4; // test r/m, imm: F6/F7 /1 is an undocumented alias
export const CX_CRC32 = 8; // crc32 (takes 66 together with its mandatory F2)
export const CX_PATTERN = 16; // may be part of nacljmp or string sandboxing (and, add, mov, lea)
/** Bits 5-7: which superinstruction part a CX_PATTERN Code can be (PART_*). */
export const CX_PART_SHIFT = 5;
export const PART_AND_IMM8 = 1; // and $imm8,%r32 (nacljmp mask)
export const PART_ADD_R64 = 2; // add r64 (nacljmp add of %r15)
export const PART_MOV_R32 = 3; // mov r32 (mov %esi,%esi / mov %edi,%edi)
export const PART_LEA_R64 = 4; // lea r64 (lea (%r15,%rsi),%rsi ...)

export const STR_RDI = 1;
export const STR_RSI = 2;
export const STR_RSI_RDI = 3;

/**
 * Lanes: how the validation loop may treat a Code without the full rule
 * pass (validate_run.ts tryPlainLane); per profile in the tables.
 *   LANE_GENERAL   always the full rule pass (forbidden by the profile,
 *                  indirect branches, string instructions, test aliases)
 *   LANE_PLAIN     no branch, string or superinstruction role
 *   LANE_DIRECT    direct jump or call: only its target is recorded
 *   LANE_AND_IMM8  and $imm8,%r32: a nacljmp mask when imm8 = e0
 *   LANE_ADD_R64   add r64: a nacljmp add when %r15 is an operand
 *   LANE_MOV_R32   mov r32: a string sandboxing mov when ModRM is f6/ff
 *   LANE_LEA_R64   lea r64: a string sandboxing lea when it writes rsi/rdi
 *   LANE_TEST_IMM  test r/m,imm: the undocumented alias when ModRM.reg = 1
 * LANE_AND_IMM8 to LANE_LEA_R64 are LANE_DIRECT + the part number (PART_*).
 */
export const LANE_GENERAL = 0;
export const LANE_PLAIN = 1;
export const LANE_DIRECT = 2;
export const LANE_AND_IMM8 = 3;
export const LANE_ADD_R64 = 4;
export const LANE_MOV_R32 = 5;
export const LANE_LEA_R64 = 6;
export const LANE_TEST_IMM = 7;
