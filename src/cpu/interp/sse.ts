/**
 * The SSE2 integer subset and the x87/MXCSR control instructions that
 * compiled NaCl code uses: movd, movq, movdqu/movdqa/movups/movaps,
 * pxor/pand/por/pandn (and their ps/pd twins), pcmpeq b/w/d, padd/psub
 * b/w/d/q, pmovmskb, pshufd, punpckldq/punpcklqdq, stmxcsr/ldmxcsr,
 * fnstcw/fldcw/fninit.
 *
 * Xmm registers live in Cpu.xmm as 4 little-endian int32 lanes each. Legacy
 * SSE forms with a 128-bit memory operand need 16-byte alignment (except
 * the unaligned moves); a misaligned one raises #GP, which the guest sees
 * as SIGSEGV.
 */
import type { Cpu } from "../cpu.js";
import type { Insn } from "../../decoder/insn.js";
import { Kind, Op } from "../../decoder/insn.js";
import {
  checkAccess,
  effectiveAddress,
  load16,
  load32,
  load64,
  segv,
  store16,
  store32,
  store64,
} from "../operands.js";

/** Loads operand 1 (xmm or m128) into cpu.vec. */
function readSource128(cpu: Cpu, insn: Insn, aligned: boolean): Int32Array {
  const vec = cpu.vec;
  if (insn.k1 === Kind.Xmm) {
    const x = cpu.xmm;
    const s = insn.r1 * 4;
    vec[0] = x[s];
    vec[1] = x[s + 1];
    vec[2] = x[s + 2];
    vec[3] = x[s + 3];
    return vec;
  }
  const address = effectiveAddress(cpu, insn) >>> 0;
  if (aligned && (address & 15) !== 0) segv();
  checkAccess(cpu, address, 16, 1);
  const view = cpu.view;
  for (let i = 0; i < 4; i++) vec[i] = view.getInt32(address + 4 * i, true);
  return vec;
}

/** 128-bit moves (movdqu, movdqa, movups, movaps, ...). */
export function execMovXmm128(cpu: Cpu, insn: Insn): void {
  const aligned = insn.op === Op.MovXmm128Aligned;
  const vec = readSource128(cpu, insn, aligned);
  if (insn.k0 === Kind.Xmm) {
    cpu.xmm.set(vec, insn.r0 * 4);
    return;
  }
  const address = effectiveAddress(cpu, insn) >>> 0;
  if (aligned && (address & 15) !== 0) segv();
  checkAccess(cpu, address, 16, 2);
  const view = cpu.view;
  for (let i = 0; i < 4; i++) view.setInt32(address + 4 * i, vec[i], true);
}

/** movd: 32 bits between a GPR/memory and lane 0 of an xmm register. */
export function execMovd(cpu: Cpu, insn: Insn): void {
  const x = cpu.xmm;
  if (insn.k0 === Kind.Xmm) {
    const value = insn.k1 === Kind.Reg ? cpu.regs[insn.r1] : load32(cpu, effectiveAddress(cpu, insn));
    const d = insn.r0 * 4;
    x[d] = value;
    x[d + 1] = 0;
    x[d + 2] = 0;
    x[d + 3] = 0;
    return;
  }
  const value = x[insn.r1 * 4];
  if (insn.k0 === Kind.Reg) {
    cpu.regs[insn.r0] = value;
    cpu.regs[insn.r0 + 1] = 0;
  } else {
    store32(cpu, effectiveAddress(cpu, insn), value);
  }
}

/** movq into an xmm register: low 64 bits from GPR, memory or xmm; upper zeroed. */
export function execMovqToXmm(cpu: Cpu, insn: Insn): void {
  let lo: number;
  let hi: number;
  if (insn.k1 === Kind.Reg) {
    lo = cpu.regs[insn.r1];
    hi = cpu.regs[insn.r1 + 1];
  } else if (insn.k1 === Kind.Xmm) {
    lo = cpu.xmm[insn.r1 * 4];
    hi = cpu.xmm[insn.r1 * 4 + 1];
  } else {
    lo = load64(cpu, effectiveAddress(cpu, insn));
    hi = cpu.vHi;
  }
  const d = insn.r0 * 4;
  const x = cpu.xmm;
  x[d] = lo;
  x[d + 1] = hi;
  x[d + 2] = 0;
  x[d + 3] = 0;
}

/** movq out of an xmm register into a GPR or memory. */
export function execMovqFromXmm(cpu: Cpu, insn: Insn): void {
  const s = insn.r1 * 4;
  const lo = cpu.xmm[s];
  const hi = cpu.xmm[s + 1];
  if (insn.k0 === Kind.Reg) {
    cpu.regs[insn.r0] = lo;
    cpu.regs[insn.r0 + 1] = hi;
  } else {
    store64(cpu, effectiveAddress(cpu, insn), lo, hi);
  }
}

/** Lane-wise binary operations: dst = dst op src. */
export function execPackedBinary(cpu: Cpu, insn: Insn): void {
  const src = readSource128(cpu, insn, true);
  const x = cpu.xmm;
  const d = insn.r0 * 4;
  const op = insn.op;
  if (op === Op.Punpckldq || op === Op.Punpcklqdq) {
    unpackLow(x, d, src, op === Op.Punpcklqdq);
    return;
  }
  for (let i = 0; i < 4; i++) x[d + i] = laneOp(op, x[d + i], src[i]);
}

