/**
 * String instructions: movs, stos, lods, cmps, scas (b/w/d/q), with the
 * rep, repe and repne prefixes and the direction flag.
 *
 * rsi and rdi hold host addresses; each element access checks that they are
 * inside the sandbox. rep movs and rep stos going forward over ranges whose
 * protections allow the whole transfer run as one copyWithin/fill (about 6x
 * a byte loop); otherwise the element loop runs, so a fault happens at the
 * right element with rsi, rdi and rcx as the hardware leaves them.
 */
import type { Cpu } from "../cpu.js";
import type { Insn } from "../../decoder/insn.js";
import { Op } from "../../decoder/insn.js";
import { FlagOp, getZF, recordFlags } from "../flags.js";
import {
  load64,
  loadSized,
  readReg,
  segv,
  store64,
  storeSized,
  writeReg,
} from "../operands.js";
import { PROT_READ, PROT_WRITE, SANDBOX_BASE_HI } from "../../memory/guest_memory.js";

const RCX = 2;
const RSI = 12;
const RDI = 14;
const TWO_32 = 4294967296;

export function execString(cpu: Cpu, insn: Insn): void {
  if (insn.rep === 0) {
    stringStep(cpu, insn);
    return;
  }
  const regs = cpu.regs;
  const conditional = insn.op === Op.Cmps || insn.op === Op.Scas;
  if (!conditional && cpu.df === 0 && regs[RCX + 1] === 0 && tryBulk(cpu, insn)) return;
  while (regs[RCX] !== 0 || regs[RCX + 1] !== 0) {
    stringStep(cpu, insn);
    if (regs[RCX] === 0) regs[RCX + 1] = (regs[RCX + 1] - 1) | 0;
    regs[RCX] = (regs[RCX] - 1) | 0;
    if (conditional && getZF(cpu) !== (insn.rep === 1 ? 1 : 0)) break;
  }
}

/** Guest address held in rsi or rdi; SIGSEGV outside the sandbox. */
function pointer(cpu: Cpu, slot: number): number {
  if (cpu.regs[slot + 1] !== SANDBOX_BASE_HI) segv();
  return cpu.regs[slot] >>> 0;
}

/** Adds a signed byte delta to the 64-bit register at `slot`. */
function advance(regs: Int32Array, slot: number, delta: number): void {
  const sum = (regs[slot] >>> 0) + delta;
  regs[slot] = sum | 0;
  if (sum >= TWO_32) regs[slot + 1] = (regs[slot + 1] + 1) | 0;
  else if (sum < 0) regs[slot + 1] = (regs[slot + 1] - 1) | 0;
}

/** One element of the string operation, then rsi/rdi move by +-size. */
function stringStep(cpu: Cpu, insn: Insn): void {
  const regs = cpu.regs;
  const size = insn.size;
  const delta = cpu.df === 0 ? size : -size;
  switch (insn.op) {
    case Op.Movs: {
      const src = pointer(cpu, RSI);
      const dst = pointer(cpu, RDI);
      if (size === 8) {
        const lo = load64(cpu, src);
        store64(cpu, dst, lo, cpu.vHi);
      } else {
        storeSized(cpu, dst, size, loadSized(cpu, src, size));
      }
      advance(regs, RSI, delta);
      advance(regs, RDI, delta);
      return;
    }
    case Op.Stos: {
      const dst = pointer(cpu, RDI);
      if (size === 8) store64(cpu, dst, regs[0], regs[1]);
      else storeSized(cpu, dst, size, readReg(regs, 0, 0, size));
      advance(regs, RDI, delta);
      return;
    }
    case Op.Lods: {
      const src = pointer(cpu, RSI);
      if (size === 8) {
        regs[0] = load64(cpu, src);
        regs[1] = cpu.vHi;
      } else {
        writeReg(regs, 0, 0, size, loadSized(cpu, src, size));
      }
      advance(regs, RSI, delta);
      return;
    }
    case Op.Cmps: {
      const src = pointer(cpu, RSI);
      const dst = pointer(cpu, RDI);
      compareElements(cpu, size, src, true, dst);
      advance(regs, RSI, delta);
      advance(regs, RDI, delta);
      return;
    }
    default: {
      const dst = pointer(cpu, RDI);
      compareElements(cpu, size, 0, false, dst);
      advance(regs, RDI, delta);
    }
  }
}

