/**
 * mul, imul (one, two and three operands), div, idiv.
 *
 * Everything is exact arithmetic on plain numbers (no BigInt): products
 * from 16-bit partial products in doubles, 64-bit divisions in doubles when
 * both sides are below 2^52, 16 bits at a time for 32-bit divisors, and
 * 16-bit-limb long division otherwise. A zero divisor or a quotient that
 * does not fit raises SIGFPE, as natively.
 *
 * Flags: CF = OF = "the high half is significant". Intel leaves SF ZF AF PF
 * undefined; the host AMD EPYC keeps them unchanged, and so do we (see the
 * differential test). div/idiv leave all flags unchanged here; AMD changes
 * them in ways it does not document (a known quirk, docs/quirks.md).
 */
import type { Cpu } from "../cpu.js";
import type { Insn } from "../../decoder/insn.js";
import { Kind } from "../../decoder/insn.js";
import { FlagOp, getArithFlags, setArithFlags } from "../flags.js";
import { GuestFault, SIGFPE } from "../guest_fault.js";
import {
  readOperand0,
  readOperand0Wide,
  readOperand1,
  readOperand1Wide,
  readReg,
  truncate,
  writeReg,
} from "../operands.js";

const TWO_32 = 4294967296;
/** Operands below 2^52 divide exactly in doubles (with one correction step). */
const TWO_52 = 4503599627370496;

/** Holder of a second return value (the Cpu is one). */
export interface HighOut {
  vHi: number;
}

/**
 * Unsigned 64x64 -> 128 product of (aHi:aLo) and (bHi:bLo), schoolbook on
 * 16-bit limbs (every column sum stays below 2^35, exact in doubles).
 * Writes the low 64 bits to out[i] (low word) and out[i + 1]; returns the
 * low word of the high 64 bits and leaves its high word in h.vHi.
 */
export function multiplyUnsigned64(
  h: HighOut, out: Int32Array, i: number, aLo: number, aHi: number, bLo: number, bHi: number,
): number {
  const a0 = aLo & 0xffff, a1 = aLo >>> 16, a2 = aHi & 0xffff, a3 = aHi >>> 16;
  const b0 = bLo & 0xffff, b1 = bLo >>> 16, b2 = bHi & 0xffff, b3 = bHi >>> 16;
  let t = a0 * b0;
  const l0 = t & 0xffff;
  t = (t - l0) / 65536 + a0 * b1 + a1 * b0;
  const l1 = t & 0xffff;
  t = (t - l1) / 65536 + a0 * b2 + a1 * b1 + a2 * b0;
  const l2 = t & 0xffff;
  t = (t - l2) / 65536 + a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0;
  const l3 = t & 0xffff;
  t = (t - l3) / 65536 + a1 * b3 + a2 * b2 + a3 * b1;
  const l4 = t & 0xffff;
  t = (t - l4) / 65536 + a2 * b3 + a3 * b2;
  const l5 = t & 0xffff;
  t = (t - l5) / 65536 + a3 * b3;
  const l6 = t & 0xffff;
  const l7 = (t - l6) / 65536;
  out[i] = l0 | (l1 << 16);
  out[i + 1] = l2 | (l3 << 16);
  h.vHi = l6 | (l7 << 16);
  return l4 | (l5 << 16);
}

/**
 * Signed 64x64 -> 128 product: as multiplyUnsigned64, with the high half
 * corrected for negative operands (subtract b if a < 0, a if b < 0).
 */
export function multiplySigned64(
  h: HighOut, out: Int32Array, i: number, aLo: number, aHi: number, bLo: number, bHi: number,
): number {
  let lo = multiplyUnsigned64(h, out, i, aLo, aHi, bLo, bHi);
  let hi = h.vHi;
  if (aHi < 0) {
    hi = (hi - bHi - ((lo >>> 0) < (bLo >>> 0) ? 1 : 0)) | 0;
    lo = (lo - bLo) | 0;
  }
  if (bHi < 0) {
    hi = (hi - aHi - ((lo >>> 0) < (aLo >>> 0) ? 1 : 0)) | 0;
    lo = (lo - aLo) | 0;
  }
  h.vHi = hi;
  return lo;
}

