/**
 * Layout of the generated opcode tables: row keys, row kinds, per-Code flag
 * bits and the list of fields. Shared by the generator (table_builder.ts,
 * which needs iced-x86) and the runtime loader (opcode_tables.ts, which
 * must not: importing the validator should cost a few milliseconds).
 *
 * Row key: ((map * 4 + prefix) * 2 + rexW) * 256 + opcode, where map is
 * 0 = one-byte, 1 = 0F, 2 = 0F 38, 3 = 0F 3A and prefix is 0 = none,
 * 1 = 66, 2 = F3, 3 = F2 (the only legacy prefix besides F0).
 *
 * Row kinds (rowKind, low 3 bits): ROW_SLOW, ROW_NOMODRM (rowReg holds the
 * Code), ROW_MODRM8 (rowMem and rowReg index 8-entry groups by ModRM.reg),
 * ROW_MODRM64 (rowReg indexes a 64-entry group by reg * 8 + rm for
 * mod = 3). Bit 3 (ROW_REX_SENSITIVE): the Code changes with REX.R/X/B
 * (opcode 90: nop versus xchg r8), so such instructions go slow.
 */
export const ROW_SLOW = 0;
export const ROW_NOMODRM = 1;
export const ROW_MODRM8 = 2;
export const ROW_MODRM64 = 3;
export const ROW_REX_SENSITIVE = 8;

export const ROW_COUNT = 4 * 4 * 2 * 256;

/** Per-Code flags (codeFlags). */
export const CF_LOCKABLE = 1;
/** The F3/F2 prefix of this Code is part of its opcode, not a rep prefix. */
export const CF_MANDATORY_F2F3 = 2;
/** codeWrite0 describes operand 0 (the destination in Intel order). */
export const CF_OP0_WRITE = 4;
/** The Code was seen in the fast tables (its imm/write data is valid). */
export const CF_FAST = 8;
/** The Code decodes the same with and without a 66 prefix: 66 is meaningless on it. */
export const CF_66_IGNORED = 16;

/**
 * The tables. Legend, per row key: rowKind (ROW_*), rowMem and rowReg (a
 * Code or a group index). Per group: groups8, groups64 (Codes). Per Code:
 *   codeImm        immediate or displacement bytes after ModRM/SIB/disp
 *                  (255: not decodable by the fast path)
 *   codeWrite0/1   written-register descriptors (code_facts.ts)
 *   codeImplicit   mask of registers written implicitly
 *   codeFlags      CF_* bits
 *   codeMnemonic, codeCpuid0/1, codeEncoding, codeFlow: iced's values
 *   codeClass, codeExtra, codeString: the rule classes of code_classes.ts
 *   verdictZerovm, verdictNacl: 0 allowed, else a policy.ts reason index
 *   codeSpecial, codePrefixOk, laneZerovm, laneNacl: see code_classes.ts
 */
export interface OpcodeTables {
  rowKind: Uint8Array;
  rowMem: Uint16Array;
  rowReg: Uint16Array;
  groups8: Uint16Array;
  groups64: Uint16Array;
  codeImm: Uint8Array;
  codeWrite0: Uint16Array;
  codeWrite1: Uint16Array;
  codeImplicit: Uint16Array;
  codeFlags: Uint8Array;
  codeMnemonic: Uint16Array;
  codeCpuid0: Uint8Array;
  codeCpuid1: Uint8Array;
  codeEncoding: Uint8Array;
  codeFlow: Uint8Array;
  codeClass: Uint8Array;
  codeExtra: Uint8Array;
  codeString: Uint8Array;
  verdictZerovm: Uint8Array;
  verdictNacl: Uint8Array;
  codeSpecial: Uint8Array;
  codePrefixOk: Uint8Array;
  laneZerovm: Uint8Array;
  laneNacl: Uint8Array;
}

/** Field order of the generated file. */
export const TABLE_FIELDS: readonly (keyof OpcodeTables)[] = [
  "rowKind",
  "rowMem",
  "rowReg",
  "groups8",
  "groups64",
  "codeImm",
  "codeWrite0",
  "codeWrite1",
  "codeImplicit",
  "codeFlags",
  "codeMnemonic",
  "codeCpuid0",
  "codeCpuid1",
  "codeEncoding",
  "codeFlow",
  "codeClass",
  "codeExtra",
  "codeString",
  "verdictZerovm",
  "verdictNacl",
  "codeSpecial",
  "codePrefixOk",
  "laneZerovm",
  "laneNacl",
];

/** Element type of each field in the generated file. */
export type FieldKind = "u8" | "u16";
