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
import * as codeFacts from "./code_facts.js";
import * as insnDefs from "./insn.js";
import { type Insn, PREFIX_BIT, scanPrefixes } from "./insn.js";
import { CODE_NOP_RM16, TABLES } from "./opcode_tables.js";
import { isLongNop } from "./sandbox_patterns.js";
import * as layout from "./table_layout.js";

// Same-module copies of the imported constants: V8 (11.3) reads an imported
// binding through its module cell, with a hole check, at every use, which
// cost about 10 % of a validation run in this hot code; a module's own
// consts do not.
const { LOC_FIXED, LOC_OPLOW, LOC_REG, LOC_RM, WIDTH_8 } = codeFacts;
const { BASE_ABSOLUTE, BASE_NONE, BASE_RIP, P_OPSIZE, P_REP, P_REPNE } = insnDefs;
const { ROW_MODRM8, ROW_NOMODRM, ROW_REX_SENSITIVE, ROW_SLOW } = layout;

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

/** Row-key prefix class of the size/rep prefix bits: none, 66, F3, F2. */
const PREFIX_CLASS = (() => {
  const t = new Uint8Array(FAST_PREFIXES + 1);
  t[P_OPSIZE] = 1;
  t[P_REP] = 2;
  t[P_REPNE] = 3;
  return t;
})();

/** Leading byte classes: LEAD_REX (40-4F), LEAD_LEGACY (a legacy prefix), else 0. */
const LEAD_REX = 1;
const LEAD_LEGACY = 2;
const LEAD = (() => {
  const t = new Uint8Array(256);
  for (let b = 0; b < 256; b++) {
    if ((b & 0xf0) === 0x40) t[b] = LEAD_REX;
    else if (PREFIX_BIT[b] !== 0) t[b] = LEAD_LEGACY;
  }
  return t;
})();

/**
 * Memory forms of each ModRM byte (mod < 3): MEM_DISP bits hold the
 * displacement size (0, 1 or 4 bytes), MEM_SIB marks a SIB byte (rm = 4),
 * MEM_RIP a RIP-relative disp32 (mod = 0, rm = 5).
 */
const MEM_DISP = 7;
const MEM_SIB = 8;
const MEM_RIP = 16;
const MODRM_MEMORY = (() => {
  const t = new Uint8Array(0xc0);
  for (let modrm = 0; modrm < 0xc0; modrm++) {
    const mod = modrm >> 6;
    const rm = modrm & 7;
    let bits = mod === 1 ? 1 : mod === 2 ? 4 : 0;
    if (rm === 4) bits |= MEM_SIB;
    else if (rm === 5 && mod === 0) bits = 4 | MEM_RIP;
    t[modrm] = bits;
  }
  return t;
})();

/**
 * Decodes the instruction at `insn.start`, setting every field of `insn`
 * (no reset needed). Returns false when the slow path must decode it;
 * `insn` is then partly filled and must be reset first.
 *
 * Hot: called once per instruction of the region, so it reads and writes
 * only the typed tables and the one reused record, without allocating.
 */
export function decodeFast(bytes: Uint8Array, end: number, insn: Insn): boolean {
  const start = insn.start;
  let p = start;
  let rex = 0;
  let prefixes = 0;
  const first = bytes[start];
  // Most instructions start with their opcode or a lone REX: handle both
  // without a data-dependent branch and send anything else to the scanner.
  const rexLength = LEAD[first] & LEAD_REX;
  if (start + rexLength >= end) return false;
  if (((LEAD[first] & LEAD_LEGACY) | LEAD[bytes[start + rexLength]]) === 0) {
    rex = first & -rexLength;
    p = start + rexLength;
    insn.legacyCount = 0;
  } else {
    p = scanPrefixes(bytes, start, end, insn);
    if (p < 0) return false;
    rex = insn.rex;
    prefixes = insn.prefixes;
  }
  insn.prefixes = prefixes;
  insn.rex = rex;
  insn.opcodeOffset = p - start;
  if (prefixes !== 0) {
    if ((prefixes & ~FAST_PREFIXES) !== 0) return decodeLongNop(bytes, end, insn, p);
    if (prefixes !== P_OPSIZE && prefixes !== P_REP && prefixes !== P_REPNE) return false;
  }
  const pc = PREFIX_CLASS[prefixes];

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
  const row = ((map * 4 + pc) * 2 + ((rex >> 3) & 1)) * 256 + b;
  const kind = rowKind[row];
  if ((kind & ROW_REX_SENSITIVE) !== 0 && (rex & 7) !== 0) return false;
  p++;

  let code: number;
  let modrm = -1;
  let memBase = BASE_NONE;
  let memIndex = -1;
  const shape = kind & 7;
  if (shape === ROW_SLOW) return false;
  if (shape === ROW_NOMODRM) {
    code = rowReg[row];
  } else {
    if (p >= end) return false;
    modrm = bytes[p++];
    if (modrm >= 0xc0) {
      code =
        shape === ROW_MODRM8
          ? groups8[rowReg[row] * 8 + ((modrm >> 3) & 7)]
          : groups64[rowReg[row] * 64 + (modrm & 63)];
    } else {
      code = groups8[rowMem[row] * 8 + ((modrm >> 3) & 7)];
      // SIB and displacement, from one table lookup (fewer unpredictable branches).
      const shapeBits = MODRM_MEMORY[modrm];
      if ((shapeBits & MEM_SIB) !== 0) {
        if (p >= end) return false;
        const sib = bytes[p++];
        const index = ((sib >> 3) & 7) | ((rex & 2) << 2);
        memIndex = index === 4 ? -1 : index;
        // Base 5 without displacement (mod = 0) means no base and a disp32.
        const noBase = (sib & 7) === 5 && modrm < 0x40;
        memBase = noBase ? BASE_ABSOLUTE : (sib & 7) | ((rex & 1) << 3);
        p += noBase ? 4 : shapeBits & MEM_DISP;
      } else {
        memBase = (shapeBits & MEM_RIP) !== 0 ? BASE_RIP : (modrm & 7) | ((rex & 1) << 3);
        p += shapeBits & MEM_DISP;
      }
    }
  }
  if (code === 0) return false;
  const imm = codeImm[code];
  if (imm === 255) return false;
  p += imm;
  if (p > end) return false;

  insn.code = code;
  insn.length = p - start;
  insn.modrm = modrm;
  insn.memBase = memBase;
  insn.memIndex = memIndex;
  insn.immSize = imm;
  insn.encoding = 0;
  insn.slow = false;
  fillWrites(bytes, insn, code, p - imm);
  return true;
}

