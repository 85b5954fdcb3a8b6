/**
 * Lazy arithmetic flags.
 *
 * Flag-setting instructions record what they did (Cpu.fOp, operand size,
 * operands and result) instead of computing CF PF AF ZF SF OF. Readers
 * compute the one flag they need. Results of 8/16-bit operations are
 * zero-extended, 32-bit ones are int32, 64-bit ones use the *h halves.
 *
 * fOp legend (what fAux holds):
 *   Eager  all six flags are in fAux as RFLAGS bits
 *   Add    r = a + b
 *   Sub    r = a - b (cmp, neg as 0 - b)
 *   Adc    r = a + b + fAux (carry in)
 *   Sbb    r = a - b - fAux (borrow in)
 *   Logic  r = a op b; CF = OF = AF = 0
 *   Inc    r = a + 1; fAux = CF before the instruction
 *   Dec    r = a - 1; fAux = CF before the instruction
 *   Result ZF SF PF from r; CF OF AF are the bits in fAux
 */
import type { Cpu } from "./cpu.js";

export const enum FlagOp {
  Eager = 0,
  Add,
  Sub,
  Adc,
  Sbb,
  Logic,
  Inc,
  Dec,
  Result,
}

export const CF = 0x1;
export const PF = 0x4;
export const AF = 0x10;
export const ZF = 0x40;
export const SF = 0x80;
export const DF = 0x400;
export const OF = 0x800;
/** The six arithmetic flags. */
export const ARITH_FLAGS = CF | PF | AF | ZF | SF | OF;

/** PARITY[b] = PF bit (0x4) if byte b has an even number of set bits. */
const PARITY: Uint8Array = (() => {
  const table = new Uint8Array(256);
  for (let b = 0; b < 256; b++) {
    let ones = 0;
    for (let x = b; x !== 0; x >>>= 1) ones += x & 1;
    table[b] = ones % 2 === 0 ? PF : 0;
  }
  return table;
})();

/** Records a result whose flags come from an arithmetic or logic family. */
export function recordFlags(cpu: Cpu, op: FlagOp, size: number, a: number, b: number, r: number): void {
  cpu.fOp = op;
  cpu.fSize = size;
  cpu.fA = a;
  cpu.fB = b;
  cpu.fR = r;
}

/** Unsigned a < b on (lo, hi) pairs or on values of size <= 4. */
function below(size: number, a: number, ah: number, b: number, bh: number): boolean {
  if (size === 8 && ah !== bh) return ah >>> 0 < bh >>> 0;
  return a >>> 0 < b >>> 0;
}

function belowOrEqual(size: number, a: number, ah: number, b: number, bh: number): boolean {
  if (size === 8 && ah !== bh) return ah >>> 0 < bh >>> 0;
  return a >>> 0 <= b >>> 0;
}

/** Sign bit (0/1) of a value of the recorded size. */
function signOf(size: number, lo: number, hi: number): number {
  switch (size) {
    case 1:
      return (lo >>> 7) & 1;
    case 2:
      return (lo >>> 15) & 1;
    case 4:
      return lo >>> 31;
    default:
      return hi >>> 31;
  }
}

export function getCF(cpu: Cpu): number {
  const s = cpu.fSize;
  switch (cpu.fOp) {
    case FlagOp.Add:
      return below(s, cpu.fR, cpu.fRh, cpu.fA, cpu.fAh) ? 1 : 0;
    case FlagOp.Sub:
      return below(s, cpu.fA, cpu.fAh, cpu.fB, cpu.fBh) ? 1 : 0;
    case FlagOp.Adc:
      if (cpu.fAux === 0) return below(s, cpu.fR, cpu.fRh, cpu.fA, cpu.fAh) ? 1 : 0;
      return belowOrEqual(s, cpu.fR, cpu.fRh, cpu.fA, cpu.fAh) ? 1 : 0;
    case FlagOp.Sbb:
      if (cpu.fAux === 0) return below(s, cpu.fA, cpu.fAh, cpu.fB, cpu.fBh) ? 1 : 0;
      return belowOrEqual(s, cpu.fA, cpu.fAh, cpu.fB, cpu.fBh) ? 1 : 0;
    case FlagOp.Logic:
      return 0;
    case FlagOp.Inc:
    case FlagOp.Dec:
      return cpu.fAux & 1;
    default:
      return cpu.fAux & CF;
  }
}

export function getZF(cpu: Cpu): number {
  if (cpu.fOp === FlagOp.Eager) return (cpu.fAux >>> 6) & 1;
  if (cpu.fSize === 8) return (cpu.fR | cpu.fRh) === 0 ? 1 : 0;
  return cpu.fR === 0 ? 1 : 0;
}

export function getSF(cpu: Cpu): number {
  if (cpu.fOp === FlagOp.Eager) return (cpu.fAux >>> 7) & 1;
  return signOf(cpu.fSize, cpu.fR, cpu.fRh);
}

export function getPF(cpu: Cpu): number {
  if (cpu.fOp === FlagOp.Eager) return (cpu.fAux >>> 2) & 1;
  return PARITY[cpu.fR & 0xff] >>> 2;
}

