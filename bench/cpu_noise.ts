/**
 * Interpreter throughput on ZeroVM's noise demo (guest instructions/second).
 *
 * Loads ../shared/nexes/zerovm-demo/noise.nexe by hand (its PT_LOAD
 * segments), builds the trampoline slot and the ZeroVM entry state, and runs
 * the CPU alone, handling traps minimally: TrapWrite counts bytes and
 * returns the size until 64 MiB have been written, then the run stops;
 * TrapExit stops. No channels, validator or session are involved.
 *
 * Usage: npx tsc -p . && node dist/bench/cpu_noise.js [MiB=64] [rounds=3]
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Cpu } from "../src/cpu/cpu.js";
import {
  GuestMemory,
  PROT_EXEC,
  PROT_READ,
  PROT_WRITE,
  SANDBOX_BASE_HI,
} from "../src/memory/guest_memory.js";

const TRAP_WRITE = 0x74697257;
const TRAP_READ = 0x64616552;
const TRAP_EXIT = 0x74697845;

/** The trampoline slot: mov $0x5AFECA110000,%rax; call *%rax; hlt... */
const TRAMPOLINE = [0x48, 0xb8, 0x00, 0x00, 0x11, 0xca, 0xfe, 0x5a, 0x00, 0x00, 0xff, 0xd0];

interface RunResult {
  instructions: number;
  /** Wall-clock seconds. */
  seconds: number;
  /** Process CPU seconds (user + system): steadier on a shared machine. */
  cpuSeconds: number;
  bytesWritten: number;
  writes: number;
  /** SHA-1 of the first MiB written (ZeroVM's stdout etag with a 1 MiB limit). */
  firstMibSha1: string;
}

/** Native ZeroVM's /dev/stdout etag for noise with PutSize 1 MiB (oracle case noise_file_1m). */
const ORACLE_FIRST_MIB_SHA1 = "3fd601c848c17b69ba79f7720bee40918013dbc5";

function loadSegments(memory: GuestMemory, elf: Uint8Array): number {
  const view = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  const entry = Number(view.getBigUint64(24, true));
  const phoff = Number(view.getBigUint64(32, true));
  const phentsize = view.getUint16(54, true);
  const phnum = view.getUint16(56, true);
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (view.getUint32(at, true) !== 1) continue; // PT_LOAD
    const flags = view.getUint32(at + 4, true);
    const offset = Number(view.getBigUint64(at + 8, true));
    const vaddr = Number(view.getBigUint64(at + 16, true));
    const filesz = Number(view.getBigUint64(at + 32, true));
    const memsz = Number(view.getBigUint64(at + 40, true));
    memory.u8.set(elf.subarray(offset, offset + filesz), vaddr);
    const end = Math.ceil((vaddr + memsz) / 0x10000) * 0x10000;
    if (flags & 1) {
      memory.u8.fill(0xf4, vaddr + filesz, end);
      memory.protect(vaddr, end, PROT_READ | PROT_EXEC);
    } else {
      memory.protect(vaddr, flags & 2 ? end + 0x1000000 : end, flags & 2 ? PROT_READ | PROT_WRITE : PROT_READ);
    }
  }
  return entry;
}

function setUp(elf: Uint8Array): Cpu {
  const memory = new GuestMemory();
  const entry = loadSegments(memory, elf);
  memory.u8.fill(0xf4, 0x10000, 0x20000);
  memory.u8.set(TRAMPOLINE, 0x10000);
  memory.protect(0x10000, 0x20000, PROT_READ | PROT_EXEC);
  memory.protect(0xff000000, 2 ** 32, PROT_READ | PROT_WRITE);
  memory.view.setUint32(0xffffffd8, 1, true);
  memory.view.setUint32(0xffffffdc, 0xfffffff0, true);

  const cpu = new Cpu(memory);
  const regs = cpu.regs;
  regs[8] = 0xffffffc8 | 0; // rsp
  regs[9] = SANDBOX_BASE_HI;
  regs[10] = 0xffffffc8 | 0; // rbp
  regs[11] = SANDBOX_BASE_HI;
  regs[2] = entry; // rcx = host rip
  regs[3] = SANDBOX_BASE_HI;
  regs[14] = 0xffffffd0 | 0; // rdi
  regs[30] = 0; // r15 = R15
  regs[31] = SANDBOX_BASE_HI;
  cpu.rip = entry;
  cpu.setRflags(0x246);
  return cpu;
}

