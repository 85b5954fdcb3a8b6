/**
 * Data movement: mov, movzx/movsx/movsxd, lea, xchg, cmovcc, setcc, bswap,
 * cbw/cwde/cdqe, cwd/cdq/cqo, xadd, cmpxchg.
 *
 * None of these touch the flags except xadd and cmpxchg. A 32-bit register
 * destination always zeroes the high half, even for a cmov whose condition
 * is false, as on hardware.
 */
import type { Cpu } from "../cpu.js";
import type { Insn } from "../../decoder/insn.js";
import { Kind } from "../../decoder/insn.js";
import { FlagOp, recordFlags, testCondition } from "../flags.js";
import {
  addressOf,
  effectiveAddress,
  loadSized,
  readOperand0,
  readOperand0Wide,
  readOperand1,
  readOperand1Wide,
  readReg,
  truncate,
  writeOperand0,
  writeOperand0Wide,
  writeReg,
} from "../operands.js";

export function execMov(cpu: Cpu, insn: Insn): void {
  if (insn.size === 8) {
    const lo = readOperand1Wide(cpu, insn);
    writeOperand0Wide(cpu, insn, lo, cpu.vHi, false);
  } else {
    writeOperand0(cpu, insn, readOperand1(cpu, insn), false);
  }
}

/** Reads operand 1 of size insn.size2 (<= 4), zero-extended. */
function readNarrowSource(cpu: Cpu, insn: Insn): number {
  if (insn.k1 === Kind.Reg) return readReg(cpu.regs, insn.r1, insn.s1, insn.size2);
  return loadSized(cpu, effectiveAddress(cpu, insn), insn.size2);
}

export function execMovzx(cpu: Cpu, insn: Insn): void {
  const value = readNarrowSource(cpu, insn);
  writeDestinationReg(cpu, insn, value, 0);
}

export function execMovsx(cpu: Cpu, insn: Insn): void {
  let value = readNarrowSource(cpu, insn);
  if (insn.size2 === 1) value = (value << 24) >> 24;
  else if (insn.size2 === 2) value = (value << 16) >> 16;
  writeDestinationReg(cpu, insn, value, value >> 31);
}

/** Writes a register destination of any size from (lo, hi). */
function writeDestinationReg(cpu: Cpu, insn: Insn, lo: number, hi: number): void {
  if (insn.size === 8) {
    cpu.regs[insn.r0] = lo;
    cpu.regs[insn.r0 + 1] = hi;
  } else {
    writeReg(cpu.regs, insn.r0, insn.s0, insn.size, truncate(insn.size, lo));
  }
}

export function execLea(cpu: Cpu, insn: Insn): void {
  const lo = addressOf(cpu, insn) | 0;
  writeDestinationReg(cpu, insn, lo, cpu.vHi);
}

export function execXchg(cpu: Cpu, insn: Insn): void {
  if (insn.size === 8) {
    const a = readOperand0Wide(cpu, insn);
    const ah = cpu.vHi;
    const b = cpu.regs[insn.r1];
    const bh = cpu.regs[insn.r1 + 1];
    writeOperand0Wide(cpu, insn, b, bh, true);
    cpu.regs[insn.r1] = a;
    cpu.regs[insn.r1 + 1] = ah;
    return;
  }
  const a = readOperand0(cpu, insn);
  const b = readReg(cpu.regs, insn.r1, insn.s1, insn.size);
  writeOperand0(cpu, insn, b, true);
  writeReg(cpu.regs, insn.r1, insn.s1, insn.size, a);
}

export function execCmov(cpu: Cpu, insn: Insn): void {
  // The source is read (and may fault) whatever the condition.
  if (insn.size === 8) {
    const lo = readOperand1Wide(cpu, insn);
    const hi = cpu.vHi;
    if (testCondition(cpu, insn.cc)) writeDestinationReg(cpu, insn, lo, hi);
    return;
  }
  const value = readOperand1(cpu, insn);
  const take = testCondition(cpu, insn.cc);
  if (insn.size === 4) {
    if (take) cpu.regs[insn.r0] = value;
    cpu.regs[insn.r0 + 1] = 0;
  } else if (take) {
    writeReg(cpu.regs, insn.r0, insn.s0, insn.size, value);
  }
}

export function execSetcc(cpu: Cpu, insn: Insn): void {
  writeOperand0(cpu, insn, testCondition(cpu, insn.cc) ? 1 : 0, false);
}