/** True when the unsigned 64-bit (aHi:aLo) is below (bHi:bLo). */
function below64(aLo: number, aHi: number, bLo: number, bHi: number): boolean {
  return aHi !== bHi ? aHi >>> 0 < bHi >>> 0 : aLo >>> 0 < bLo >>> 0;
}

/** Writes the non-negative integer double v (< 2^53) as two words. */
function storeNumber(out: Int32Array, i: number, v: number): void {
  out[i] = v % TWO_32 | 0;
  out[i + 1] = Math.floor(v / TWO_32) | 0;
}

/**
 * Unsigned 128/64 division of (n3:n2:n1:n0) by (dHi:dLo), both as 32-bit
 * words. The caller guarantees a non-zero divisor and (n3:n2) < (dHi:dLo),
 * i.e. a quotient below 2^64. Writes the quotient to out[iq], out[iq + 1]
 * and the remainder to out[ir], out[ir + 1] (after reading every input, so
 * out may be the register file the inputs came from).
 */
export function divideUnsigned128(
  out: Int32Array, iq: number, ir: number,
  n3: number, n2: number, n1: number, n0: number, dLo: number, dHi: number,
): void {
  const ud = dHi >>> 0;
  if ((n3 | n2) === 0 && n1 >>> 0 < 0x100000 && ud < 0x100000) {
    // Both below 2^52: exact in doubles.
    const n = (n1 >>> 0) * TWO_32 + (n0 >>> 0);
    const d = ud * TWO_32 + (dLo >>> 0);
    let q = Math.floor(n / d);
    let r = n - q * d;
    if (r < 0) { q--; r += d; } else if (r >= d) { q++; r -= d; }
    storeNumber(out, iq, q);
    storeNumber(out, ir, r);
    return;
  }
  if (ud === 0) {
    // 32-bit divisor: then n3 = 0 and n2 < d; divide 16 bits at a time
    // (every partial dividend is below 2^48).
    const d = dLo >>> 0;
    let x = (n2 >>> 0) * 65536 + (n1 >>> 16);
    const q3 = chunkQuotient(x, d);
    x = (x - q3 * d) * 65536 + (n1 & 0xffff);
    const q2 = chunkQuotient(x, d);
    x = (x - q2 * d) * 65536 + (n0 >>> 16);
    const q1 = chunkQuotient(x, d);
    x = (x - q1 * d) * 65536 + (n0 & 0xffff);
    const q0 = chunkQuotient(x, d);
    const r = x - q0 * d;
    out[iq] = q0 | (q1 << 16);
    out[iq + 1] = q2 | (q3 << 16);
    out[ir] = r | 0;
    out[ir + 1] = 0;
    return;
  }
  divideLimbs(out, iq, ir, n3, n2, n1, n0, dLo, dHi);
}

/** floor(x / d) for x < 2^48: the rounded double quotient is at most one too high. */
function chunkQuotient(x: number, d: number): number {
  const q = Math.floor(x / d);
  return x - q * d < 0 ? q - 1 : q;
}

/**
 * Long division on 16-bit limbs for divisors of 2^32 and above (Knuth's
 * algorithm D: normalise so the divisor's top limb has its top bit set,
 * estimate each quotient limb from the top two limbs, correct by at most
 * two, multiply-subtract, add back on the rare over-estimate).
 */
