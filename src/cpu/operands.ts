/**
 * Operand access for the interpreter: registers, effective addresses and
 * guest memory loads and stores with ZeroVM's protection checks.
 *
 * An effective address is the full 64-bit sum base + index*scale + disp,
 * computed on int32 halves in doubles (exact: every term is below 2^36). Its
 * high half must be SANDBOX_BASE_HI (0x440A), otherwise it points into a
 * guard region and the access faults with SIGSEGV, as natively. The low half
 * is the guest address. Loads need PROT_READ and stores PROT_WRITE on every
 * page they touch; an access that would run past 4 GiB faults.
 *
 * 64-bit values travel as (lo, hi): readers return lo and leave hi in
 * cpu.vHi, so no object is allocated per access.
 */
import type { Cpu } from "./cpu.js";
import type { Insn } from "../decoder/insn.js";
import { Kind } from "../decoder/insn.js";
import { GuestFault, SIGSEGV } from "./guest_fault.js";
import { SANDBOX_BASE_HI } from "../memory/guest_memory.js";

const TWO_32 = 4294967296;

/** Throws the SIGSEGV of an access outside the sandbox or without permission. */
export function segv(): never {
  throw new GuestFault(SIGSEGV);
}

/** Full 64-bit address of a memory operand as (lo, cpu.vHi), no checks (lea). */
export function addressOf(cpu: Cpu, insn: Insn): number {
  const regs = cpu.regs;
  const base = insn.base;
  const index = insn.index;
  const scale = insn.scale;
  const lo = (insn.dispLo >>> 0) + (regs[base] >>> 0) + (regs[index] >>> 0) * scale;
  if (insn.addr32) {
    cpu.vHi = 0;
    return lo | 0;
  }
  cpu.vHi = (insn.dispHi + regs[base + 1] + regs[index + 1] * scale + ((lo / TWO_32) | 0)) | 0;
  return lo | 0;
}

/**
 * Guest address of a memory operand as an int32 bit pattern (use `>>> 0`
 * for the unsigned address); SIGSEGV if outside the sandbox. Returning
 * int32 keeps typical addresses (data low, stack near 2^32 = small negative)
 * in V8's small-integer range, so an un-inlined call allocates nothing.
 */
export function effectiveAddress(cpu: Cpu, insn: Insn): number {
  const regs = cpu.regs;
  const base = insn.base;
  const index = insn.index;
  const scale = insn.scale;
  const lo = (insn.dispLo >>> 0) + (regs[base] >>> 0) + (regs[index] >>> 0) * scale;
  const hi = insn.addr32
    ? 0
    : (insn.dispHi + regs[base + 1] + regs[index + 1] * scale + ((lo / TWO_32) | 0)) | 0;
  if (hi !== SANDBOX_BASE_HI) segv();
  return lo | 0;
}

/** Checks that [address, address + size) is in the sandbox and allows `prot`. */
export function checkAccess(cpu: Cpu, address: number, size: number, prot: number): void {
  address >>>= 0;
  const pages = cpu.pageProt;
  if ((pages[address >>> 12] & prot) === 0) segv();
  const last = address + size - 1;
  if ((last ^ address) >>> 12 !== 0) {
    if (last >= TWO_32) segv();
    for (let page = (address >>> 12) + 1; page <= last >>> 12; page++) {
      if ((pages[page] & prot) === 0) segv();
    }
  }
}

export function load8(cpu: Cpu, address: number): number {
  address >>>= 0;
  if ((cpu.pageProt[address >>> 12] & 1) === 0) segv();
  return cpu.u8[address];
}

export function load16(cpu: Cpu, address: number): number {
  address >>>= 0;
  if ((address & 0xfff) > 0xffe) checkAccess(cpu, address, 2, 1);
  else if ((cpu.pageProt[address >>> 12] & 1) === 0) segv();
  return cpu.view.getUint16(address, true);
}

export function load32(cpu: Cpu, address: number): number {
  address >>>= 0;
  if ((address & 0xfff) > 0xffc) checkAccess(cpu, address, 4, 1);
  else if ((cpu.pageProt[address >>> 12] & 1) === 0) segv();
  return cpu.view.getInt32(address, true);
}

/** Loads 64 bits: returns lo, leaves hi in cpu.vHi. */
export function load64(cpu: Cpu, address: number): number {
  address >>>= 0;
  if ((address & 0xfff) > 0xff8) checkAccess(cpu, address, 8, 1);
  else if ((cpu.pageProt[address >>> 12] & 1) === 0) segv();
  const view = cpu.view;
  cpu.vHi = view.getInt32(address + 4, true);
  return view.getInt32(address, true);
}

export function store8(cpu: Cpu, address: number, value: number): void {
  address >>>= 0;
  if ((cpu.pageProt[address >>> 12] & 2) === 0) segv();
  cpu.u8[address] = value;
}

export function store16(cpu: Cpu, address: number, value: number): void {
  address >>>= 0;
  if ((address & 0xfff) > 0xffe) checkAccess(cpu, address, 2, 2);
  else if ((cpu.pageProt[address >>> 12] & 2) === 0) segv();
  cpu.view.setUint16(address, value, true);
}

