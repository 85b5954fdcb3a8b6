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
import { multiplyUnsigned32 } from "./muldiv.js";

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

/** pmuludq: unsigned 32x32 -> 64 products of lanes 0 and 2. */
export function execPmuludq(cpu: Cpu, insn: Insn): void {
  const src = readSource128(cpu, insn, true);
  const x = cpu.xmm;
  const d = insn.r0 * 4;
  for (let i = 0; i < 4; i += 2) {
    const lo = multiplyUnsigned32(cpu, x[d + i], src[i]);
    x[d + i] = lo;
    x[d + i + 1] = cpu.vHi;
  }
}

/** Shift count of a packed shift: the immediate, or the low 64 bits of xmm/m128. */
function packedShiftCount(cpu: Cpu, insn: Insn): number {
  if (insn.k1 === Kind.Imm) return insn.immLo & 0xff;
  const src = readSource128(cpu, insn, true);
  return src[1] !== 0 || src[0] >>> 0 > 255 ? 256 : src[0];
}

/** psrldq/pslldq: whole-register byte shifts. */
export function execByteShift(cpu: Cpu, insn: Insn): void {
  const count = Math.min(insn.immLo & 0xff, 16);
  const bytes = new Uint8Array(cpu.xmm.buffer, insn.r0 * 16, 16);
  if (insn.op === Op.Psrldq) {
    bytes.copyWithin(0, count);
    bytes.fill(0, 16 - count);
  } else {
    bytes.copyWithin(count, 0, 16 - count);
    bytes.fill(0, 0, count);
  }
}

/** psll/psrl/psra on words, dwords and qwords. */
export function execPackedShift(cpu: Cpu, insn: Insn): void {
  const count = packedShiftCount(cpu, insn);
  const x = cpu.xmm;
  const d = insn.r0 * 4;
  switch (insn.op) {
    case Op.Psllq:
    case Op.Psrlq:
      for (let i = 0; i < 4; i += 2) shiftQuad(x, d + i, count, insn.op === Op.Psllq);
      return;
    case Op.Pslld:
      for (let i = 0; i < 4; i++) x[d + i] = count > 31 ? 0 : x[d + i] << count;
      return;
    case Op.Psrld:
      for (let i = 0; i < 4; i++) x[d + i] = count > 31 ? 0 : x[d + i] >>> count;
      return;
    case Op.Psrad:
      for (let i = 0; i < 4; i++) x[d + i] = x[d + i] >> Math.min(count, 31);
      return;
    default:
      for (let i = 0; i < 4; i++) x[d + i] = shiftWords(insn.op, x[d + i], count);
  }
}

function shiftQuad(x: Int32Array, at: number, count: number, left: boolean): void {
  const lo = x[at];
  const hi = x[at + 1];
  if (count > 63) {
    x[at] = 0;
    x[at + 1] = 0;
  } else if (count >= 32) {
    x[at] = left ? 0 : hi >>> (count - 32);
    x[at + 1] = left ? lo << (count - 32) : 0;
  } else if (count > 0) {
    x[at] = left ? lo << count : (lo >>> count) | (hi << (32 - count));
    x[at + 1] = left ? (hi << count) | (lo >>> (32 - count)) : hi >>> count;
  }
}

function shiftWords(op: number, lane: number, count: number): number {
  let r = 0;
  for (let shift = 0; shift < 32; shift += 16) {
    const w = (lane >>> shift) & 0xffff;
    let v: number;
    if (op === Op.Psllw) v = count > 15 ? 0 : (w << count) & 0xffff;
    else if (op === Op.Psrlw) v = count > 15 ? 0 : w >>> count;
    else v = (((w << 16) >> 16) >> Math.min(count, 15)) & 0xffff;
    r |= v << shift;
  }
  return r;
}