function divideLimbs(
  out: Int32Array, iq: number, ir: number,
  n3: number, n2: number, n1: number, n0: number, dLo: number, dHi: number,
): void {
  const v = [dLo & 0xffff, dLo >>> 16, dHi & 0xffff, dHi >>> 16];
  let nv = 4;
  while (v[nv - 1] === 0) nv--;
  const s = Math.clz32(v[nv - 1]) - 16;
  const vn = [0, 0, 0, 0];
  for (let k = nv - 1; k > 0; k--) vn[k] = ((v[k] << s) | (v[k - 1] >>> (16 - s))) & 0xffff;
  vn[0] = (v[0] << s) & 0xffff;
  const u = [n0 & 0xffff, n0 >>> 16, n1 & 0xffff, n1 >>> 16, n2 & 0xffff, n2 >>> 16, n3 & 0xffff, n3 >>> 16];
  const un = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  un[8] = u[7] >>> (16 - s);
  for (let k = 7; k > 0; k--) un[k] = ((u[k] << s) | (u[k - 1] >>> (16 - s))) & 0xffff;
  un[0] = (u[0] << s) & 0xffff;
  const top = vn[nv - 1];
  const next = vn[nv - 2];
  const q = [0, 0, 0, 0, 0, 0];
  for (let j = 8 - nv; j >= 0; j--) {
    const num = un[j + nv] * 65536 + un[j + nv - 1];
    let qhat = Math.floor(num / top);
    let rhat = num - qhat * top;
    while (qhat >= 65536 || qhat * next > rhat * 65536 + un[j + nv - 2]) {
      qhat--;
      rhat += top;
      if (rhat >= 65536) break;
    }
    let borrow = 0;
    for (let k = 0; k < nv; k++) {
      const p = qhat * vn[k];
      const t = un[k + j] - borrow - (p & 0xffff);
      un[k + j] = t & 0xffff;
      borrow = (p >>> 16) - (t >> 16);
    }
    const t = un[j + nv] - borrow;
    un[j + nv] = t & 0xffff;
    if (t < 0) {
      qhat--;
      let carry = 0;
      for (let k = 0; k < nv; k++) {
        const sum = un[k + j] + vn[k] + carry;
        un[k + j] = sum & 0xffff;
        carry = sum >>> 16;
      }
      un[j + nv] = (un[j + nv] + carry) & 0xffff;
    }
    q[j] = qhat;
  }
  const r = [0, 0, 0, 0];
  for (let k = 0; k < nv; k++) r[k] = ((un[k] >>> s) | (un[k + 1] << (16 - s))) & 0xffff;
  out[iq] = q[0] | (q[1] << 16);
  out[iq + 1] = q[2] | (q[3] << 16);
  out[ir] = r[0] | (r[1] << 16);
  out[ir + 1] = r[2] | (r[3] << 16);
}

/** Unsigned 32x32 -> 64 product: returns lo, leaves hi in cpu.vHi. */
export function multiplyUnsigned32(cpu: Cpu, a: number, b: number): number {
  const ua = a >>> 0;
  const ub = b >>> 0;
  const p0 = ua * (ub & 0xffff);
  const p1 = ua * (ub >>> 16);
  const mid = (p0 % TWO_32) + (p1 % 65536) * 65536;
  cpu.vHi = (Math.floor(p0 / TWO_32) + Math.floor(p1 / 65536) + Math.floor(mid / TWO_32)) | 0;
  return mid % TWO_32 | 0;
}

/** Signed 32x32 -> 64 product: returns lo, leaves hi in cpu.vHi. */
function multiplySigned32(cpu: Cpu, a: number, b: number): number {
  const lo = multiplyUnsigned32(cpu, a, b);
  let hi = cpu.vHi;
  if (a < 0) hi = (hi - b) | 0;
  if (b < 0) hi = (hi - a) | 0;
  cpu.vHi = hi;
  return lo;
}

/** Sets CF = OF = overflow and keeps SF ZF AF PF, as the host AMD CPU does. */
export function recordMultiplyFlags(cpu: Cpu, overflow: boolean): void {
  const op = cpu.fOp;
  // Records whose CF and OF are explicit bits stay lazy: patch those bits.
  if (op === FlagOp.Result || op === FlagOp.Eager) {
    cpu.fAux = (cpu.fAux & ~0x801) | (overflow ? 0x801 : 0);
    return;
  }
  if (op === FlagOp.Logic && !overflow) return;
  setArithFlags(cpu, (getArithFlags(cpu) & 0xd4) | (overflow ? 0x801 : 0));
}

