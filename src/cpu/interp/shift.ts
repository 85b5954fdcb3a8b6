/**
 * Shifts and rotates: shl/sal, shr, sar, rol, ror, rcl, rcr, shld, shrd.
 *
 * The count is masked to 5 bits (6 for 64-bit operands). A masked count of
 * 0 leaves the flags alone (a 32-bit register destination is still written,
 * which zeroes its high half). CF is the last bit shifted out. For counts
 * above 1, where Intel leaves OF undefined, we follow the host AMD EPYC
 * (measured by the differential test): left shifts and rotates set
 * OF = MSB(result) ^ CF, right ones OF = bit n-1 ^ bit n-2 of the result.
 * Shifts (not rotates) set AF to 1 on AMD; rotates keep SF ZF AF PF.
 */
import type { Cpu } from "../cpu.js";
import type { Insn } from "../../decoder/insn.js";
import { Kind, Op } from "../../decoder/insn.js";
import { AF, CF, OF, getArithFlags, getCF, recordResult, setArithFlags } from "../flags.js";
import {
  readOperand0,
  readOperand0Wide,
  truncate,
  writeOperand0,
  writeOperand0Wide,
} from "../operands.js";

/** Shift count from cl or the immediate, masked as the hardware does. */
function shiftCount(cpu: Cpu, insn: Insn): number {
  const raw = insn.k1 === Kind.Reg ? cpu.regs[2] : insn.immLo;
  return raw & (insn.size === 8 ? 63 : 31);
}

export function execShift(cpu: Cpu, insn: Insn): void {
  const count = shiftCount(cpu, insn);
  if (insn.size === 8) {
    execShiftWide(cpu, insn, count);
    return;
  }
  const a = readOperand0(cpu, insn);
  if (count === 0) {
    writeOperand0(cpu, insn, a, true);
    return;
  }
  const bits = insn.size * 8;
  let r: number;
  let cf: number;
  let of: number;
  switch (insn.op) {
    case Op.Shl:
      r = truncate(insn.size, a << count);
      cf = count <= bits ? ((a << (count - 1)) >>> (bits - 1)) & 1 : 0;
      of = (r >>> (bits - 1)) & 1 ^ cf;
      break;
    case Op.Shr:
      r = count >= 32 ? 0 : (a >>> 0) >>> count;
      r = truncate(insn.size, r);
      cf = ((a >>> 0) >>> (count - 1)) & 1;
      of = ((r >>> (bits - 1)) ^ (r >>> (bits - 2))) & 1;
      break;
    case Op.Sar: {
      const signed = (a << (32 - bits)) >> (32 - bits);
      r = truncate(insn.size, signed >> count);
      cf = (signed >> (count - 1)) & 1;
      of = 0;
      break;
    }
    default:
      execRotate(cpu, insn, a, count);
      return;
  }
  writeOperand0(cpu, insn, r, true);
  recordResult(cpu, insn.size, r, 0, cf | AF | (of << 11));
}

/** rol, ror, rcl, rcr on 8/16/32-bit operands. */
function execRotate(cpu: Cpu, insn: Insn, a: number, count: number): void {
  const bits = insn.size * 8;
  const mask = bits === 32 ? -1 : (1 << bits) - 1;
  let r: number;
  let cf: number;
  let of: number;
  const value = a >>> 0;
  if (insn.op === Op.Rol || insn.op === Op.Ror) {
    const n = count % bits;
    if (insn.op === Op.Rol) {
      r = n === 0 ? value : ((value << n) | (value >>> (bits - n))) & mask;
      cf = r & 1;
      of = ((r >>> (bits - 1)) & 1) ^ cf;
    } else {
      r = n === 0 ? value : ((value >>> n) | (value << (bits - n))) & mask;
      cf = (r >>> (bits - 1)) & 1;
      of = cf ^ ((r >>> (bits - 2)) & 1);
    }
  } else {
    // Rotate through carry: a (bits + 1)-bit rotation, done bit by bit.
    const n = count % (bits + 1);
    let carry = getCF(cpu);
    r = value;
    for (let i = 0; i < n; i++) {
      if (insn.op === Op.Rcl) {
        const out = (r >>> (bits - 1)) & 1;
        r = ((r << 1) | carry) & mask;
        carry = out;
      } else {
        const out = r & 1;
        r = ((r >>> 1) | (carry << (bits - 1))) & mask;
        carry = out;
      }
    }
    cf = carry;
    of = insn.op === Op.Rcl
      ? ((r >>> (bits - 1)) & 1) ^ cf
      : ((r >>> (bits - 1)) ^ (r >>> (bits - 2))) & 1;
  }
  r = truncate(insn.size, r);
  writeOperand0(cpu, insn, r, true);
  const kept = getArithFlags(cpu) & ~(CF | OF);
  setArithFlags(cpu, kept | cf | (of << 11));
}

