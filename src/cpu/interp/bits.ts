/**
 * Bit operations (bt bts btr btc, bsf bsr, tzcnt lzcnt popcnt) and the
 * instructions that read or write flags directly (clc stc cmc cld std lahf
 * sahf).
 *
 * bt* with a register bit offset and a memory operand address the bit
 * string beyond the operand (offset / operand bits words away, signed).
 * bsf/bsr of 0 set ZF and leave the destination unchanged.
 */
import type { Cpu } from "../cpu.js";
import type { Insn } from "../../decoder/insn.js";
import { Kind, Op } from "../../decoder/insn.js";
import { AF, CF, OF, PF, SF, ZF, getArithFlags, setArithFlags } from "../flags.js";
import {
  effectiveAddress,
  loadSized,
  readOperand0Wide,
  readOperand1,
  readOperand1Wide,
  readReg,
  segv,
  storeSized,
  writeOperand0Wide,
  writeReg,
} from "../operands.js";

const TWO_32 = 4294967296;

/** bt, bts, btr, btc. */
export function execBitTest(cpu: Cpu, insn: Insn): void {
  const size = insn.size;
  const bits = size * 8;
  let offset = insn.k1 === Kind.Imm ? insn.immLo & 0xff : readReg(cpu.regs, insn.r1, 0, Math.min(size, 4));
  if (insn.k1 !== Kind.Imm && size === 8) offset = cpu.regs[insn.r1];
  let bit: number;
  if (insn.k0 === Kind.Mem) {
    bit = bitTestMemory(cpu, insn, offset);
  } else if (size === 8) {
    const lo = readOperand0Wide(cpu, insn);
    const hi = cpu.vHi;
    const n = offset & 63;
    bit = n < 32 ? (lo >>> n) & 1 : (hi >>> (n - 32)) & 1;
    if (insn.op !== Op.Bt) {
      const [newLo, newHi] = n < 32 ? [modifyBit(insn.op, lo, n), hi] : [lo, modifyBit(insn.op, hi, n - 32)];
      writeOperand0Wide(cpu, insn, newLo, newHi, true);
    }
  } else {
    const value = readReg(cpu.regs, insn.r0, insn.s0, size);
    const n = offset & (bits - 1);
    bit = (value >>> n) & 1;
    if (insn.op !== Op.Bt) writeReg(cpu.regs, insn.r0, insn.s0, size, modifyBit(insn.op, value, n));
  }
  const kept = getArithFlags(cpu) & ~CF;
  setArithFlags(cpu, kept | bit);
}

/** Bit test on memory: returns the old bit and writes the modified byte. */
function bitTestMemory(cpu: Cpu, insn: Insn, offset: number): number {
  let address = effectiveAddress(cpu, insn) >>> 0;
  let n: number;
  if (insn.k1 === Kind.Imm) {
    n = offset & (insn.size * 8 - 1);
  } else {
    // Signed register offset: move by whole bytes, keep the bit within one.
    const signedOffset = insn.size === 8 ? cpu.regs[insn.r1 + 1] * TWO_32 + (offset >>> 0) : offset;
    const byteDelta = Math.floor(signedOffset / 8);
    const sum = address + byteDelta;
    if (sum < 0 || sum >= TWO_32) segv();
    address = sum;
    n = signedOffset - byteDelta * 8;
  }
  address += n >>> 3;
  if (address >= TWO_32) segv();
  n &= 7;
  const value = loadSized(cpu, address, 1);
  const bit = (value >>> n) & 1;
  if (insn.op !== Op.Bt) storeSized(cpu, address, 1, modifyBit(insn.op, value, n) & 0xff);
  return bit;
}

function modifyBit(op: number, value: number, n: number): number {
  if (op === Op.Bts) return value | (1 << n);
  if (op === Op.Btr) return value & ~(1 << n);
  return value ^ (1 << n);
}

/** bsf, bsr, tzcnt, lzcnt, popcnt. */
export function execBitScan(cpu: Cpu, insn: Insn): void {
  let lo: number;
  let hi = 0;
  if (insn.size === 8) {
    lo = readOperand1Wide(cpu, insn);
    hi = cpu.vHi;
  } else {
    lo = readOperand1(cpu, insn);
  }
  const bits = insn.size * 8;
  const zero = lo === 0 && hi === 0;
  const flagsBefore = getArithFlags(cpu);
  let result: number;
  let flags: number;
  switch (insn.op) {
    case Op.Bsf:
    case Op.Bsr:
      flags = flagsBefore & ~ZF;
      if (zero) {
        setArithFlags(cpu, flags | ZF);
        return;
      }
      result = insn.op === Op.Bsf ? lowestBit(lo, hi) : highestBit(lo, hi);
      break;
    case Op.Tzcnt:
      result = zero ? bits : lowestBit(lo, hi);
      flags = (flagsBefore & ~(CF | ZF)) | (zero ? CF : 0) | (result === 0 ? ZF : 0);
      break;
    case Op.Lzcnt:
      result = zero ? bits : bits - 1 - highestBit(lo, hi);
      flags = (flagsBefore & ~(CF | ZF)) | (zero ? CF : 0) | (result === 0 ? ZF : 0);
      break;
    default:
      result = popcount(lo) + popcount(hi);
      flags = zero ? ZF : 0;
      break;
  }
  setArithFlags(cpu, flags);
  if (insn.size === 8) {
    cpu.regs[insn.r0] = result;
    cpu.regs[insn.r0 + 1] = 0;
  } else {
    writeReg(cpu.regs, insn.r0, insn.s0, insn.size, result);
  }
}

function lowestBit(lo: number, hi: number): number {
  if (lo !== 0) return 31 - Math.clz32(lo & -lo);
  return 63 - Math.clz32(hi & -hi);
}

function highestBit(lo: number, hi: number): number {
  if (hi !== 0) return 63 - Math.clz32(hi);
  return 31 - Math.clz32(lo);
}

function popcount(v: number): number {
  let x = v - ((v >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** clc stc cmc cld std lahf sahf. */
export function execFlagOp(cpu: Cpu, insn: Insn): void {
  switch (insn.op) {
    case Op.Clc:
      setArithFlags(cpu, getArithFlags(cpu) & ~CF);
      break;
    case Op.Stc:
      setArithFlags(cpu, getArithFlags(cpu) | CF);
      break;
    case Op.Cmc:
      setArithFlags(cpu, getArithFlags(cpu) ^ CF);
      break;
    case Op.Cld:
      cpu.df = 0;
      break;
    case Op.Std:
      cpu.df = 1;
      break;
    case Op.Lahf:
      writeReg(cpu.regs, 0, 8, 1, (getArithFlags(cpu) & 0xff) | 2);
      break;
    default: {
      const ah = (cpu.regs[0] >>> 8) & (SF | ZF | AF | PF | CF);
      setArithFlags(cpu, (getArithFlags(cpu) & OF) | ah);
      break;
    }
  }
}

