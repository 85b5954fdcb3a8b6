/**
 * A small guest for CPU tests: one GuestMemory with a code page, data pages
 * and a stack page, and a Cpu that runs byte sequences in it.
 *
 * Layout (guest addresses): code R+X at 0x20000-0x20FFF, data R+W at
 * 0x30000-0x30FFF, read-only data at 0x31000-0x31FFF, nothing at
 * 0x32000, stack R+W at 0xFFFFF000-0xFFFFFFFF (rsp = host 0x440A_FFFFFF00).
 * Code is followed by hlt, so a sequence that runs to its end stops with
 * SIGSEGV at CODE_START + length: see `runCode`.
 */
import { Cpu } from "../cpu.js";
import type { StopReason } from "../stop_reason.js";
import {
  GuestMemory,
  PROT_EXEC,
  PROT_READ,
  PROT_WRITE,
  SANDBOX_BASE_HI,
} from "../../memory/guest_memory.js";

export const CODE_START = 0x20000;
export const DATA_START = 0x30000;
export const READ_ONLY_START = 0x31000;
export const UNMAPPED_START = 0x32000;
export const STACK_TOP = 0xffffff00;
/** Host address of guest 0 (R15). */
export const R15 = BigInt(SANDBOX_BASE_HI) << 32n;

/** GPR names in x86 encoding order. */
export const GPR_NAMES = [
  "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
  "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
] as const;
export type GprName = (typeof GPR_NAMES)[number];

export function getReg(cpu: Cpu, name: GprName): bigint {
  const i = GPR_NAMES.indexOf(name);
  return (BigInt(cpu.regs[2 * i + 1] >>> 0) << 32n) | BigInt(cpu.regs[2 * i] >>> 0);
}

export function setReg(cpu: Cpu, name: GprName, value: bigint): void {
  const i = GPR_NAMES.indexOf(name);
  const v = BigInt.asUintN(64, value);
  cpu.regs[2 * i] = Number(v & 0xffffffffn) | 0;
  cpu.regs[2 * i + 1] = Number(v >> 32n) | 0;
}

/** A reusable guest: create once per test file, run many sequences. */
export class TestGuest {
  readonly memory = new GuestMemory();
  readonly cpu = new Cpu(this.memory);

  constructor() {
    this.memory.protect(CODE_START, CODE_START + 0x1000, PROT_READ | PROT_EXEC);
    this.memory.protect(DATA_START, DATA_START + 0x1000, PROT_READ | PROT_WRITE);
    this.memory.protect(READ_ONLY_START, READ_ONLY_START + 0x1000, PROT_READ);
    this.memory.protect(0xfffff000, 2 ** 32, PROT_READ | PROT_WRITE);
  }

  /** Writes code at CODE_START (then hlt padding) and resets the CPU state. */
  load(code: ArrayLike<number>): void {
    const u8 = this.memory.u8;
    u8.fill(0xf4, CODE_START, CODE_START + 0x1000);
    u8.set(Array.from(code), CODE_START);
    u8.fill(0, DATA_START, DATA_START + 0x1000);
    this.cpu.invalidate(CODE_START, CODE_START + 0x1000);
    this.cpu.regs.fill(0);
    setReg(this.cpu, "rsp", R15 + BigInt(STACK_TOP));
    setReg(this.cpu, "rbp", R15 + BigInt(STACK_TOP));
    setReg(this.cpu, "r15", R15);
    this.cpu.setRflags(0x202);
    this.cpu.df = 0;
    this.cpu.rip = CODE_START;
  }

  /** Runs from CODE_START until a stop (budget 1e6 instructions). */
  run(budget = 1_000_000): StopReason {
    return this.cpu.run(budget);
  }

  /**
   * Runs the loaded code and expects it to reach the hlt after it: returns
   * normally then, throws with the stop reason otherwise.
   */
  runToEnd(length: number): void {
    const stop = this.run();
    const end = CODE_START + length;
    if (stop.kind !== "fault" || stop.signal !== 11 || stop.ripLo !== end) {
      throw new Error(`Expected to stop at the hlt at 0x${end.toString(16)}: ${JSON.stringify(stop)}`);
    }
  }
}

/** Parses "48 01 d8" style hex into bytes. */
export function hexBytes(text: string): number[] {
  return text.trim().split(/\s+/).filter(Boolean).map((b) => parseInt(b, 16));
}