/** mul r/m: rdx:rax (or ax) = accumulator * operand, unsigned. */
export function execMul(cpu: Cpu, insn: Insn): void {
  const regs = cpu.regs;
  const size = insn.size;
  let overflow: boolean;
  let lo: number;
  if (size === 8) {
    const b = readOperand0Wide(cpu, insn);
    const highLo = multiplyUnsigned64(cpu, regs, 0, regs[0], regs[1], b, cpu.vHi);
    regs[4] = highLo;
    regs[5] = cpu.vHi;
    overflow = (highLo | cpu.vHi) !== 0;
    recordMultiplyFlags(cpu, overflow);
    return;
  }
  const b = readOperand0(cpu, insn);
  if (size === 4) {
    lo = multiplyUnsigned32(cpu, regs[0], b);
    regs[0] = lo;
    regs[1] = 0;
    regs[4] = cpu.vHi;
    regs[5] = 0;
    overflow = cpu.vHi !== 0;
  } else if (size === 2) {
    const p = (regs[0] & 0xffff) * b;
    lo = p & 0xffff;
    writeReg(regs, 0, 0, 2, lo);
    writeReg(regs, 4, 0, 2, p >>> 16);
    overflow = p >>> 16 !== 0;
  } else {
    const p = (regs[0] & 0xff) * b;
    lo = p & 0xff;
    writeReg(regs, 0, 0, 2, p);
    overflow = p >>> 8 !== 0;
  }
  recordMultiplyFlags(cpu, overflow);
}

/** imul r/m: signed rdx:rax = accumulator * operand. */
export function execImul1(cpu: Cpu, insn: Insn): void {
  const regs = cpu.regs;
  const size = insn.size;
  if (size === 8) {
    const b = readOperand0Wide(cpu, insn);
    const highLo = multiplySigned64(cpu, regs, 0, regs[0], regs[1], b, cpu.vHi);
    regs[4] = highLo;
    regs[5] = cpu.vHi;
    const sign = regs[1] >> 31;
    const overflow = highLo !== sign || cpu.vHi !== sign;
    recordMultiplyFlags(cpu, overflow);
    return;
  }
  const b = signExtend(size, readOperand0(cpu, insn));
  const a = signExtend(size, readReg(regs, 0, 0, size));
  let lo: number;
  let overflow: boolean;
  if (size === 4) {
    lo = multiplySigned32(cpu, a, b);
    regs[0] = lo;
    regs[1] = 0;
    regs[4] = cpu.vHi;
    regs[5] = 0;
    overflow = cpu.vHi !== lo >> 31;
  } else {
    const p = a * b;
    lo = truncate(size, p);
    if (size === 2) {
      writeReg(regs, 0, 0, 2, p);
      writeReg(regs, 4, 0, 2, p >> 16);
    } else {
      writeReg(regs, 0, 0, 2, p);
    }
    overflow = signExtend(size, lo) !== p;
  }
  recordMultiplyFlags(cpu, overflow);
}

/** imul r, r/m (Imul2) and imul r, r/m, imm (Imul3): truncated product. */
export function execImul(cpu: Cpu, insn: Insn, threeOperands: boolean): void {
  const size = insn.size;
  const regs = cpu.regs;
  if (size === 8) {
    let a: number;
    let ah: number;
    let b: number;
    let bh: number;
    if (threeOperands) {
      a = readSourceWide(cpu, insn);
      ah = cpu.vHi;
      b = insn.immLo;
      bh = insn.immHi;
    } else {
      a = regs[insn.r0];
      ah = regs[insn.r0 + 1];
      b = readOperand1Wide(cpu, insn);
      bh = cpu.vHi;
    }
    const r0 = insn.r0;
    if (ah === a >> 31 && bh === b >> 31) {
      // Both fit in 32 bits: the signed 64-bit product is exact, no overflow.
      regs[r0] = multiplySigned32(cpu, a, b);
      regs[r0 + 1] = cpu.vHi;
      recordMultiplyFlags(cpu, false);
      return;
    }
    const highLo = multiplySigned64(cpu, regs, r0, a, ah, b, bh);
    const sign = regs[r0 + 1] >> 31;
    recordMultiplyFlags(cpu, highLo !== sign || cpu.vHi !== sign);
    return;
  }
  let a: number;
  let b: number;
  if (threeOperands) {
    a = signExtend(size, readSource(cpu, insn));
    b = signExtend(size, insn.immLo);
  } else {
    a = signExtend(size, readReg(regs, insn.r0, insn.s0, size));
    b = signExtend(size, readOperand1(cpu, insn));
  }
  let r: number;
  let overflow: boolean;
  if (size === 4) {
    r = Math.imul(a, b);
    overflow = a * b !== r;
  } else {
    const p = a * b;
    r = truncate(size, p);
    overflow = signExtend(size, r) !== p;
  }
  writeReg(regs, insn.r0, insn.s0, size, r);
  recordMultiplyFlags(cpu, overflow);
}