export function execBswap(cpu: Cpu, insn: Insn): void {
  const regs = cpu.regs;
  if (insn.size === 8) {
    const lo = regs[insn.r0];
    regs[insn.r0] = swap32(regs[insn.r0 + 1]);
    regs[insn.r0 + 1] = swap32(lo);
  } else if (insn.size === 4) {
    regs[insn.r0] = swap32(regs[insn.r0]);
    regs[insn.r0 + 1] = 0;
  } else {
    // bswap of a 16-bit register: the low word becomes 0 on current CPUs.
    regs[insn.r0] &= ~0xffff;
  }
}

function swap32(v: number): number {
  return ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
}

/** cbw, cwde, cdqe: sign-extend the lower half of the accumulator in place. */
export function execSignExtendAcc(cpu: Cpu, insn: Insn): void {
  const regs = cpu.regs;
  if (insn.size === 2) {
    regs[0] = (regs[0] & ~0xffff) | (((regs[0] << 24) >> 24) & 0xffff);
  } else if (insn.size === 4) {
    regs[0] = (regs[0] << 16) >> 16;
    regs[1] = 0;
  } else {
    regs[1] = regs[0] >> 31;
  }
}

/** cwd, cdq, cqo: fill rdx with the sign of the accumulator. */
export function execSignToDx(cpu: Cpu, insn: Insn): void {
  const regs = cpu.regs;
  if (insn.size === 2) {
    const sign = (regs[0] << 16) >> 31;
    regs[4] = (regs[4] & ~0xffff) | (sign & 0xffff);
  } else if (insn.size === 4) {
    regs[4] = regs[0] >> 31;
    regs[5] = 0;
  } else {
    regs[4] = regs[1] >> 31;
    regs[5] = regs[4];
  }
}

/** xadd: dst = dst + src, src = old dst, add flags. */
export function execXadd(cpu: Cpu, insn: Insn): void {
  if (insn.size === 8) {
    const a = readOperand0Wide(cpu, insn);
    const ah = cpu.vHi;
    const b = cpu.regs[insn.r1];
    const bh = cpu.regs[insn.r1 + 1];
    const r = (a + b) | 0;
    const rh = (ah + bh + (r >>> 0 < a >>> 0 ? 1 : 0)) | 0;
    writeOperand0Wide(cpu, insn, r, rh, true);
    cpu.regs[insn.r1] = a;
    cpu.regs[insn.r1 + 1] = ah;
    recordFlags(cpu, FlagOp.Add, 8, a, b, r);
    cpu.fAh = ah;
    cpu.fBh = bh;
    cpu.fRh = rh;
    return;
  }
  const a = readOperand0(cpu, insn);
  const b = readReg(cpu.regs, insn.r1, insn.s1, insn.size);
  const r = truncate(insn.size, a + b);
  writeOperand0(cpu, insn, r, true);
  writeReg(cpu.regs, insn.r1, insn.s1, insn.size, a);
  recordFlags(cpu, FlagOp.Add, insn.size, a, b, r);
}

/** cmpxchg: compare accumulator with dst; equal: dst = src, else acc = dst. */
export function execCmpxchg(cpu: Cpu, insn: Insn): void {
  const regs = cpu.regs;
  if (insn.size === 8) {
    const d = readOperand0Wide(cpu, insn);
    const dh = cpu.vHi;
    const acc = regs[0];
    const acch = regs[1];
    const r = (acc - d) | 0;
    const rh = (acch - dh - (acc >>> 0 < d >>> 0 ? 1 : 0)) | 0;
    if (acc === d && acch === dh) {
      writeOperand0Wide(cpu, insn, regs[insn.r1], regs[insn.r1 + 1], true);
    } else {
      // Memory is written back unchanged (the locked cycle); a register is untouched.
      if (insn.k0 === Kind.Mem) writeOperand0Wide(cpu, insn, d, dh, true);
      regs[0] = d;
      regs[1] = dh;
    }
    recordFlags(cpu, FlagOp.Sub, 8, acc, d, r);
    cpu.fAh = acch;
    cpu.fBh = dh;
    cpu.fRh = rh;
    return;
  }
  const d = readOperand0(cpu, insn);
  const acc = readReg(regs, 0, 0, insn.size);
  const r = truncate(insn.size, acc - d);
  if (acc === d) {
    writeOperand0(cpu, insn, readReg(regs, insn.r1, insn.s1, insn.size), true);
  } else {
    if (insn.k0 === Kind.Mem) writeOperand0(cpu, insn, d, true);
    writeReg(regs, 0, 0, insn.size, d);
  }
  recordFlags(cpu, FlagOp.Sub, insn.size, acc, d, r);
}

