/**
 * mul, imul (one, two and three operands), div, idiv.
 *
 * 32-bit products are computed exactly with 16-bit partial products in
 * doubles; 64-bit multiplies and divides of a 64/128-bit dividend use
 * BigInt, which is slow (~100 ns) but these are rare in NaCl code, whose
 * values are mostly 32-bit. A zero divisor or a quotient that does not fit
 * raises SIGFPE, as natively.
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
const MASK64 = (1n << 64n) - 1n;

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

function toBig(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

function toSignedBig(lo: number, hi: number): bigint {
  return BigInt.asIntN(64, toBig(lo, hi));
}

function lowWord(value: bigint): number {
  return Number(value & 0xffffffffn) | 0;
}

function highWord(value: bigint): number {
  return Number((value >> 32n) & 0xffffffffn) | 0;
}

/** mul r/m: rdx:rax (or ax) = accumulator * operand, unsigned. */
export function execMul(cpu: Cpu, insn: Insn): void {
  const regs = cpu.regs;
  const size = insn.size;
  let overflow: boolean;
  let lo: number;
  if (size === 8) {
    const b = readOperand0Wide(cpu, insn);
    const product = toBig(regs[0], regs[1]) * toBig(b, cpu.vHi);
    const high = product >> 64n;
    regs[0] = lowWord(product);
    regs[1] = highWord(product);
    regs[4] = lowWord(high);
    regs[5] = highWord(high);
    overflow = high !== 0n;
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
    const product = toSignedBig(regs[0], regs[1]) * toSignedBig(b, cpu.vHi);
    const wrapped = BigInt.asUintN(128, product);
    regs[0] = lowWord(wrapped);
    regs[1] = highWord(wrapped);
    regs[4] = lowWord(wrapped >> 64n);
    regs[5] = highWord(wrapped >> 64n);
    const overflow = BigInt.asIntN(64, product) !== product;
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
    const product = toSignedBig(a, ah) * toSignedBig(b, bh);
    const wrapped = BigInt.asIntN(64, product);
    const lo = lowWord(wrapped);
    const hi = highWord(wrapped);
    regs[insn.r0] = lo;
    regs[insn.r0 + 1] = hi;
    recordMultiplyFlags(cpu, wrapped !== product);
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
    const divisor = toBig(d, cpu.vHi);
    if (divisor === 0n) divideError();
    const dividend = (toBig(regs[4], regs[5]) << 64n) | toBig(regs[0], regs[1]);
    const q = dividend / divisor;
    if (q > MASK64) divideError();
    const rem = dividend % divisor;
    setPair(regs, 0, q);
    setPair(regs, 4, rem);
    return;
  }
  const divisor = readOperand0(cpu, insn) >>> 0;
  if (divisor === 0) divideError();
  if (size === 4) {
    const hi = regs[4] >>> 0;
    const lo = regs[0] >>> 0;
    if (hi >= divisor) divideError();
    let q: number;
    let rem: number;
    if (hi === 0) {
      q = Math.floor(lo / divisor);
      rem = lo - q * divisor;
    } else {
      const dividend = (BigInt(hi) << 32n) | BigInt(lo);
      const big = BigInt(divisor);
      q = Number(dividend / big);
      rem = Number(dividend % big);
    }
    regs[0] = q | 0;
    regs[1] = 0;
    regs[4] = rem | 0;
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
    const divisor = toSignedBig(d, cpu.vHi);
    if (divisor === 0n) divideError();
    const dividend = BigInt.asIntN(128, (toBig(regs[4], regs[5]) << 64n) | toBig(regs[0], regs[1]));
    const q = dividend / divisor;
    if (BigInt.asIntN(64, q) !== q) divideError();
    setPair(regs, 0, BigInt.asUintN(64, q));
    setPair(regs, 4, BigInt.asUintN(64, dividend % divisor));
    return;
  }
  const divisor = signExtend(size, readOperand0(cpu, insn));
  if (divisor === 0) divideError();
  if (size === 4) {
    const dividend = (BigInt(regs[4]) << 32n) | BigInt(regs[0] >>> 0);
    const big = BigInt(divisor);
    const q = dividend / big;
    if (BigInt.asIntN(32, q) !== q) divideError();
    regs[0] = Number(q) | 0;
    regs[1] = 0;
    regs[4] = Number(dividend % big) | 0;
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

function setPair(regs: Int32Array, slot: number, value: bigint): void {
  regs[slot] = lowWord(value);
  regs[slot + 1] = highWord(value);
}
