/**
 * The validator's record of one decoded instruction, and prefix scanning.
 *
 * One Insn object is reused for every instruction of a validation run; the
 * fast decoder (decode_fast.ts) fills it from the bytes and the generated
 * tables, the slow decoder (decode_slow.ts) from iced-x86. Rules read only
 * this record and the raw bytes, never iced.
 */

/** Prefix bits (Insn.prefixes). */
export const P_LOCK = 1;
export const P_REP = 2; // F3
export const P_REPNE = 4; // F2
export const P_OPSIZE = 8; // 66
export const P_ADDR = 16; // 67
export const P_CS = 32; // 2E (branch hint "not taken" on jcc)
export const P_DS = 64; // 3E (branch hint "taken" on jcc)
export const P_SEG_OTHER = 128; // 26, 36, 64, 65
/** A legacy prefix byte occurs twice. */
export const P_DUPLICATE = 256;
/** A legacy prefix or a second REX follows a REX byte (the REX is then ignored). */
export const P_REX_NOT_LAST = 512;

/** Prefix bit of each byte value, 0 for bytes that are not legacy prefixes. */
export const PREFIX_BIT: Uint16Array = (() => {
  const t = new Uint16Array(256);
  t[0xf0] = P_LOCK;
  t[0xf3] = P_REP;
  t[0xf2] = P_REPNE;
  t[0x66] = P_OPSIZE;
  t[0x67] = P_ADDR;
  t[0x2e] = P_CS;
  t[0x3e] = P_DS;
  t[0x26] = P_SEG_OTHER;
  t[0x36] = P_SEG_OTHER;
  t[0x64] = P_SEG_OTHER;
  t[0x65] = P_SEG_OTHER;
  return t;
})();

/** Memory base values besides register numbers 0-15. */
export const BASE_NONE = -1; // no memory operand
export const BASE_RIP = 16;
export const BASE_ABSOLUTE = 17; // no base register (disp32 or moffs)
export const BASE_OTHER = 18; // a base the NaCl rules never allow (e.g. a 32-bit register)
export const INDEX_VECTOR = 19; // VSIB: a vector register as index

export class Insn {
  /** Offset of the first byte in the code buffer (0-based). */
  start = 0;
  length = 0;
  /** iced Code; 0 (INVALID) when the bytes do not decode. */
  code = 0;
  prefixes = 0;
  /** Number of legacy prefix bytes. */
  legacyCount = 0;
  /** The REX byte, 0 when absent (or ignored because it was not last). */
  rex = 0;
  /** Offset of the first opcode byte from `start`. */
  opcodeOffset = 0;
  /** ModRM byte, -1 when the instruction has none. */
  modrm = -1;
  /** Memory operand base (0-15, BASE_*), BASE_NONE without memory operand. */
  memBase = BASE_NONE;
  /** Memory operand index (0-15, INDEX_VECTOR), -1 when there is none. */
  memIndex = -1;
  /** Register numbers written (explicit operands), -1 when unused. */
  write0 = -1;
  write1 = -1;
  /** WIDTH_* of write0/write1. */
  width0 = 0;
  width1 = 0;
  /** write0 is operand 0 (the destination). */
  op0Write = false;
  /** Bit mask of registers written implicitly (push/pop: rsp; mul: rdx...). */
  implicitWrites = 0;
  /** iced EncodingKind. */
  encoding = 0;
  /** Size of the trailing immediate or relative displacement in bytes. */
  immSize = 0;
  /** Decoded by iced (slow path). */
  slow = false;

  reset(start: number): void {
    this.start = start;
    this.length = 0;
    this.code = 0;
    this.prefixes = 0;
    this.legacyCount = 0;
    this.rex = 0;
    this.opcodeOffset = 0;
    this.modrm = -1;
    this.memBase = BASE_NONE;
    this.memIndex = -1;
    this.write0 = -1;
    this.write1 = -1;
    this.width0 = 0;
    this.width1 = 0;
    this.op0Write = false;
    this.implicitWrites = 0;
    this.encoding = 0;
    this.immSize = 0;
    this.slow = false;
  }

  /** Bit mask of every register written, at any width. */
  writeMask(): number {
    let m = this.implicitWrites;
    if (this.write0 >= 0) m |= 1 << this.write0;
    if (this.write1 >= 0) m |= 1 << this.write1;
    return m;
  }
}

/**
 * Reads legacy prefixes and REX at `pos`; fills prefixes, legacyCount, rex
 * and opcodeOffset. Returns the offset of the opcode, or -1 when the
 * prefixes run to `end`.
 */
export function scanPrefixes(bytes: Uint8Array, pos: number, end: number, insn: Insn): number {
  let p = pos;
  let prefixes = 0;
  while (p < end) {
    const bit = PREFIX_BIT[bytes[p]];
    if (bit === 0) break;
    if ((prefixes & bit) !== 0 && bit !== P_SEG_OTHER) prefixes |= P_DUPLICATE;
    else if (bit === P_SEG_OTHER && (prefixes & P_SEG_OTHER) !== 0) prefixes |= P_DUPLICATE;
    prefixes |= bit;
    p++;
  }
  insn.legacyCount = p - pos;
  let rex = 0;
  while (p < end && (bytes[p] & 0xf0) === 0x40) {
    if (rex !== 0) prefixes |= P_REX_NOT_LAST;
    rex = bytes[p];
    p++;
    // A legacy prefix after REX makes iced (and the CPU) ignore the REX.
    while (p < end && PREFIX_BIT[bytes[p]] !== 0) {
      prefixes |= P_REX_NOT_LAST | PREFIX_BIT[bytes[p]];
      rex = 0;
      p++;
    }
  }
  insn.prefixes = prefixes;
  insn.rex = rex;
  insn.opcodeOffset = p - pos;
  return p < end ? p : -1;
}