export function getOF(cpu: Cpu): number {
  const s = cpu.fSize;
  switch (cpu.fOp) {
    case FlagOp.Add:
    case FlagOp.Adc:
    case FlagOp.Inc:
      return signOf(s, (cpu.fA ^ cpu.fR) & (cpu.fB ^ cpu.fR), (cpu.fAh ^ cpu.fRh) & (cpu.fBh ^ cpu.fRh));
    case FlagOp.Sub:
    case FlagOp.Sbb:
    case FlagOp.Dec:
      return signOf(s, (cpu.fA ^ cpu.fB) & (cpu.fA ^ cpu.fR), (cpu.fAh ^ cpu.fBh) & (cpu.fAh ^ cpu.fRh));
    case FlagOp.Logic:
      return 0;
    default:
      return (cpu.fAux >>> 11) & 1;
  }
}

export function getAF(cpu: Cpu): number {
  switch (cpu.fOp) {
    case FlagOp.Eager:
    case FlagOp.Result:
      return (cpu.fAux >>> 4) & 1;
    case FlagOp.Logic:
      return 0;
    default:
      return ((cpu.fA ^ cpu.fB ^ cpu.fR) >>> 4) & 1;
  }
}

/** The six arithmetic flags as RFLAGS bits. */
export function getArithFlags(cpu: Cpu): number {
  if (cpu.fOp === FlagOp.Eager) return cpu.fAux & ARITH_FLAGS;
  return (
    getCF(cpu) |
    (getPF(cpu) << 2) |
    (getAF(cpu) << 4) |
    (getZF(cpu) << 6) |
    (getSF(cpu) << 7) |
    (getOF(cpu) << 11)
  );
}

/** Replaces the arithmetic flags with explicit RFLAGS bits. */
export function setArithFlags(cpu: Cpu, bits: number): void {
  cpu.fOp = FlagOp.Eager;
  cpu.fAux = bits & ARITH_FLAGS;
}

/**
 * Records a result whose ZF SF PF come from (lo, hi) of `size` and whose
 * CF OF AF are given as RFLAGS bits (shifts, multiplies).
 */
export function recordResult(cpu: Cpu, size: number, lo: number, hi: number, cfOfAf: number): void {
  cpu.fOp = FlagOp.Result;
  cpu.fSize = size;
  cpu.fR = lo;
  cpu.fRh = hi;
  cpu.fAux = cfOfAf;
}

/** True if condition `cc` (x86 encoding 0-15) holds. */
export function testCondition(cpu: Cpu, cc: number): boolean {
  // Fused paths for the common compare/test + branch pairs on 32-bit values.
  if (cpu.fSize === 4) {
    if (cpu.fOp === FlagOp.Sub) return compareCondition(cc, cpu.fA, cpu.fB, cpu.fR);
    if (cpu.fOp === FlagOp.Logic) return logicCondition(cc, cpu.fR);
  }
  switch (cc) {
    case 0:
      return getOF(cpu) === 1;
    case 1:
      return getOF(cpu) === 0;
    case 2:
      return getCF(cpu) === 1;
    case 3:
      return getCF(cpu) === 0;
    case 4:
      return getZF(cpu) === 1;
    case 5:
      return getZF(cpu) === 0;
    case 6:
      return (getCF(cpu) | getZF(cpu)) === 1;
    case 7:
      return (getCF(cpu) | getZF(cpu)) === 0;
    case 8:
      return getSF(cpu) === 1;
    case 9:
      return getSF(cpu) === 0;
    case 10:
      return getPF(cpu) === 1;
    case 11:
      return getPF(cpu) === 0;
    case 12:
      return getSF(cpu) !== getOF(cpu);
    case 13:
      return getSF(cpu) === getOF(cpu);
    case 14:
      return getZF(cpu) === 1 || getSF(cpu) !== getOF(cpu);
    default:
      return getZF(cpu) === 0 && getSF(cpu) === getOF(cpu);
  }
}

/** Condition after a 32-bit r = a - b (cmp/sub). */
function compareCondition(cc: number, a: number, b: number, r: number): boolean {
  switch (cc) {
    case 2:
      return a >>> 0 < b >>> 0;
    case 3:
      return a >>> 0 >= b >>> 0;
    case 4:
      return a === b;
    case 5:
      return a !== b;
    case 6:
      return a >>> 0 <= b >>> 0;
    case 7:
      return a >>> 0 > b >>> 0;
    case 8:
      return r < 0;
    case 9:
      return r >= 0;
    case 12:
      return a < b;
    case 13:
      return a >= b;
    case 14:
      return a <= b;
    case 15:
      return a > b;
    case 10:
      return PARITY[r & 0xff] !== 0;
    case 11:
      return PARITY[r & 0xff] === 0;
    default: {
      const of = ((a ^ b) & (a ^ r)) < 0;
      return cc === 0 ? of : !of;
    }
  }
}

/** Condition after a 32-bit logic op (CF = OF = 0). */
function logicCondition(cc: number, r: number): boolean {
  switch (cc) {
    case 0:
    case 2:
      return false;
    case 1:
    case 3:
      return true;
    case 4:
    case 6:
      return r === 0;
    case 5:
    case 7:
      return r !== 0;
    case 8:
    case 12:
      return r < 0;
    case 9:
    case 13:
      return r >= 0;
    case 10:
      return PARITY[r & 0xff] !== 0;
    case 11:
      return PARITY[r & 0xff] === 0;
    case 14:
      return r <= 0;
    default:
      return r > 0;
  }
}