/** Bit k (0-63) of a (lo, hi) pair. */
function bitOf(lo: number, hi: number, k: number): number {
  return k < 32 ? (lo >>> k) & 1 : (hi >>> (k - 32)) & 1;
}

function execShiftWide(cpu: Cpu, insn: Insn, count: number): void {
  const a = readOperand0Wide(cpu, insn);
  const ah = cpu.vHi;
  if (count === 0) return;
  let r: number;
  let rh: number;
  let cf: number;
  let of: number;
  switch (insn.op) {
    case Op.Shl:
      if (count < 32) {
        rh = (ah << count) | (a >>> (32 - count));
        r = a << count;
      } else {
        rh = a << (count - 32);
        r = 0;
      }
      cf = bitOf(a, ah, 64 - count);
      of = (rh >>> 31) ^ cf;
      break;
    case Op.Shr:
    case Op.Sar: {
      const arith = insn.op === Op.Sar;
      if (count < 32) {
        r = (a >>> count) | (ah << (32 - count));
        rh = arith ? ah >> count : ah >>> count;
      } else {
        r = arith ? ah >> (count - 32) : ah >>> (count - 32);
        rh = arith ? ah >> 31 : 0;
      }
      cf = bitOf(a, ah, count - 1);
      of = ((rh >>> 31) ^ (rh >>> 30)) & 1;
      break;
    }
    default:
      execRotateWide(cpu, insn, a, ah, count);
      return;
  }
  writeOperand0Wide(cpu, insn, r | 0, rh | 0, true);
  recordResult(cpu, 8, r | 0, rh | 0, cf | AF | (of << 11));
}

/** rol/ror of a 64-bit value by 1-63 (rcl/rcr unimplemented at 64 bits). */
function execRotateWide(cpu: Cpu, insn: Insn, a: number, ah: number, count: number): void {
  if (insn.op === Op.Rcl || insn.op === Op.Rcr) {
    rotateThroughCarryWide(cpu, insn, a, ah, count);
    return;
  }
  const left = insn.op === Op.Rol ? count : 64 - count;
  let lo = a;
  let hi = ah;
  let n = left;
  if (n >= 32) {
    lo = ah;
    hi = a;
    n -= 32;
  }
  if (n > 0) {
    const newHi = (hi << n) | (lo >>> (32 - n));
    lo = (lo << n) | (hi >>> (32 - n));
    hi = newHi;
  }
  let cf: number;
  let of: number;
  if (insn.op === Op.Rol) {
    cf = lo & 1;
    of = (hi >>> 31) ^ cf;
  } else {
    cf = hi >>> 31;
    of = cf ^ ((hi >>> 30) & 1);
  }
  writeOperand0Wide(cpu, insn, lo | 0, hi | 0, true);
  const kept = getArithFlags(cpu) & ~(CF | OF);
  setArithFlags(cpu, kept | cf | (of << 11));
}