/** Per-run SHA-1 of the output, kept beside the result. */
const hashes = new WeakMap<RunResult, ReturnType<typeof createHash>>();

/** Performs the trap at the thunk; returns false when the run should end. */
function handleTrap(cpu: Cpu, state: RunResult, limitBytes: number): boolean {
  const regs = cpu.regs;
  const view = cpu.view;
  const sp = regs[8] >>> 0;
  const returnAddress = view.getUint32(sp + 8, true);
  const args = regs[14] >>> 0;
  const id = view.getUint32(args, true);
  let result = 0;
  if (id === TRAP_WRITE) {
    const size = view.getUint32(args + 32, true);
    if (state.bytesWritten >= limitBytes) return false;
    if (state.bytesWritten < 2 ** 20) {
      const buffer = view.getUint32(args + 24, true);
      const take = Math.min(size, 2 ** 20 - state.bytesWritten);
      hashes.get(state)?.update(cpu.u8.subarray(buffer, buffer + take));
    }
    state.bytesWritten += size;
    state.writes++;
    result = size;
  } else if (id === TRAP_READ) {
    result = 0;
  } else if (id === TRAP_EXIT) {
    return false;
  } else {
    result = -1;
  }
  regs[8] = (sp + 16) | 0;
  regs[0] = result;
  regs[1] = result >> 31;
  cpu.rip = returnAddress & ~31;
  cpu.resetVectorState();
  return true;
}

function runOnce(elf: Uint8Array, limitBytes: number): RunResult {
  const cpu = setUp(elf);
  const state: RunResult = { instructions: 0, seconds: 0, cpuSeconds: 0, bytesWritten: 0, writes: 0, firstMibSha1: "" };
  const hash = createHash("sha1");
  hashes.set(state, hash);
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  for (;;) {
    const stop = cpu.run(50_000_000);
    if (stop.kind === "budget") continue;
    if (stop.kind !== "thunk") throw new Error(`noise stopped: ${JSON.stringify(stop)}`);
    if (!handleTrap(cpu, state, limitBytes)) break;
  }
  state.seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpuStart);
  state.cpuSeconds = (used.user + used.system) / 1e6;
  state.instructions = cpu.instructionCount;
  state.firstMibSha1 = hash.digest("hex");
  return state;
}

function main(): void {
  const mib = Number(process.argv[2] ?? 64);
  const rounds = Number(process.argv[3] ?? 3);
  const path = fileURLToPath(new URL("../../../shared/nexes/zerovm-demo/noise.nexe", import.meta.url));
  const elf = new Uint8Array(readFileSync(path));
  const rates: number[] = [];
  const cpuRates: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const r = runOnce(elf, mib * 2 ** 20);
    const rate = r.instructions / r.seconds / 1e6;
    const cpuRate = r.instructions / r.cpuSeconds / 1e6;
    rates.push(rate);
    cpuRates.push(cpuRate);
    if (r.bytesWritten >= 2 ** 20 && r.firstMibSha1 !== ORACLE_FIRST_MIB_SHA1) {
      throw new Error(`noise output differs from native ZeroVM: sha1 ${r.firstMibSha1}`);
    }
    console.log(
      `round ${round + 1}: ${r.instructions} insns in ${r.seconds.toFixed(3)} s = ` +
        `${rate.toFixed(1)} M insn/s wall, ${cpuRate.toFixed(1)} M insn/s per CPU second ` +
        `(${r.writes} writes, ${r.bytesWritten} bytes)`,
    );
  }
  rates.sort((a, b) => a - b);
  cpuRates.sort((a, b) => a - b);
  console.log(
    `cpu_noise interpreter: median ${rates[rates.length >> 1].toFixed(1)} M guest insn/s wall, ` +
      `${cpuRates[cpuRates.length >> 1].toFixed(1)} M per CPU second ` +
      `(${rates[0].toFixed(1)}-${rates[rates.length - 1].toFixed(1)} wall; node ${process.version}, ${mib} MiB)`,
  );
}

main();
