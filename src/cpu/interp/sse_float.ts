/**
 * Scalar SSE floating point: movsd/movss, add/sub/mul/div/min/max/sqrt
 * sd/ss, ucomis/comis, and the conversions cvtsi2sd/ss, cvt(t)sd2si,
 * cvt(t)ss2si, cvtss2sd, cvtsd2ss.
 *
 * JavaScript arithmetic is IEEE 754 double with round-to-nearest-even, so
 * double results are exact matches of SSE's; single precision computes in
 * double and rounds once with Math.fround, which is also exact for these
 * operations. NaN results follow x86 rules (a NaN operand propagates
 * quieted, first operand first; an invalid operation gives the "default
 * NaN" with the sign bit set), since JavaScript's NaN has no fixed bits.
 *
 * Not modelled (docs/quirks.md): MXCSR rounding modes other than nearest
 * for arithmetic, flush-to-zero/denormals-are-zero, and the MXCSR exception
 * flags (stmxcsr after floating point shows none raised).
 */
import type { Cpu } from "../cpu.js";
import type { Insn } from "../../decoder/insn.js";
import { Kind, Op } from "../../decoder/insn.js";
import { setArithFlags } from "../flags.js";
import { checkAccess, effectiveAddress, segv } from "../operands.js";

const TWO_32 = 4294967296;
/** What conversions produce for NaN or out-of-range values (the sign bit alone). */
const INTEGER_INDEFINITE_32 = -0x80000000;

/**
 * Raw bits of operand 1 (xmm low element or memory) into cpu.vec[0..1]:
 * vec[0] = low 32 bits, vec[1] = high 32 bits (8-byte elements).
 */
function loadSourceBits(cpu: Cpu, insn: Insn, size: number): void {
  const vec = cpu.vec;
  if (insn.k1 === Kind.Xmm) {
    vec[0] = cpu.xmm[insn.r1 * 4];
    vec[1] = cpu.xmm[insn.r1 * 4 + 1];
    return;
  }
  const address = effectiveAddress(cpu, insn) >>> 0;
  checkAccess(cpu, address, size, 1);
  vec[0] = cpu.view.getInt32(address, true);
  vec[1] = size === 8 ? cpu.view.getInt32(address + 4, true) : 0;
}

/** movsd/movss: register-to-register keeps the upper bits, a load zeroes them. */
export function execMovScalar(cpu: Cpu, insn: Insn): void {
  const x = cpu.xmm;
  const size = insn.size;
  if (insn.k0 === Kind.Mem) {
    const address = effectiveAddress(cpu, insn) >>> 0;
    checkAccess(cpu, address, size, 2);
    const s = insn.r1 * 4;
    cpu.view.setInt32(address, x[s], true);
    if (size === 8) cpu.view.setInt32(address + 4, x[s + 1], true);
    return;
  }
  loadSourceBits(cpu, insn, size);
  const d = insn.r0 * 4;
  x[d] = cpu.vec[0];
  if (size === 8) x[d + 1] = cpu.vec[1];
  if (insn.k1 === Kind.Mem) {
    if (size === 4) x[d + 1] = 0;
    x[d + 2] = 0;
    x[d + 3] = 0;
  }
}

/** Operand 1 as a number (double or single widened). */
function sourceValue(cpu: Cpu, insn: Insn, size: number): number {
  loadSourceBits(cpu, insn, size);
  return size === 8 ? cpu.vecF64[0] : cpu.vecF32[0];
}

/** add/sub/mul/div/min/max/sqrt, scalar double (size 8) or single (size 4). */
export function execFpArith(cpu: Cpu, insn: Insn): void {
  const size = insn.size;
  const b = sourceValue(cpu, insn, size);
  const bLo = cpu.vec[0];
  const bHi = cpu.vec[1];
  const d = insn.r0 * 4;
  const a = size === 8 ? cpu.xmmF64[d >>> 1] : cpu.xmmF32[d];
  let r: number;
  switch (insn.op) {
    case Op.FpAdd:
    case Op.FpAddRR64:
      r = a + b;
      break;
    case Op.FpSub:
    case Op.FpSubRR64:
      r = a - b;
      break;
    case Op.FpMul:
    case Op.FpMulRR64:
      r = a * b;
      break;
    case Op.FpDiv:
      r = a / b;
      break;
    case Op.FpMin:
      // Any NaN, or both zeros: the second operand, bit for bit.
      if (!(a < b)) {
        copyBits(cpu, d, size, bLo, bHi);
        return;
      }
      return;
    case Op.FpMax:
      if (!(a > b)) {
        copyBits(cpu, d, size, bLo, bHi);
        return;
      }
      return;
    default:
      r = Math.sqrt(b);
      if (Number.isNaN(r)) {
        writeNaN(cpu, d, size, Number.isNaN(b), bLo, bHi, false, 0, 0);
        return;
      }
      writeResult(cpu, d, size, r);
      return;
  }
  if (Number.isNaN(r)) {
    const x = cpu.xmm;
    writeNaN(cpu, d, size, Number.isNaN(a), x[d], x[d + 1], Number.isNaN(b), bLo, bHi);
    return;
  }
  writeResult(cpu, d, size, r);
}

