/**
 * What the validator needs to know about one decoded instruction, read from
 * iced-x86 once.
 *
 * Used in two places with the same code: the table generator
 * (table_builder.ts) applies it to one sample of every instruction form to
 * build the per-Code tables of the fast path, and the slow path
 * (decode_slow.ts) applies it to the rare instructions the fast path hands
 * over (VEX, segment prefixes, several legacy prefixes, ...).
 *
 * Written-register descriptors pack where a written general-purpose
 * register comes from in the encoding and its width:
 *   bits 0-2  location: LOC_NONE, LOC_REG (ModRM.reg + REX.R),
 *             LOC_RM (ModRM.rm + REX.B), LOC_OPLOW (opcode bits 0-2 +
 *             REX.B), LOC_FIXED (a register implied by the opcode)
 *   bits 3-4  width: 0 = 8, 1 = 16, 2 = 32, 3 = 64 bits
 *   bits 5-8  the register number (0 = rax ... 15 = r15) for LOC_FIXED, or
 *             the register seen in the sample for the other locations
 */
import { Register } from "../decoder/iced.js";

export const LOC_NONE = 0;
export const LOC_REG = 1;
export const LOC_RM = 2;
export const LOC_OPLOW = 3;
export const LOC_FIXED = 4;

export const WIDTH_8 = 0;
export const WIDTH_16 = 1;
export const WIDTH_32 = 2;
export const WIDTH_64 = 3;

/** Register number 0-15 of a general-purpose register, -1 otherwise. */
export function gprNumber(reg: number): number {
  if (reg >= Register.AL && reg <= Register.R15L) {
    const i = reg - Register.AL;
    if (i < 4) return i;
    if (i < 8) return i - 4; // AH..BH are the second bytes of rax..rbx
    return i - 4; // SPL..DIL = 4..7, R8L..R15L = 8..15 (same offset)
  }
  if (reg >= Register.AX && reg <= Register.R15W) return reg - Register.AX;
  if (reg >= Register.EAX && reg <= Register.R15D) return reg - Register.EAX;
  if (reg >= Register.RAX && reg <= Register.R15) return reg - Register.RAX;
  return -1;
}

/** The encoding field value (0-15) of a general-purpose register, -1 otherwise. */
export function gprField(reg: number): number {
  if (reg >= Register.AL && reg <= Register.R15L) {
    const i = reg - Register.AL;
    return i < 8 ? i : i - 4; // AH..BH encode as 4..7 without REX
  }
  return gprNumber(reg);
}

/** Width code (WIDTH_*) of a general-purpose register, -1 otherwise. */
export function gprWidth(reg: number): number {
  if (reg >= Register.AL && reg <= Register.R15L) return WIDTH_8;
  if (reg >= Register.AX && reg <= Register.R15W) return WIDTH_16;
  if (reg >= Register.EAX && reg <= Register.R15D) return WIDTH_32;
  if (reg >= Register.RAX && reg <= Register.R15) return WIDTH_64;
  return -1;
}

/** True for AH, CH, DH, BH. */
export function isHigh8(reg: number): boolean {
  return reg >= Register.AH && reg <= Register.BH;
}

/** Packs a written-register descriptor (see the module comment). */
export function packWrite(loc: number, width: number, reg: number): number {
  return loc | (width << 3) | (reg << 5);
}

export function writeLoc(desc: number): number {
  return desc & 7;
}

export function writeWidth(desc: number): number {
  return (desc >> 3) & 3;
}

export function writeReg(desc: number): number {
  return (desc >> 5) & 15;
}

/** iced EncodingKind values (not re-exported by src/decoder/iced.ts). */
export const ENCODING_LEGACY = 0;
export const ENCODING_VEX = 1;
export const ENCODING_EVEX = 2;
export const ENCODING_XOP = 3;
export const ENCODING_3DNOW = 4;
export const ENCODING_MVEX = 5;