/** punpcklbw/punpcklwd: interleave the low halves of dst and src. */
export function execUnpackLowNarrow(cpu: Cpu, insn: Insn): void {
  const src = readSource128(cpu, insn, true);
  const d = insn.r0 * 16;
  const dst = new Uint8Array(cpu.xmm.buffer, d, 16);
  const a = dst.slice(0, 8);
  const b = new Uint8Array(src.buffer, 0, 8);
  const unit = insn.op === Op.Punpcklbw ? 1 : 2;
  for (let i = 0, o = 0; i < 8; i += unit) {
    for (let k = 0; k < unit; k++) dst[o++] = a[i + k];
    for (let k = 0; k < unit; k++) dst[o++] = b[i + k];
  }
}

/** pcmpgtb/pcmpgtd: signed greater-than masks. */
export function execPackedCompareGreater(cpu: Cpu, insn: Insn): void {
  const src = readSource128(cpu, insn, true);
  const x = cpu.xmm;
  const d = insn.r0 * 4;
  for (let i = 0; i < 4; i++) {
    if (insn.op === Op.Pcmpgtd) {
      x[d + i] = x[d + i] > src[i] ? -1 : 0;
    } else {
      x[d + i] = subLanes(x[d + i], src[i], 8, (p, q) => (((p << 24) >> 24) > ((q << 24) >> 24) ? 0xff : 0));
    }
  }
}

/** movmskpd/movmskps: sign bits of the 2 doubles or 4 singles. */
export function execMoveMask(cpu: Cpu, insn: Insn): void {
  const x = cpu.xmm;
  const s = insn.r1 * 4;
  const mask = insn.op === Op.Movmskpd
    ? (x[s + 1] >>> 31) | ((x[s + 3] >>> 31) << 1)
    : (x[s] >>> 31) | ((x[s + 1] >>> 31) << 1) | ((x[s + 2] >>> 31) << 2) | ((x[s + 3] >>> 31) << 3);
  cpu.regs[insn.r0] = mask;
  cpu.regs[insn.r0 + 1] = 0;
}

/** punpckhbw/wd/dq/qdq (and unpckhps/pd): interleave the high halves. */
export function execUnpackHigh(cpu: Cpu, insn: Insn): void {
  const src = readSource128(cpu, insn, true);
  const dst = new Uint8Array(cpu.xmm.buffer, insn.r0 * 16, 16);
  const a = dst.slice(8, 16);
  const b = new Uint8Array(src.buffer, 8, 8);
  const unit = insn.op === Op.Punpckhbw ? 1 : insn.op === Op.Punpckhwd ? 2 : insn.op === Op.Punpckhdq ? 4 : 8;
  for (let i = 0, o = 0; i < 8; i += unit) {
    for (let k = 0; k < unit; k++) dst[o++] = a[i + k];
    for (let k = 0; k < unit; k++) dst[o++] = b[i + k];
  }
}

/** packuswb: 16 signed words (dst then src) to unsigned-saturated bytes. */
export function execPackuswb(cpu: Cpu, insn: Insn): void {
  const src = readSource128(cpu, insn, true);
  const dst = new Uint8Array(cpu.xmm.buffer, insn.r0 * 16, 16);
  const words = new Int16Array(16);
  words.set(new Int16Array(cpu.xmm.buffer, insn.r0 * 16, 8), 0);
  words.set(new Int16Array(src.buffer, 0, 8), 8);
  for (let i = 0; i < 16; i++) dst[i] = Math.max(0, Math.min(255, words[i]));
}

/** movlpd/movlps/movhpd/movhps: one 64-bit half between xmm and memory. */
export function execMovHalf(cpu: Cpu, insn: Insn): void {
  const lane = insn.op === Op.MovHighHalf ? 2 : 0;
  const x = cpu.xmm;
  if (insn.k0 === Kind.Xmm) {
    const lo = load64(cpu, effectiveAddress(cpu, insn));
    x[insn.r0 * 4 + lane] = lo;
    x[insn.r0 * 4 + lane + 1] = cpu.vHi;
  } else {
    const s = insn.r1 * 4 + lane;
    store64(cpu, effectiveAddress(cpu, insn), x[s], x[s + 1]);
  }
}
