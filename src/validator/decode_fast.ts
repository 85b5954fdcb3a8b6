/**
 * Table-driven instruction decoder for the common case, without iced.
 *
 * Handles legacy and REX encodings with at most F0 plus one of 66/F2/F3 in
 * front: what compilers emit for nearly every instruction. It reads the
 * prefixes, opcode, ModRM, SIB and displacement itself and takes the iced
 * Code, immediate size and written-register layout from the generated
 * tables (table_builder.ts explains how they were verified against iced).
 * Anything else (VEX, XOP, 3DNow!, segment or address-size prefixes, two
 * size prefixes, forms the generator found irregular, truncated input)
 * returns false and goes to decode_slow.ts.
 */
import { Code } from "../decoder/iced.js";
import {
  LOC_FIXED,
  LOC_OPLOW,
  LOC_REG,
  LOC_RM,
  WIDTH_8,
} from "./code_facts.js";
import {
  BASE_ABSOLUTE,
  BASE_RIP,
  type Insn,
  P_OPSIZE,
  P_REP,
  P_REPNE,
  PREFIX_BIT,
  scanPrefixes,
} from "./insn.js";
import { TABLES } from "./opcode_tables.js";
import { isLongNop } from "./sandbox_patterns.js";
import { ROW_MODRM8, ROW_NOMODRM, ROW_REX_SENSITIVE, ROW_SLOW } from "./table_builder.js";

// Lock goes slow: iced refuses it on instructions that cannot be locked.
const FAST_PREFIXES = P_OPSIZE | P_REP | P_REPNE;

const {
  rowKind,
  rowMem,
  rowReg,
  groups8,
  groups64,
  codeImm,
  codeWrite0,
  codeWrite1,
  codeImplicit,
  codeFlags,
} = TABLES;

/** Prefix class of the row key for a set of size/rep prefix bits (-1: not fast). */
function prefixClass(bits: number): number {
  if (bits === 0) return 0;
  if (bits === P_OPSIZE) return 1;
  if (bits === P_REP) return 2;
  if (bits === P_REPNE) return 3;
  return -1;
}

/**
 * Decodes the instruction at `insn.start` (already reset). Returns false when
 * the slow path must decode it; `insn` is then partly filled and must be
 * reset again.
 */
export function decodeFast(bytes: Uint8Array, end: number, insn: Insn): boolean {
  const start = insn.start;
  let p: number;
  const first = bytes[start];
  // Most instructions start with their opcode or a lone REX: skip the prefix scanner.
  if (PREFIX_BIT[first] === 0 && (first & 0xf0) !== 0x40) p = start;
  else if ((first & 0xf0) === 0x40 && start + 1 < end && PREFIX_BIT[bytes[start + 1]] === 0 &&
    (bytes[start + 1] & 0xf0) !== 0x40) {
    insn.rex = first;
    insn.opcodeOffset = 1;
    p = start + 1;
  } else {
    p = scanPrefixes(bytes, start, end, insn);
    if (p < 0) return false;
  }
  const prefixes = insn.prefixes;
  if ((prefixes & ~FAST_PREFIXES) !== 0) return decodeLongNop(bytes, end, insn, p);
  const pc = prefixClass(prefixes & (P_OPSIZE | P_REP | P_REPNE));
  if (pc < 0) return false;

  // Opcode map.
  let b = bytes[p];
  let map = 0;
  if (b === 0x0f) {
    if (++p >= end) return false;
    b = bytes[p];
    map = 1;
    if (b === 0x38 || b === 0x3a) {
      map = b === 0x38 ? 2 : 3;
      if (++p >= end) return false;
      b = bytes[p];
    }
  }
  const rex = insn.rex;
  const row = ((map * 4 + pc) * 2 + ((rex >> 3) & 1)) * 256 + b;
  const kind = rowKind[row];
  if ((kind & ROW_REX_SENSITIVE) !== 0 && (rex & 7) !== 0) return false;
  p++;

  let code: number;
  const shape = kind & 7;
  if (shape === ROW_SLOW) return false;
  if (shape === ROW_NOMODRM) {
    code = rowReg[row];
  } else {
    if (p >= end) return false;
    const modrm = bytes[p++];
    insn.modrm = modrm;
    if (modrm >= 0xc0) {
      code =
        shape === ROW_MODRM8
          ? groups8[rowReg[row] * 8 + ((modrm >> 3) & 7)]
          : groups64[rowReg[row] * 64 + (modrm & 63)];
    } else {
      code = groups8[rowMem[row] * 8 + ((modrm >> 3) & 7)];
      p = readMemory(bytes, p, end, modrm, rex, insn);
      if (p < 0) return false;
    }
  }
  if (code === 0) return false;
  const imm = codeImm[code];
  if (imm === 255) return false;
  p += imm;
  if (p > end) return false;

  insn.code = code;
  insn.length = p - start;
  insn.immSize = imm;
  fillWrites(bytes, insn, code);
  return true;
}