function writeResult(cpu: Cpu, d: number, size: number, r: number): void {
  if (size === 8) cpu.xmmF64[d >>> 1] = r;
  else cpu.xmmF32[d] = r;
}

function copyBits(cpu: Cpu, d: number, size: number, lo: number, hi: number): void {
  cpu.xmm[d] = lo;
  if (size === 8) cpu.xmm[d + 1] = hi;
}

/**
 * Writes x86's NaN result: the first NaN operand quieted, else the second,
 * else the default NaN (sign set, quiet, zero payload).
 */
function writeNaN(
  cpu: Cpu, d: number, size: number,
  firstIsNaN: boolean, firstLo: number, firstHi: number,
  secondIsNaN: boolean, secondLo: number, secondHi: number,
): void {
  let lo: number;
  let hi: number;
  if (firstIsNaN) {
    lo = firstLo;
    hi = firstHi;
  } else if (secondIsNaN) {
    lo = secondLo;
    hi = secondHi;
  } else {
    lo = size === 8 ? 0 : 0xffc00000 | 0;
    hi = 0xfff80000 | 0;
  }
  if (size === 8) {
    cpu.xmm[d] = lo;
    cpu.xmm[d + 1] = hi | 0x80000;
  } else {
    cpu.xmm[d] = lo | 0x400000;
  }
}

/** ucomisd/comisd/ucomiss/comiss: ZF PF CF; OF SF AF cleared. */
export function execFpCompare(cpu: Cpu, insn: Insn): void {
  const size = insn.size;
  const b = sourceValue(cpu, insn, size);
  const d = insn.r0 * 4;
  const a = size === 8 ? cpu.xmmF64[d >>> 1] : cpu.xmmF32[d];
  let flags: number;
  if (Number.isNaN(a) || Number.isNaN(b)) flags = 0x45; // ZF PF CF
  else if (a > b) flags = 0;
  else if (a < b) flags = 0x1;
  else flags = 0x40;
  setArithFlags(cpu, flags);
}

/** cvtsi2sd/cvtsi2ss: signed integer (r/m32 or r/m64) to floating point. */
export function execCvtIntToFp(cpu: Cpu, insn: Insn): void {
  let value: number;
  if (insn.k1 === Kind.Reg) {
    value = insn.size2 === 8 ? int64Value(cpu.regs[insn.r1], cpu.regs[insn.r1 + 1], insn.size) : cpu.regs[insn.r1];
  } else {
    loadSourceBits(cpu, insn, insn.size2);
    value = insn.size2 === 8 ? int64Value(cpu.vec[0], cpu.vec[1], insn.size) : cpu.vec[0];
  }
  writeResult(cpu, insn.r0 * 4, insn.size, value);
}

/**
 * A signed 64-bit integer as the nearest double (one rounding: hi * 2^32 is
 * exact). For single precision above 2^53 that double would be rounded a
 * second time by the store, so the value is rounded straight to 24 bits.
 */
function int64Value(lo: number, hi: number, floatSize: number): number {
  const value = hi * TWO_32 + (lo >>> 0);
  if (floatSize === 8 || Math.abs(value) < 2 ** 53) return value;
  return roundToSingle(BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo >>> 0)));
}

/** Rounds a 64-bit integer straight to the nearest single (ties to even). */
function roundToSingle(value: bigint): number {
  const negative = value < 0n;
  let magnitude = negative ? -value : value;
  const bits = magnitude.toString(2).length;
  if (bits > 24) {
    const drop = BigInt(bits - 24);
    const half = 1n << (drop - 1n);
    const rest = magnitude & ((1n << drop) - 1n);
    magnitude >>= drop;
    if (rest > half || (rest === half && (magnitude & 1n) === 1n)) magnitude += 1n;
    magnitude <<= drop;
  }
  return negative ? -Number(magnitude) : Number(magnitude);
}

