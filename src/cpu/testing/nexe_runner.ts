/**
 * A minimal stand-in for a ZeroVM session, for CPU tests and benchmarks
 * only: loads a nexe's PT_LOAD segments into ZeroVM's layout, sets the entry
 * state of docs/zerovm-native.md section 7.4, and services the Write, Read
 * and Exit traps through callbacks. It does no validation, no manifest and
 * no channel accounting; the real session lives in src/session.
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
import { TrapId } from "../../trap/trap_handler.js";
import { writeTrampoline } from "../../trap/trampoline.js";

const ENTRY_RSP = 0xffffffc8;
const HEAP_BYTES = 16 * 2 ** 20;

export interface LoadedNexe {
  memory: GuestMemory;
  cpu: Cpu;
}

/** Loads a nexe (ELF64 bytes) and prepares ZeroVM's entry state. */
export function loadNexe(elf: Uint8Array): LoadedNexe {
  const memory = new GuestMemory();
  const view = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  const entry = Number(view.getBigUint64(24, true));
  const phoff = Number(view.getBigUint64(32, true));
  const phnum = view.getUint16(56, true);
  let heapStart = 0;
  let heapEnd = 0;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * view.getUint16(54, true);
    if (view.getUint32(at, true) !== 1) continue; // PT_LOAD
    const flags = view.getUint32(at + 4, true);
    const offset = Number(view.getBigUint64(at + 8, true));
    const vaddr = Number(view.getBigUint64(at + 16, true));
    const filesz = Number(view.getBigUint64(at + 32, true));
    const memsz = Number(view.getBigUint64(at + 40, true));
    if (memsz === 0) continue;
    memory.u8.set(elf.subarray(offset, offset + filesz), vaddr);
    const end = Math.ceil((vaddr + memsz + (flags & 1 ? 32 : 0)) / 0x10000) * 0x10000;
    if (flags & 1) {
      memory.u8.fill(0xf4, vaddr + filesz, end);
      memory.protect(vaddr, end, PROT_READ | PROT_EXEC);
    } else if (flags & 2) {
      memory.protect(vaddr, end + HEAP_BYTES, PROT_READ | PROT_WRITE);
      heapStart = vaddr + memsz;
      heapEnd = end + HEAP_BYTES;
    } else {
      memory.protect(vaddr, end, PROT_READ);
    }
  }
  writeTrampoline(memory);
  memory.protect(0x10000, 0x20000, PROT_READ | PROT_EXEC);
  memory.protect(0xff000000, 2 ** 32, PROT_READ | PROT_WRITE);
  memory.view.setUint32(0xffffffd8, 1, true);
  memory.view.setUint32(0xffffffdc, 0xfffffff0, true);
  writeUserManifest(memory, heapStart, heapEnd - heapStart);

  const cpu = new Cpu(memory);
  setPair(cpu, 4, SANDBOX_BASE_HI, ENTRY_RSP); // rsp
  setPair(cpu, 5, SANDBOX_BASE_HI, ENTRY_RSP); // rbp
  setPair(cpu, 1, SANDBOX_BASE_HI, entry); // rcx = host rip
  setPair(cpu, 7, 0, ENTRY_RSP + 8); // rdi
  setPair(cpu, 15, SANDBOX_BASE_HI, 0); // r15
  cpu.rip = entry;
  cpu.setRflags(0x246);
  return { memory, cpu };
}

/**
 * The user manifest of docs/zerovm-native.md 7.3 for /dev/stdin, /dev/stdout
 * and /dev/stderr (sequential, generous limits), read-only below the stack.
 */
function writeUserManifest(memory: GuestMemory, heapPtr: number, heapSize: number): void {
  const aliases = ["/dev/stdin", "/dev/stdout", "/dev/stderr"];
  const view = memory.view;
  const base = 0xff000000 - (48 * aliases.length + 24);
  let alias = base;
  const records = base + 20;
  aliases.forEach((name, i) => {
    alias -= name.length + 1;
    memory.u8.set(Buffer.from(`${name}\0`, "latin1"), alias);
    const record = records + 48 * i;
    for (let limit = 0; limit < 4; limit++) view.setBigInt64(record + 8 * limit, 1n << 40n, true);
    view.setUint32(record + 44, alias, true);
  });
  view.setUint32(base, heapPtr, true);
  view.setUint32(base + 4, heapSize, true);
  view.setUint32(base + 8, 0x1000000, true);
  view.setInt32(base + 12, aliases.length, true);
  view.setUint32(base + 16, records, true);
  view.setUint32(0xfefffffc, base, true);
  memory.protect(0xfeff0000, 0xff000000, PROT_READ);
}

function setPair(cpu: Cpu, register: number, hi: number, lo: number): void {
  cpu.regs[2 * register] = lo | 0;
  cpu.regs[2 * register + 1] = hi;
}

export interface TrapHandlers {
  /** Returns the trap result, or null to end the run. */
  write?(channel: number, bytes: Uint8Array): number | null;
  read?(channel: number, size: number): Uint8Array | null;
}

export type NexeOutcome =
  | { kind: "exit"; code: number }
  | { kind: "stopped"; stop: StopReason }
  | { kind: "ended by handler" }
  | { kind: "instruction limit" };

/** Runs until Exit, a non-trap stop, a handler ending the run, or the limit. */
export function runNexe(nexe: LoadedNexe, handlers: TrapHandlers, maxInstructions = 1e10): NexeOutcome {
  const { cpu } = nexe;
  for (;;) {
    if (cpu.instructionCount >= maxInstructions) return { kind: "instruction limit" };
    const stop = cpu.run(Math.min(50_000_000, maxInstructions - cpu.instructionCount));
    if (stop.kind === "budget") continue;
    if (stop.kind !== "thunk") return { kind: "stopped", stop };
    const outcome = serviceTrap(nexe, handlers);
    if (outcome !== null) return outcome;
  }
}

/** Performs one trap; returns an outcome when the run ends. */
function serviceTrap(nexe: LoadedNexe, handlers: TrapHandlers): NexeOutcome | null {
  const { cpu, memory } = nexe;
  const view = memory.view;
  const regs = cpu.regs;
  const sp = regs[8] >>> 0;
  const returnAddress = view.getUint32(sp + 8, true);
  const args = regs[14] >>> 0;
  const id = view.getUint32(args, true);
  const arg = (i: number): number => view.getUint32(args + 8 * i, true);
  let result: number;
  if (id === TrapId.Exit) return { kind: "exit", code: view.getInt32(args + 16, true) };
  if (id === TrapId.Write) {
    const bytes = memory.u8.subarray(arg(3), arg(3) + arg(4));
    const r = handlers.write ? handlers.write(arg(2), bytes) : bytes.length;
    if (r === null) return { kind: "ended by handler" };
    result = r;
  } else if (id === TrapId.Read) {
    const data = handlers.read ? handlers.read(arg(2), arg(4)) : new Uint8Array(0);
    if (data === null) return { kind: "ended by handler" };
    memory.u8.set(data.subarray(0, arg(4)), arg(3));
    result = Math.min(data.length, arg(4));
  } else {
    result = -1; // -EPERM for traps this stand-in does not serve
  }
  regs[8] = (sp + 16) | 0;
  regs[0] = result;
  regs[1] = result >> 31;
  for (const r of [2, 6, 8, 9, 10, 11]) setPair(cpu, r, 0, 0); // rdx rsi r8-r11
  setPair(cpu, 1, SANDBOX_BASE_HI, returnAddress);
  setPair(cpu, 7, 0, sp + 16 + 8);
  cpu.rip = returnAddress & ~31;
  cpu.resetVectorState();
  return null;
}
