/**
 * Control transfer: jmp, jcc, call, ret (direct and indirect).
 *
 * Targets are host addresses. A target whose high half is not 0x440A is
 * outside the sandbox: SIGSEGV reported at the target itself, as natively
 * (the fetch there faults). The one exception is the host address of
 * ZeroVM's dispatch thunk, 0x5AFECA110000: reaching it is a trap, and run()
 * stops with "thunk" right after the call that got there pushed its return
 * address. Every op here is the last of its block: it sets cpu.rip.
 */
import type { Cpu } from "../cpu.js";
import type { Insn } from "../../decoder/insn.js";
import { Kind } from "../../decoder/insn.js";
import { testCondition } from "../flags.js";
import { GuestFault, SIGSEGV } from "../guest_fault.js";
import { THUNK_HI, THUNK_LO } from "../stop_reason.js";
import { SANDBOX_BASE_HI } from "../../memory/guest_memory.js";
import { readOperand0Wide } from "../operands.js";
import { pop64, push64 } from "./stack.js";

/** Sends execution to host address (lo, hi), or stops at the thunk/faults. */
function transfer(cpu: Cpu, insn: Insn, lo: number, hi: number): void {
  if (hi === SANDBOX_BASE_HI) {
    cpu.rip = lo >>> 0;
    return;
  }
  if (hi === THUNK_HI && lo === THUNK_LO) {
    cpu.rip = insn.guestAddress;
    cpu.stopAtThunk = true;
    return;
  }
  throw new GuestFault(SIGSEGV, true, hi, lo);
}

export function execJmp(cpu: Cpu, insn: Insn): void {
  transfer(cpu, insn, insn.targetLo, insn.targetHi);
}

export function execJcc(cpu: Cpu, insn: Insn): void {
  if (testCondition(cpu, insn.cc)) transfer(cpu, insn, insn.targetLo, insn.targetHi);
}

export function execJmpIndirect(cpu: Cpu, insn: Insn): void {
  const lo = readTarget(cpu, insn);
  transfer(cpu, insn, lo, cpu.vHi);
}

export function execCall(cpu: Cpu, insn: Insn): void {
  push64(cpu, insn.nextAddress | 0, SANDBOX_BASE_HI);
  transfer(cpu, insn, insn.targetLo, insn.targetHi);
}

export function execCallIndirect(cpu: Cpu, insn: Insn): void {
  const lo = readTarget(cpu, insn);
  const hi = cpu.vHi;
  push64(cpu, insn.nextAddress | 0, SANDBOX_BASE_HI);
  transfer(cpu, insn, lo, hi);
}

export function execRet(cpu: Cpu, insn: Insn): void {
  const lo = pop64(cpu);
  const hi = cpu.vHi;
  if (insn.k0 === Kind.Imm) {
    const regs = cpu.regs;
    const sp = (regs[8] >>> 0) + (insn.immLo & 0xffff);
    regs[8] = sp | 0;
    if (sp >= 4294967296) regs[9] = (regs[9] + 1) | 0;
  }
  transfer(cpu, insn, lo, hi);
}

/** 64-bit jump/call target from a register or memory operand. */
function readTarget(cpu: Cpu, insn: Insn): number {
  return readOperand0Wide(cpu, insn);
}

/** loop/loope/loopne (decrement rcx, then test) and jrcxz; see Op.LoopCc. */
export function execLoop(cpu: Cpu, insn: Insn): void {
  const regs = cpu.regs;
  if (insn.cc !== -2) {
    if (regs[2] === 0) regs[3] = (regs[3] - 1) | 0;
    regs[2] = (regs[2] - 1) | 0;
  }
  const zero = regs[2] === 0 && regs[3] === 0;
  let taken: boolean;
  if (insn.cc === -2) taken = zero;
  else if (insn.cc === -1) taken = !zero;
  else taken = !zero && testCondition(cpu, insn.cc);
  if (taken) transfer(cpu, insn, insn.targetLo, insn.targetHi);
}