/** cvttsd2si/cvttss2si (truncate) and cvtsd2si/cvtss2si (MXCSR rounding). */
export function execCvtFpToInt(cpu: Cpu, insn: Insn): void {
  const value = sourceValue(cpu, insn, insn.size2);
  const rounded = insn.op === Op.CvtFpToIntTrunc ? Math.trunc(value) : roundByMxcsr(cpu.mxcsr, value);
  const regs = cpu.regs;
  if (insn.size === 4) {
    const fits = rounded >= -0x80000000 && rounded <= 0x7fffffff;
    regs[insn.r0] = fits ? rounded : INTEGER_INDEFINITE_32;
    regs[insn.r0 + 1] = 0;
    return;
  }
  const fits = rounded >= -(2 ** 63) && rounded < 2 ** 63;
  if (!fits) {
    regs[insn.r0] = 0;
    regs[insn.r0 + 1] = INTEGER_INDEFINITE_32;
    return;
  }
  const big = BigInt.asUintN(64, BigInt(rounded));
  regs[insn.r0] = Number(big & 0xffffffffn) | 0;
  regs[insn.r0 + 1] = Number(big >> 32n) | 0;
}

/** Rounds per MXCSR.RC: 0 nearest even, 1 down, 2 up, 3 toward zero. */
function roundByMxcsr(mxcsr: number, value: number): number {
  switch ((mxcsr >>> 13) & 3) {
    case 0: {
      if (!Number.isFinite(value)) return value;
      const floor = Math.floor(value);
      const diff = value - floor;
      if (diff > 0.5) return floor + 1;
      if (diff < 0.5) return floor;
      return floor % 2 === 0 ? floor : floor + 1;
    }
    case 1:
      return Math.floor(value);
    case 2:
      return Math.ceil(value);
    default:
      return Math.trunc(value);
  }
}

/** cvtss2sd (widen, exact) and cvtsd2ss (round to single). */
export function execCvtFpToFp(cpu: Cpu, insn: Insn): void {
  const value = sourceValue(cpu, insn, insn.size2);
  const d = insn.r0 * 4;
  if (Number.isNaN(value)) {
    // Keep the payload's top bits, quieted, as the hardware converts NaNs.
    const lo = cpu.vec[0];
    const hi = cpu.vec[1];
    if (insn.size === 8) {
      cpu.xmm[d] = lo << 29;
      cpu.xmm[d + 1] = (lo & 0x80000000) | 0x7ff80000 | ((lo >>> 3) & 0x7ffff);
    } else {
      cpu.xmm[d] = (hi & 0x80000000) | 0x7fc00000 | ((hi << 3) & 0x3ffff8) | (lo >>> 29);
    }
    return;
  }
  writeResult(cpu, d, insn.size, value);
}


/** addpd/subpd/mulpd/divpd and the ps forms, lane by lane (size = lane bytes). */
export function execFpPacked(cpu: Cpu, insn: Insn): void {
  const vec = cpu.vec;
  if (insn.k1 === Kind.Xmm) {
    vec.set(cpu.xmm.subarray(insn.r1 * 4, insn.r1 * 4 + 4));
  } else {
    const address = effectiveAddress(cpu, insn) >>> 0;
    if ((address & 15) !== 0) segv();
    checkAccess(cpu, address, 16, 1);
    for (let i = 0; i < 4; i++) vec[i] = cpu.view.getInt32(address + 4 * i, true);
  }
  const size = insn.size;
  const lanes = 16 / size;
  const x = cpu.xmm;
  for (let lane = 0; lane < lanes; lane++) {
    const d = insn.r0 * 4 + (lane * size) / 4;
    const s = (lane * size) / 4;
    const a = size === 8 ? cpu.xmmF64[d >>> 1] : cpu.xmmF32[d];
    const b = size === 8 ? cpu.vecF64[s >>> 1] : cpu.vecF32[s];
    let r: number;
    switch (insn.op) {
      case Op.FpPackedAdd:
        r = a + b;
        break;
      case Op.FpPackedSub:
        r = a - b;
        break;
      case Op.FpPackedMul:
        r = a * b;
        break;
      default:
        r = a / b;
        break;
    }
    if (Number.isNaN(r)) {
      writeNaN(cpu, d, size, Number.isNaN(a), x[d], x[d + 1], Number.isNaN(b), vec[s], vec[s + 1]);
    } else {
      writeResult(cpu, d, size, r);
    }
  }
}