/** Operand 1 of imul3 (register or memory), size <= 4. */
function readSource(cpu: Cpu, insn: Insn): number {
  return insn.k1 === Kind.Imm ? insn.immLo : readOperand1(cpu, insn);
}

function readSourceWide(cpu: Cpu, insn: Insn): number {
  return readOperand1Wide(cpu, insn);
}

function signExtend(size: number, value: number): number {
  if (size === 4) return value | 0;
  if (size === 1) return (value << 24) >> 24;
  return (value << 16) >> 16;
}

function divideError(): never {
  throw new GuestFault(SIGFPE);
}

/** div r/m: unsigned rdx:rax / operand; quotient in rax, remainder in rdx. */
export function execDiv(cpu: Cpu, insn: Insn): void {
  const regs = cpu.regs;
  const size = insn.size;
  if (size === 8) {
    const d = readOperand0Wide(cpu, insn);
    const dHi = cpu.vHi;
    if ((d | dHi) === 0) divideError();
    // The quotient fits in 64 bits exactly when rdx < divisor.
    if (!below64(regs[4], regs[5], d, dHi)) divideError();
    divideUnsigned128(regs, 0, 4, regs[5], regs[4], regs[1], regs[0], d, dHi);
    return;
  }
  const divisor = readOperand0(cpu, insn) >>> 0;
  if (divisor === 0) divideError();
  if (size === 4) {
    const hi = regs[4] >>> 0;
    const lo = regs[0] >>> 0;
    if (hi >= divisor) divideError();
    if (hi === 0) {
      const q = Math.floor(lo / divisor);
      regs[0] = q | 0;
      regs[4] = (lo - q * divisor) | 0;
    } else {
      divideUnsigned128(regs, 0, 4, 0, 0, hi, lo, divisor, 0);
    }
    regs[1] = 0;
    regs[5] = 0;
    return;
  }
  const bits = size * 8;
  const dividend =
    size === 2 ? (regs[4] & 0xffff) * 65536 + (regs[0] & 0xffff) : regs[0] & 0xffff;
  const q = Math.floor(dividend / divisor);
  if (q >= 2 ** bits) divideError();
  const rem = dividend - q * divisor;
  storeQuotient(regs, size, q, rem);
}

/** idiv r/m: signed division, truncating toward zero. */
export function execIdiv(cpu: Cpu, insn: Insn): void {
  const regs = cpu.regs;
  const size = insn.size;
  if (size === 8) {
    const d = readOperand0Wide(cpu, insn);
    divideSigned128(cpu, regs, d, cpu.vHi);
    return;
  }
  const divisor = signExtend(size, readOperand0(cpu, insn));
  if (divisor === 0) divideError();
  if (size === 4) {
    const lo = regs[0];
    const hi = regs[4];
    if (hi === lo >> 31) {
      // edx:eax is a sign-extended 32-bit value: exact in doubles.
      const q = Math.trunc(lo / divisor);
      if (q === 2147483648) divideError();
      regs[0] = q | 0;
      regs[4] = (lo - q * divisor) | 0;
    } else {
      // Magnitudes: |dividend| < 2^63, |divisor| <= 2^31.
      let nLo = lo;
      let nHi = hi;
      if (hi < 0) {
        nLo = -lo | 0;
        nHi = (~hi + (nLo === 0 ? 1 : 0)) | 0;
      }
      const ad = Math.abs(divisor);
      if (nHi >>> 0 >= ad) divideError();
      const raxHigh = regs[1];
      const rdxHigh = regs[5];
      divideUnsigned128(regs, 0, 4, 0, 0, nHi, nLo, ad, 0);
      const q = regs[0] >>> 0;
      const negative = hi < 0 !== divisor < 0;
      if (q > (negative ? 2147483648 : 2147483647)) {
        regs[0] = lo;
        regs[1] = raxHigh;
        regs[4] = hi;
        regs[5] = rdxHigh;
        divideError();
      }
      if (negative) regs[0] = -q | 0;
      if (hi < 0) regs[4] = -regs[4] | 0;
    }
    regs[1] = 0;
    regs[5] = 0;
    return;
  }
  const bits = size * 8;
  const dividend =
    size === 2 ? ((regs[4] << 16) | (regs[0] & 0xffff)) : (regs[0] << 16) >> 16;
  const q = Math.trunc(dividend / divisor);
  if (q >= 2 ** (bits - 1) || q < -(2 ** (bits - 1))) divideError();
  const rem = dividend - q * divisor;
  storeQuotient(regs, size, q, rem);
}

