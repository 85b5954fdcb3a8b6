/**
 * push, pop, leave, pushfq, popfq.
 *
 * rsp holds a host address (R15 + guest address). Each access checks that
 * the new stack address is still inside the sandbox and that the page
 * allows it, then moves rsp only after the memory access succeeded, so a
 * faulting push leaves rsp unchanged as on hardware.
 */
import type { Cpu } from "../cpu.js";
import type { Insn } from "../../decoder/insn.js";
import { Kind } from "../../decoder/insn.js";
import { DF, setArithFlags } from "../flags.js";
import {
  effectiveAddress,
  load16,
  load64,
  readOperand0,
  readOperand0Wide,
  segv,
  store16,
  store64,
  writeOperand0,
  writeOperand0Wide,
} from "../operands.js";
import { SANDBOX_BASE_HI } from "../../memory/guest_memory.js";

/** RSP slots in Cpu.regs. */
const RSP = 8;

/** Pushes a 64-bit value (lo, hi). */
export function push64(cpu: Cpu, lo: number, hi: number): void {
  const regs = cpu.regs;
  const sp = regs[RSP];
  const newSp = (sp - 8) | 0;
  const newHi = sp >>> 0 < 8 ? (regs[RSP + 1] - 1) | 0 : regs[RSP + 1];
  if (newHi !== SANDBOX_BASE_HI) segv();
  store64(cpu, newSp >>> 0, lo, hi);
  regs[RSP] = newSp;
  regs[RSP + 1] = newHi;
}

/** Pops a 64-bit value: returns lo, leaves hi in cpu.vHi. */
export function pop64(cpu: Cpu): number {
  const regs = cpu.regs;
  if (regs[RSP + 1] !== SANDBOX_BASE_HI) segv();
  const sp = regs[RSP] >>> 0;
  const lo = load64(cpu, sp);
  const hi = cpu.vHi;
  const newSp = (sp + 8) | 0;
  if (sp + 8 >= 4294967296) regs[RSP + 1] = (regs[RSP + 1] + 1) | 0;
  regs[RSP] = newSp;
  cpu.vHi = hi;
  return lo;
}

export function execPush(cpu: Cpu, insn: Insn): void {
  if (insn.size === 2) {
    const value = insn.k0 === Kind.Imm ? insn.immLo : readOperand0(cpu, insn);
    const regs = cpu.regs;
    const sp = regs[RSP];
    const newHi = sp >>> 0 < 2 ? (regs[RSP + 1] - 1) | 0 : regs[RSP + 1];
    if (newHi !== SANDBOX_BASE_HI) segv();
    store16(cpu, (sp - 2) >>> 0, value);
    regs[RSP] = (sp - 2) | 0;
    regs[RSP + 1] = newHi;
    return;
  }
  let lo: number;
  let hi: number;
  if (insn.k0 === Kind.Imm) {
    lo = insn.immLo;
    hi = insn.immHi;
  } else {
    lo = readOperand0Wide(cpu, insn);
    hi = cpu.vHi;
  }
  push64(cpu, lo, hi);
}

export function execPop(cpu: Cpu, insn: Insn): void {
  if (insn.size === 2) {
    const regs = cpu.regs;
    if (regs[RSP + 1] !== SANDBOX_BASE_HI) segv();
    const sp = regs[RSP] >>> 0;
    const value = load16(cpu, sp);
    if (sp + 2 >= 4294967296) regs[RSP + 1] = (regs[RSP + 1] + 1) | 0;
    regs[RSP] = (sp + 2) | 0;
    writeOperand0(cpu, insn, value, false);
    return;
  }
  if (insn.k0 === Kind.Mem) {
    // The destination address is computed after rsp moved (as hardware does).
    const regs = cpu.regs;
    const oldLo = regs[RSP];
    const oldHi = regs[RSP + 1];
    const lo = pop64(cpu);
    const hi = cpu.vHi;
    try {
      effectiveAddress(cpu, insn);
    } catch (fault) {
      regs[RSP] = oldLo;
      regs[RSP + 1] = oldHi;
      throw fault;
    }
    writeOperand0Wide(cpu, insn, lo, hi, false);
    return;
  }
  const lo = pop64(cpu);
  cpu.regs[insn.r0] = lo;
  cpu.regs[insn.r0 + 1] = cpu.vHi;
}

/** leave: rsp = rbp, then pop rbp. */
export function execLeave(cpu: Cpu): void {
  const regs = cpu.regs;
  const oldLo = regs[RSP];
  const oldHi = regs[RSP + 1];
  regs[RSP] = regs[10];
  regs[RSP + 1] = regs[11];
  try {
    regs[10] = pop64(cpu);
    regs[11] = cpu.vHi;
  } catch (fault) {
    regs[RSP] = oldLo;
    regs[RSP + 1] = oldHi;
    throw fault;
  }
}

/** pushfq: pushes RFLAGS (RF and VM read as 0). */
export function execPushf(cpu: Cpu): void {
  push64(cpu, cpu.getRflags(), 0);
}

/** popfq: restores the arithmetic flags and DF; other bits are ignored. */
export function execPopf(cpu: Cpu): void {
  const value = pop64(cpu);
  setArithFlags(cpu, value);
  cpu.df = (value & DF) !== 0 ? 1 : 0;
}