function rotateThroughCarryWide(cpu: Cpu, insn: Insn, a: number, ah: number, count: number): void {
  let lo = a >>> 0;
  let hi = ah >>> 0;
  let carry = getCF(cpu);
  for (let i = 0; i < count; i++) {
    if (insn.op === Op.Rcl) {
      const out = hi >>> 31;
      hi = ((hi << 1) | (lo >>> 31)) >>> 0;
      lo = ((lo << 1) | carry) >>> 0;
      carry = out;
    } else {
      const out = lo & 1;
      lo = ((lo >>> 1) | (hi << 31)) >>> 0;
      hi = ((hi >>> 1) | (carry << 31)) >>> 0;
      carry = out;
    }
  }
  const of = insn.op === Op.Rcl ? (hi >>> 31) ^ carry : ((hi >>> 31) ^ (hi >>> 30)) & 1;
  writeOperand0Wide(cpu, insn, lo | 0, hi | 0, true);
  const kept = getArithFlags(cpu) & ~(CF | OF);
  setArithFlags(cpu, kept | carry | (of << 11));
}

/** shld/shrd: shift dst, filling from src (operand 1); count imm8 or cl. */
export function execDoubleShift(cpu: Cpu, insn: Insn): void {
  const raw = insn.immLo === -1 ? cpu.regs[2] : insn.immLo;
  const count = raw & (insn.size === 8 ? 63 : 31);
  if (insn.size === 2 || insn.size === 8) {
    execDoubleShiftBig(cpu, insn, count);
    return;
  }
  const a = readOperand0(cpu, insn) >>> 0;
  if (count === 0) {
    writeOperand0(cpu, insn, a | 0, true);
    return;
  }
  const b = cpu.regs[insn.r1] >>> 0;
  let r: number;
  let cf: number;
  if (insn.op === Op.Shld) {
    r = (a << count) | (b >>> (32 - count));
    cf = (a >>> (32 - count)) & 1;
  } else {
    r = (a >>> count) | (b << (32 - count));
    cf = (a >>> (count - 1)) & 1;
  }
  r |= 0;
  const of = insn.op === Op.Shld ? (r >>> 31) ^ cf : ((r >>> 31) ^ (r >>> 30)) & 1;
  writeOperand0(cpu, insn, r, true);
  recordResult(cpu, 4, r, 0, cf | AF | (of << 11));
}

/** shld/shrd for 16 and 64-bit operands, through BigInt (rare forms). */
function execDoubleShiftBig(cpu: Cpu, insn: Insn, count: number): void {
  const bits = BigInt(insn.size * 8);
  const mask = (1n << bits) - 1n;
  let a: bigint;
  let b: bigint;
  if (insn.size === 8) {
    const lo = readOperand0Wide(cpu, insn);
    a = (BigInt(cpu.vHi >>> 0) << 32n) | BigInt(lo >>> 0);
    b = (BigInt(cpu.regs[insn.r1 + 1] >>> 0) << 32n) | BigInt(cpu.regs[insn.r1] >>> 0);
  } else {
    a = BigInt(readOperand0(cpu, insn));
    b = BigInt(cpu.regs[insn.r1] & 0xffff);
  }
  if (count === 0) {
    writeBig(cpu, insn, a);
    return;
  }
  const c = BigInt(count);
  let r: bigint;
  let cf: number;
  if (insn.op === Op.Shld) {
    r = ((a << c) | (b >> (bits - c))) & mask;
    cf = Number((a >> (bits - c)) & 1n);
  } else {
    r = ((a >> c) | (b << (bits - c))) & mask;
    cf = Number((a >> (c - 1n)) & 1n);
  }
  const top = Number((r >> (bits - 1n)) & 1n);
  const next = Number((r >> (bits - 2n)) & 1n);
  const of = insn.op === Op.Shld ? top ^ cf : top ^ next;
  writeBig(cpu, insn, r);
  const lo = Number(r & 0xffffffffn) | 0;
  const hi = Number(r >> 32n) | 0;
  recordResult(cpu, insn.size, insn.size === 8 ? lo : lo & 0xffff, hi, cf | AF | (of << 11));
}

function writeBig(cpu: Cpu, insn: Insn, value: bigint): void {
  const lo = Number(value & 0xffffffffn) | 0;
  if (insn.size === 8) writeOperand0Wide(cpu, insn, lo, Number(value >> 32n) | 0, true);
  else writeOperand0(cpu, insn, lo & 0xffff, true);
}