/** One 32-bit lane of a packed operation (sub-lanes handled inside). */
function laneOp(op: number, a: number, b: number): number {
  switch (op) {
    case Op.Pxor:
      return a ^ b;
    case Op.Pand:
      return a & b;
    case Op.Por:
      return a | b;
    case Op.Pandn:
      return ~a & b;
    case Op.Pcmpeqd:
      return a === b ? -1 : 0;
    case Op.Pcmpeqw:
      return subLanes(a, b, 16, (p, q) => (p === q ? 0xffff : 0));
    case Op.Pcmpeqb:
      return subLanes(a, b, 8, (p, q) => (p === q ? 0xff : 0));
    case Op.Paddd:
      return (a + b) | 0;
    case Op.Psubd:
      return (a - b) | 0;
    case Op.Paddw:
      return subLanes(a, b, 16, (p, q) => p + q);
    case Op.Psubw:
      return subLanes(a, b, 16, (p, q) => p - q);
    case Op.Paddb:
      return subLanes(a, b, 8, (p, q) => p + q);
    default:
      return subLanes(a, b, 8, (p, q) => p - q);
  }
}

/** Applies f to each `bits`-wide unsigned sub-lane of a 32-bit lane. */
function subLanes(a: number, b: number, bits: number, f: (p: number, q: number) => number): number {
  const mask = (1 << bits) - 1;
  let r = 0;
  for (let shift = 0; shift < 32; shift += bits) {
    r |= (f((a >>> shift) & mask, (b >>> shift) & mask) & mask) << shift;
  }
  return r;
}

/** paddq/psubq: two 64-bit lanes. */
export function execPacked64(cpu: Cpu, insn: Insn): void {
  const src = readSource128(cpu, insn, true);
  const x = cpu.xmm;
  const d = insn.r0 * 4;
  const subtract = insn.op === Op.Psubq;
  for (let i = 0; i < 4; i += 2) {
    const a = x[d + i];
    const ah = x[d + i + 1];
    const b = src[i];
    const bh = src[i + 1];
    if (subtract) {
      x[d + i] = (a - b) | 0;
      x[d + i + 1] = (ah - bh - (a >>> 0 < b >>> 0 ? 1 : 0)) | 0;
    } else {
      const sum = (a >>> 0) + (b >>> 0);
      x[d + i] = sum | 0;
      x[d + i + 1] = (ah + bh + (sum >= 4294967296 ? 1 : 0)) | 0;
    }
  }
}

function unpackLow(x: Int32Array, d: number, src: Int32Array, quad: boolean): void {
  if (quad) {
    x[d + 2] = src[0];
    x[d + 3] = src[1];
  } else {
    const a1 = x[d + 1];
    x[d + 2] = a1;
    x[d + 1] = src[0];
    x[d + 3] = src[1];
  }
}

/** pmovmskb r32, xmm: one bit per byte's sign. */
export function execPmovmskb(cpu: Cpu, insn: Insn): void {
  const x = cpu.xmm;
  const s = insn.r1 * 4;
  let mask = 0;
  for (let byte = 0; byte < 16; byte++) {
    const lane = x[s + (byte >>> 2)];
    mask |= ((lane >>> ((byte & 3) * 8 + 7)) & 1) << byte;
  }
  cpu.regs[insn.r0] = mask;
  cpu.regs[insn.r0 + 1] = 0;
}

/** pshufd xmm, xmm/m128, imm8. */
export function execPshufd(cpu: Cpu, insn: Insn): void {
  const src = readSource128(cpu, insn, true);
  const order = insn.immLo;
  const a = src[order & 3];
  const b = src[(order >>> 2) & 3];
  const c = src[(order >>> 4) & 3];
  const e = src[(order >>> 6) & 3];
  const d = insn.r0 * 4;
  const x = cpu.xmm;
  x[d] = a;
  x[d + 1] = b;
  x[d + 2] = c;
  x[d + 3] = e;
}

/** stmxcsr, ldmxcsr, fnstcw, fldcw, fninit. */
export function execControlWord(cpu: Cpu, insn: Insn): void {
  switch (insn.op) {
    case Op.Stmxcsr:
      store32(cpu, effectiveAddress(cpu, insn), cpu.mxcsr);
      break;
    case Op.Ldmxcsr: {
      const value = load32(cpu, effectiveAddress(cpu, insn));
      // Reserved bits (above MXCSR_MASK 0xFFFF) raise #GP.
      if ((value & 0xffff0000) !== 0) segv();
      cpu.mxcsr = value;
      break;
    }
    case Op.Fnstcw:
      store16(cpu, effectiveAddress(cpu, insn), cpu.fpuControlWord);
      break;
    case Op.Fldcw:
      cpu.fpuControlWord = load16(cpu, effectiveAddress(cpu, insn));
      break;
    default:
      cpu.fpuControlWord = 0x037f;
      break;
  }
}