/** Stores an 8-bit (al, ah) or 16-bit (ax, dx) quotient and remainder. */
function storeQuotient(regs: Int32Array, size: number, q: number, rem: number): void {
  if (size === 2) {
    writeReg(regs, 0, 0, 2, q);
    writeReg(regs, 4, 0, 2, rem);
  } else {
    writeReg(regs, 0, 0, 1, q);
    writeReg(regs, 0, 8, 1, rem);
  }
}

/** Negates the 64-bit (hi:lo) in place in out[i], out[i + 1]. */
function negatePair(out: Int32Array, i: number): void {
  const lo = -out[i] | 0;
  out[i] = lo;
  out[i + 1] = (~out[i + 1] + (lo === 0 ? 1 : 0)) | 0;
}

/**
 * idiv of rdx:rax by the 64-bit (dHi:dLo), truncating toward zero: divides
 * the magnitudes, then checks the quotient fits in a signed 64-bit value
 * (restoring rax and rdx before faulting).
 */
function divideSigned128(cpu: Cpu, regs: Int32Array, dLo: number, dHi: number): void {
  if ((dLo | dHi) === 0) divideError();
  const n0 = regs[0];
  const n1 = regs[1];
  const n2 = regs[4];
  const n3 = regs[5];
  if (
    n3 === n1 >> 31 && n2 === n3 &&
    n1 >= -0x100000 && n1 < 0x100000 && dHi >= -0x100000 && dHi < 0x100000
  ) {
    // Both sides below 2^52 in magnitude: exact in doubles, cannot overflow.
    const n = n1 * TWO_32 + (n0 >>> 0);
    const d = dHi * TWO_32 + (dLo >>> 0);
    const an = Math.abs(n);
    const ad = Math.abs(d);
    let q = Math.floor(an / ad);
    let r = an - q * ad;
    if (r < 0) { q--; r += ad; } else if (r >= ad) { q++; r -= ad; }
    if (n < 0 !== d < 0) q = -q;
    if (n < 0) r = -r;
    regs[0] = q % TWO_32 | 0;
    regs[1] = Math.floor(q / TWO_32) | 0;
    regs[4] = r % TWO_32 | 0;
    regs[5] = Math.floor(r / TWO_32) | 0;
    return;
  }
  // Magnitude of the dividend (two's complement negation over 128 bits).
  let m0 = n0, m1 = n1, m2 = n2, m3 = n3;
  const dividendNegative = n3 < 0;
  if (dividendNegative) {
    m0 = -n0 | 0;
    let carry = m0 === 0 ? 1 : 0;
    m1 = (~n1 + carry) | 0;
    carry = carry && m1 === 0 ? 1 : 0;
    m2 = (~n2 + carry) | 0;
    carry = carry && m2 === 0 ? 1 : 0;
    m3 = (~n3 + carry) | 0;
  }
  let a0 = dLo, a1 = dHi;
  const divisorNegative = dHi < 0;
  if (divisorNegative) {
    a0 = -dLo | 0;
    a1 = (~dHi + (a0 === 0 ? 1 : 0)) | 0;
  }
  if (!below64(m2, m3, a0, a1)) divideError();
  divideUnsigned128(regs, 0, 4, m3, m2, m1, m0, a0, a1);
  const negative = dividendNegative !== divisorNegative;
  const qHi = regs[1];
  // |q| may reach 2^63 only when the quotient is negative.
  if (qHi < 0 && !(negative && qHi === -0x80000000 && regs[0] === 0)) {
    regs[0] = n0;
    regs[1] = n1;
    regs[4] = n2;
    regs[5] = n3;
    divideError();
  }
  if (negative) negatePair(regs, 0);
  if (dividendNegative) negatePair(regs, 4);
}