/**
 * The canonical long NOP (`66 ... 2e 0f 1f 84 00 00000000`, V§2.2), common
 * in compiler padding; everything else with unusual prefixes goes slow.
 */
function decodeLongNop(bytes: Uint8Array, end: number, insn: Insn, opcodeAt: number): boolean {
  const length = opcodeAt - insn.start + 8;
  if (opcodeAt + 8 > end || !isLongNop(bytes, insn.start, length)) return false;
  insn.code = Code.Nop_rm16;
  insn.length = length;
  insn.modrm = 0x84;
  insn.memBase = 0;
  return true;
}

/** Parses SIB and displacement of a memory ModRM; returns the next offset or -1. */
function readMemory(
  bytes: Uint8Array,
  p: number,
  end: number,
  modrm: number,
  rex: number,
  insn: Insn,
): number {
  const mod = modrm >> 6;
  const rm = modrm & 7;
  let disp = mod === 1 ? 1 : mod === 2 ? 4 : 0;
  if (rm === 4) {
    if (p >= end) return -1;
    const sib = bytes[p++];
    const index = ((sib >> 3) & 7) | ((rex & 2) << 2);
    insn.memIndex = index === 4 ? -1 : index;
    if ((sib & 7) === 5 && mod === 0) {
      insn.memBase = BASE_ABSOLUTE;
      disp = 4;
    } else {
      insn.memBase = (sib & 7) | ((rex & 1) << 3);
    }
  } else if (rm === 5 && mod === 0) {
    insn.memBase = BASE_RIP;
    disp = 4;
  } else {
    insn.memBase = rm | ((rex & 1) << 3);
  }
  p += disp;
  return p <= end ? p : -1;
}

/** Resolves a written-register descriptor against this instance's encoding. */
function resolveWrite(desc: number, bytes: Uint8Array, insn: Insn): number {
  const loc = desc & 7;
  const rex = insn.rex;
  let field: number;
  if (loc === LOC_REG) field = ((insn.modrm >> 3) & 7) | ((rex & 4) << 1);
  else if (loc === LOC_RM) field = (insn.modrm & 7) | ((rex & 1) << 3);
  else if (loc === LOC_OPLOW) {
    field = (bytes[insn.start + insn.length - insn.immSize - 1] & 7) | ((rex & 1) << 3);
  } else if (loc === LOC_FIXED) return (desc >> 5) & 15;
  else return -1;
  // Without REX, 8-bit fields 4-7 are AH, CH, DH, BH: bytes of rax..rbx.
  if (((desc >> 3) & 3) === WIDTH_8 && rex === 0 && field >= 4 && field < 8) return field - 4;
  return field;
}

function fillWrites(bytes: Uint8Array, insn: Insn, code: number): void {
  const w0 = codeWrite0[code];
  if (w0 !== 0) {
    // A ModRM rm operand is a register only for mod = 3.
    if ((w0 & 7) !== LOC_RM || insn.modrm >= 0xc0) {
      insn.write0 = resolveWrite(w0, bytes, insn);
      insn.width0 = (w0 >> 3) & 3;
      insn.op0Write = (codeFlags[code] & 4) !== 0;
    }
    const w1 = codeWrite1[code];
    if (w1 !== 0 && ((w1 & 7) !== LOC_RM || insn.modrm >= 0xc0)) {
      insn.write1 = resolveWrite(w1, bytes, insn);
      insn.width1 = (w1 >> 3) & 3;
    }
  }
  insn.implicitWrites = codeImplicit[code];
}