/** Flags of [first] - [second]; first is memory (cmps) or the accumulator (scas). */
function compareElements(cpu: Cpu, size: number, first: number, fromMemory: boolean, second: number): void {
  const regs = cpu.regs;
  if (size === 8) {
    let a: number;
    let ah: number;
    if (fromMemory) {
      a = load64(cpu, first);
      ah = cpu.vHi;
    } else {
      a = regs[0];
      ah = regs[1];
    }
    const b = load64(cpu, second);
    const bh = cpu.vHi;
    const r = (a - b) | 0;
    recordFlags(cpu, FlagOp.Sub, 8, a, b, r);
    cpu.fAh = ah;
    cpu.fBh = bh;
    cpu.fRh = (ah - bh - (a >>> 0 < b >>> 0 ? 1 : 0)) | 0;
    return;
  }
  const a = fromMemory ? loadSized(cpu, first, size) : readReg(regs, 0, 0, size);
  const b = loadSized(cpu, second, size);
  const r = size === 4 ? (a - b) | 0 : (a - b) & (size === 1 ? 0xff : 0xffff);
  recordFlags(cpu, FlagOp.Sub, size, a, b, r);
}

/** True if [address, address + length) lies in the sandbox and allows prot. */
function rangeAllows(cpu: Cpu, address: number, length: number, prot: number): boolean {
  if (address + length > TWO_32) return false;
  const pages = cpu.pageProt;
  const last = (address + length - 1) >>> 12;
  for (let page = address >>> 12; page <= last; page++) {
    if ((pages[page] & prot) !== prot) return false;
  }
  return true;
}

/** rep movs / rep stos forward in one typed-array operation, if safe. */
function tryBulk(cpu: Cpu, insn: Insn): boolean {
  const regs = cpu.regs;
  const count = regs[RCX] >>> 0;
  const length = count * insn.size;
  if (regs[RDI + 1] !== SANDBOX_BASE_HI) return false;
  const dst = regs[RDI] >>> 0;
  if (!rangeAllows(cpu, dst, length, PROT_WRITE)) return false;
  const u8 = cpu.u8;
  if (insn.op === Op.Movs) {
    if (regs[RSI + 1] !== SANDBOX_BASE_HI) return false;
    const src = regs[RSI] >>> 0;
    if (!rangeAllows(cpu, src, length, PROT_READ)) return false;
    // Forward element copies equal memmove unless dst overlaps src from above.
    if (dst > src && dst < src + length) return false;
    u8.copyWithin(dst, src, src + length);
    advance(regs, RSI, length);
  } else if (insn.op === Op.Stos) {
    fillPattern(cpu, dst, insn.size, count);
  } else {
    return false;
  }
  advance(regs, RDI, length);
  regs[RCX] = 0;
  return true;
}

/** Writes `count` copies of the accumulator's low `size` bytes at dst. */
function fillPattern(cpu: Cpu, dst: number, size: number, count: number): void {
  const regs = cpu.regs;
  const u8 = cpu.u8;
  const length = count * size;
  if (size === 1) {
    u8.fill(regs[0] & 0xff, dst, dst + length);
    return;
  }
  if (count === 0) return;
  const view = cpu.view;
  if (size === 2) view.setUint16(dst, regs[0], true);
  else view.setInt32(dst, regs[0], true);
  if (size === 8) view.setInt32(dst + 4, regs[1], true);
  for (let done = size; done < length; done *= 2) {
    u8.copyWithin(dst + done, dst, dst + Math.min(done, length - done));
  }
}
