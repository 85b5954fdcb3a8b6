/**
 * Two-operand arithmetic and logic (add or adc sbb and sub xor cmp test) and
 * the one-operand inc dec neg not, for 8/16/32/64-bit operands.
 *
 * Flags are recorded lazily (flags.ts). A destination in memory is read,
 * computed and stored back, so a read-only page faults on the store.
 */
import type { Cpu } from "../cpu.js";
import type { Insn } from "../../decoder/insn.js";
import { Op } from "../../decoder/insn.js";
import { FlagOp, getCF, recordFlags } from "../flags.js";
import {
  readOperand0,
  readOperand0Wide,
  readOperand1,
  readOperand1Wide,
  truncate,
  writeOperand0,
  writeOperand0Wide,
} from "../operands.js";

/** Executes add/or/adc/sbb/and/sub/xor/cmp/test (op = insn.op). */
export function execAlu(cpu: Cpu, insn: Insn): void {
  if (insn.size === 8) {
    execAluWide(cpu, insn);
    return;
  }
  const op = insn.op;
  const a = readOperand0(cpu, insn);
  const b = readOperand1(cpu, insn);
  const r = computeAlu(cpu, op, insn.size, a, b);
  if (op !== Op.Cmp && op !== Op.Test) writeOperand0(cpu, insn, r, true);
}

/** Computes a size <= 4 alu result and records its flags. */
function computeAlu(cpu: Cpu, op: number, size: number, a: number, b: number): number {
  let r: number;
  switch (op) {
    case Op.Add:
      r = truncate(size, a + b);
      recordFlags(cpu, FlagOp.Add, size, a, b, r);
      return r;
    case Op.Sub:
    case Op.Cmp:
      r = truncate(size, a - b);
      recordFlags(cpu, FlagOp.Sub, size, a, b, r);
      return r;
    case Op.Adc: {
      const carry = getCF(cpu);
      r = truncate(size, a + b + carry);
      recordFlags(cpu, FlagOp.Adc, size, a, b, r);
      cpu.fAux = carry;
      return r;
    }
    case Op.Sbb: {
      const borrow = getCF(cpu);
      r = truncate(size, a - b - borrow);
      recordFlags(cpu, FlagOp.Sbb, size, a, b, r);
      cpu.fAux = borrow;
      return r;
    }
    case Op.And:
    case Op.Test:
      r = a & b;
      break;
    case Op.Or:
      r = a | b;
      break;
    default:
      r = a ^ b;
      break;
  }
  recordFlags(cpu, FlagOp.Logic, size, a, b, r);
  return r;
}

function execAluWide(cpu: Cpu, insn: Insn): void {
  const op = insn.op;
  const a = readOperand0Wide(cpu, insn);
  const ah = cpu.vHi;
  const b = readOperand1Wide(cpu, insn);
  const bh = cpu.vHi;
  const r = computeAluWide(cpu, op, a, ah, b, bh);
  if (op !== Op.Cmp && op !== Op.Test) writeOperand0Wide(cpu, insn, r, cpu.fRh, true);
}

/** Computes a 64-bit alu result: returns lo, leaves hi in cpu.fRh. */
function computeAluWide(cpu: Cpu, op: number, a: number, ah: number, b: number, bh: number): number {
  let r: number;
  let rh: number;
  let kind: FlagOp = FlagOp.Logic;
  switch (op) {
    case Op.Add:
    case Op.Adc: {
      const carryIn = op === Op.Adc ? getCF(cpu) : 0;
      r = (a + b + carryIn) | 0;
      const carry = carryIn ? (r >>> 0 <= a >>> 0 ? 1 : 0) : r >>> 0 < a >>> 0 ? 1 : 0;
      rh = (ah + bh + carry) | 0;
      kind = op === Op.Adc ? FlagOp.Adc : FlagOp.Add;
      cpu.fAux = carryIn;
      break;
    }
    case Op.Sub:
    case Op.Cmp:
    case Op.Sbb: {
      const borrowIn = op === Op.Sbb ? getCF(cpu) : 0;
      r = (a - b - borrowIn) | 0;
      const borrow = borrowIn ? (a >>> 0 <= b >>> 0 ? 1 : 0) : a >>> 0 < b >>> 0 ? 1 : 0;
      rh = (ah - bh - borrow) | 0;
      kind = op === Op.Sbb ? FlagOp.Sbb : FlagOp.Sub;
      cpu.fAux = borrowIn;
      break;
    }
    case Op.And:
    case Op.Test:
      r = a & b;
      rh = ah & bh;
      break;
    case Op.Or:
      r = a | b;
      rh = ah | bh;
      break;
    default:
      r = a ^ b;
      rh = ah ^ bh;
      break;
  }
  recordFlags(cpu, kind, 8, a, b, r);
  cpu.fAh = ah;
  cpu.fBh = bh;
  cpu.fRh = rh;
  return r;
}

/** inc/dec: like add/sub of 1 but CF is kept. */
export function execIncDec(cpu: Cpu, insn: Insn): void {
  const carry = getCF(cpu);
  const kind = insn.op === Op.Inc ? FlagOp.Inc : FlagOp.Dec;
  const delta = insn.op === Op.Inc ? 1 : -1;
  if (insn.size === 8) {
    const a = readOperand0Wide(cpu, insn);
    const ah = cpu.vHi;
    const r = (a + delta) | 0;
    const rh = delta === 1 ? (r === 0 ? (ah + 1) | 0 : ah) : a === 0 ? (ah - 1) | 0 : ah;
    writeOperand0Wide(cpu, insn, r, rh, true);
    recordFlags(cpu, kind, 8, a, 1, r);
    cpu.fAh = ah;
    cpu.fBh = 0;
    cpu.fRh = rh;
  } else {
    const a = readOperand0(cpu, insn);
    const r = truncate(insn.size, a + delta);
    writeOperand0(cpu, insn, r, true);
    recordFlags(cpu, kind, insn.size, a, 1, r);
  }
  cpu.fAux = carry;
}

/** neg: 0 - x with sub flags (CF = x != 0). */
export function execNeg(cpu: Cpu, insn: Insn): void {
  if (insn.size === 8) {
    const b = readOperand0Wide(cpu, insn);
    const bh = cpu.vHi;
    const r = computeAluWide(cpu, Op.Sub, 0, 0, b, bh);
    writeOperand0Wide(cpu, insn, r, cpu.fRh, true);
    return;
  }
  const b = readOperand0(cpu, insn);
  const r = computeAlu(cpu, Op.Sub, insn.size, 0, b);
  writeOperand0(cpu, insn, r, true);
}

/** not: bitwise complement, no flags. */
export function execNot(cpu: Cpu, insn: Insn): void {
  if (insn.size === 8) {
    const a = readOperand0Wide(cpu, insn);
    writeOperand0Wide(cpu, insn, ~a, ~cpu.vHi, true);
    return;
  }
  writeOperand0(cpu, insn, truncate(insn.size, ~readOperand0(cpu, insn)), true);
}