export function store32(cpu: Cpu, address: number, value: number): void {
  address >>>= 0;
  if ((address & 0xfff) > 0xffc) checkAccess(cpu, address, 4, 2);
  else if ((cpu.pageProt[address >>> 12] & 2) === 0) segv();
  cpu.view.setInt32(address, value, true);
}

export function store64(cpu: Cpu, address: number, lo: number, hi: number): void {
  address >>>= 0;
  if ((address & 0xfff) > 0xff8) checkAccess(cpu, address, 8, 2);
  else if ((cpu.pageProt[address >>> 12] & 2) === 0) segv();
  const view = cpu.view;
  view.setInt32(address, lo, true);
  view.setInt32(address + 4, hi, true);
}

/** Loads a value of size 1, 2 or 4 (address as int32 or uint32) (8/16-bit zero-extended, 32-bit int32). */
export function loadSized(cpu: Cpu, address: number, size: number): number {
  if (size === 4) return load32(cpu, address);
  if (size === 1) return load8(cpu, address);
  return load16(cpu, address);
}

export function storeSized(cpu: Cpu, address: number, size: number, value: number): void {
  if (size === 4) store32(cpu, address, value);
  else if (size === 1) store8(cpu, address, value);
  else store16(cpu, address, value);
}

/** Reads a register of size 1, 2 or 4. */
export function readReg(regs: Int32Array, slot: number, shift: number, size: number): number {
  if (size === 4) return regs[slot];
  if (size === 1) return (regs[slot] >>> shift) & 0xff;
  return regs[slot] & 0xffff;
}

/** Writes a register of size 1, 2 or 4 (32-bit writes zero the high half). */
export function writeReg(regs: Int32Array, slot: number, shift: number, size: number, value: number): void {
  if (size === 4) {
    regs[slot] = value;
    regs[slot + 1] = 0;
  } else if (size === 1) {
    regs[slot] = (regs[slot] & ~(0xff << shift)) | ((value & 0xff) << shift);
  } else {
    regs[slot] = (regs[slot] & ~0xffff) | (value & 0xffff);
  }
}

/**
 * Reads operand 0 (register or memory) of size 1, 2 or 4. For memory it
 * leaves the guest address in cpu.ea so writeOperand0 can store back.
 */
export function readOperand0(cpu: Cpu, insn: Insn): number {
  if (insn.k0 === Kind.Reg) return readReg(cpu.regs, insn.r0, insn.s0, insn.size);
  const address = effectiveAddress(cpu, insn);
  cpu.ea = address;
  return loadSized(cpu, address, insn.size);
}

/** Writes operand 0; for memory, computes the address unless `haveEa`. */
export function writeOperand0(cpu: Cpu, insn: Insn, value: number, haveEa: boolean): void {
  if (insn.k0 === Kind.Reg) {
    writeReg(cpu.regs, insn.r0, insn.s0, insn.size, value);
    return;
  }
  const address = haveEa ? cpu.ea : effectiveAddress(cpu, insn);
  storeSized(cpu, address, insn.size, value);
}

/** Reads operand 1 (register, memory or immediate) of size 1, 2 or 4. */
export function readOperand1(cpu: Cpu, insn: Insn): number {
  switch (insn.k1) {
    case Kind.Imm:
      return insn.immLo;
    case Kind.Reg:
      return readReg(cpu.regs, insn.r1, insn.s1, insn.size);
    default:
      return loadSized(cpu, effectiveAddress(cpu, insn), insn.size);
  }
}

/** 64-bit operand 0: returns lo, hi in cpu.vHi; memory address in cpu.ea. */
export function readOperand0Wide(cpu: Cpu, insn: Insn): number {
  if (insn.k0 === Kind.Reg) {
    cpu.vHi = cpu.regs[insn.r0 + 1];
    return cpu.regs[insn.r0];
  }
  const address = effectiveAddress(cpu, insn);
  cpu.ea = address;
  return load64(cpu, address);
}

export function writeOperand0Wide(cpu: Cpu, insn: Insn, lo: number, hi: number, haveEa: boolean): void {
  if (insn.k0 === Kind.Reg) {
    cpu.regs[insn.r0] = lo;
    cpu.regs[insn.r0 + 1] = hi;
    return;
  }
  store64(cpu, haveEa ? cpu.ea : effectiveAddress(cpu, insn), lo, hi);
}

/** 64-bit operand 1: returns lo, hi in cpu.vHi. */
export function readOperand1Wide(cpu: Cpu, insn: Insn): number {
  switch (insn.k1) {
    case Kind.Imm:
      cpu.vHi = insn.immHi;
      return insn.immLo;
    case Kind.Reg:
      cpu.vHi = cpu.regs[insn.r1 + 1];
      return cpu.regs[insn.r1];
    default:
      return load64(cpu, effectiveAddress(cpu, insn));
  }
}

/** Masks a value to an operand size of 1, 2 or 4 bytes. */
export function truncate(size: number, value: number): number {
  if (size === 4) return value | 0;
  if (size === 1) return value & 0xff;
  return value & 0xffff;
}