/**
 * The canonical long NOP (`66 ... 2e 0f 1f 84 00 00000000`, V§2.2), common
 * in compiler padding; everything else with unusual prefixes goes slow.
 */
function decodeLongNop(bytes: Uint8Array, end: number, insn: Insn, opcodeAt: number): boolean {
  const length = opcodeAt - insn.start + 8;
  if (opcodeAt + 8 > end || !isLongNop(bytes, insn.start, length)) return false;
  // Clear every other field, keeping what the prefix scanner found.
  const { prefixes, rex, legacyCount, opcodeOffset } = insn;
  insn.reset(insn.start);
  insn.prefixes = prefixes;
  insn.rex = rex;
  insn.legacyCount = legacyCount;
  insn.opcodeOffset = opcodeOffset;
  insn.code = CODE_NOP_RM16;
  insn.length = length;
  insn.modrm = 0x84;
  insn.memBase = 0;
  return true;
}

/**
 * Resolves a written-register descriptor against this instance's encoding;
 * `opcodeEnd` is the offset just past the opcode byte (for LOC_OPLOW).
 */
function resolveWrite(desc: number, bytes: Uint8Array, insn: Insn, opcodeEnd: number): number {
  const loc = desc & 7;
  const rex = insn.rex;
  let field: number;
  if (loc === LOC_REG) field = ((insn.modrm >> 3) & 7) | ((rex & 4) << 1);
  else if (loc === LOC_RM) field = (insn.modrm & 7) | ((rex & 1) << 3);
  else if (loc === LOC_OPLOW) field = (bytes[opcodeEnd - 1] & 7) | ((rex & 1) << 3);
  else if (loc === LOC_FIXED) return (desc >> 5) & 15;
  else return -1;
  // Without REX, 8-bit fields 4-7 are AH, CH, DH, BH: bytes of rax..rbx.
  if (((desc >> 3) & 3) === WIDTH_8 && rex === 0 && field >= 4 && field < 8) return field - 4;
  return field;
}

/** Sets the written-register fields; `immStart` is the offset of the immediate. */
function fillWrites(bytes: Uint8Array, insn: Insn, code: number, immStart: number): void {
  let write0 = -1;
  let write1 = -1;
  let width0 = 0;
  let width1 = 0;
  let op0Write = false;
  const w0 = codeWrite0[code];
  if (w0 !== 0) {
    // A ModRM rm operand is a register only for mod = 3.
    const registerForm = insn.modrm >= 0xc0;
    if ((w0 & 7) !== LOC_RM || registerForm) {
      write0 = resolveWrite(w0, bytes, insn, immStart);
      width0 = (w0 >> 3) & 3;
      op0Write = (codeFlags[code] & 4) !== 0;
    }
    const w1 = codeWrite1[code];
    if (w1 !== 0 && ((w1 & 7) !== LOC_RM || registerForm)) {
      write1 = resolveWrite(w1, bytes, insn, immStart);
      width1 = (w1 >> 3) & 3;
    }
  }
  insn.write0 = write0;
  insn.write1 = write1;
  insn.width0 = width0;
  insn.width1 = width1;
  insn.op0Write = op0Write;
  insn.implicitWrites = codeImplicit[code];
}
