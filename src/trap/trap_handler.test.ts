import { mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { Accounting, Channel } from "../channels/channel.js";
import type { Cpu } from "../cpu/cpu.js";
import type { ChannelSpec } from "../manifest/manifest_types.js";
import { GuestMemory, PROT_EXEC, PROT_NONE, PROT_READ, PROT_WRITE } from "../memory/guest_memory.js";
import { MemoryMap } from "../memory/memory_map.js";
import { handleTrap, TrapId, type TrapContext } from "./trap_handler.js";
import { writeTrampoline } from "./trampoline.js";

/** The part of Cpu the trap layer touches. */
class FakeCpu {
  regs = new Int32Array(32);
  rip = 0;
  rflags = 0;
  vectorResets = 0;
  invalidated: Array<[number, number]> = [];
  setRflags(value: number): void {
    this.rflags = value;
  }
  resetVectorState(): void {
    this.vectorResets++;
  }
  invalidate(start: number, end: number): void {
    this.invalidated.push([start, end]);
  }
}

const memory = new GuestMemory();
const STACK_TOP = 0xffffff00;
const ARGS = 0xfffff800;
const BUFFER = 0xfffff000;

function spec(alias: string, type: number, limits: number[]): ChannelSpec {
  return {
    alias,
    type,
    etag: 1,
    limits: limits.map(BigInt) as [bigint, bigint, bigint, bigint],
    sources: [],
    line: 1,
  };
}

function makeMap(): MemoryMap {
  const map = new MemoryMap();
  map.set({ name: "LeftBumper", start: 0, end: 0x10000, prot: PROT_NONE });
  map.set({ name: "Text", start: 0x10000, end: 0x30000, prot: PROT_READ | PROT_EXEC });
  map.set({ name: "Heap", start: 0x40000, end: 0x1000000, prot: PROT_READ | PROT_WRITE });
  map.set({ name: "Hole", start: 0x1000000, end: 0xfeff0000, prot: PROT_NONE });
  map.set({ name: "SysData", start: 0xfeff0000, end: 0xff000000, prot: PROT_READ });
  map.set({ name: "Stack", start: 0xff000000, end: 2 ** 32, prot: PROT_READ | PROT_WRITE });
  return map;
}

let cpu: FakeCpu;
let context: TrapContext;
let dir: string;

/** Prepares the stack as the CPU leaves it at the thunk, then traps. */
function trap(id: number, ...args: number[]): number {
  const view = memory.view;
  view.setBigUint64(ARGS, BigInt(id), true);
  view.setBigUint64(ARGS + 8, 0n, true);
  args.forEach((value, i) => view.setBigInt64(ARGS + 16 + 8 * i, BigInt(value), true));

  const rsp = STACK_TOP - 16;
  view.setUint32(rsp, 0x1000c, true);
  view.setUint32(rsp + 4, 0x440a, true);
  view.setUint32(rsp + 8, 0x20047, true);
  view.setUint32(rsp + 12, 0x440a, true);
  cpu.regs[8] = rsp | 0;
  cpu.regs[9] = 0x440a;
  cpu.regs[14] = ARGS | 0;
  const outcome = handleTrap(context);
  return outcome.kind === "exit" ? NaN : cpu.regs[0];
}

beforeEach(() => {
  memory.protect(0, 0x10000, PROT_NONE);
  memory.protect(0x10000, 0x30000, PROT_READ | PROT_EXEC);
  memory.protect(0xff000000, 2 ** 32, PROT_READ | PROT_WRITE);
  writeTrampoline(memory);
  dir = mkdtempSync(join(tmpdir(), "zerovm-ts-trap-"));
  cpu = new FakeCpu();

  const input = join(dir, "in");
  writeFileSync(input, "0123456789abcdef".repeat(29) + "0123456789");
  const stdin = new Channel(spec("/dev/stdin", 1, [100, 1000, 0, 0]));
  stdin.sources.push({ kind: "regular", path: input, fd: openSync(input, "r") });
  stdin.size = 474;
  const out = join(dir, "out");
  const stdout = new Channel(spec("/dev/stdout", 0, [0, 0, 3, 100]));
  stdout.sources.push({ kind: "regular", path: out, fd: openSync(out, "w") });

  context = {
    cpu: cpu as unknown as Cpu,
    memory,
    map: makeMap(),
    channels: [stdin, stdout],
    accounting: new Accounting(),
    validateJail: () => false,
    hasJob: false,
  };
});

describe("trap return state", () => {
  it("leaves registers as ZeroVM's return path does", () => {
    cpu.regs[4] = 77;
    cpu.regs[6] = 55;
    const result = trap(TrapId.Write, 1, BUFFER, 0, 0);
    expect(result).toBe(0);
    expect(cpu.rip).toBe(0x20040);
    expect(cpu.regs[8] >>> 0).toBe(STACK_TOP);
    expect(cpu.regs[2] >>> 0).toBe(0x20040);
    expect(cpu.regs[3]).toBe(0x440a);
    expect(cpu.regs[14] >>> 0).toBe(STACK_TOP + 8);
    expect(cpu.regs[4]).toBe(0);
    expect(cpu.regs[6]).toBe(55);
    expect(cpu.rflags).toBe(0x246);
    expect(cpu.vectorResets).toBe(1);
  });

  it("sign-extends a negative result into rax", () => {
    expect(trap(0x12345678)).toBe(-1);
    expect(cpu.regs[1]).toBe(-1);
  });

  it("saves edi, esi, edx, ecx, r8d and r9d below the guest stack", () => {
    cpu.regs[12] = 0x5151;
    cpu.regs[4] = 0x4242;
    trap(TrapId.Write, 1, BUFFER, 0, 0);
    expect(memory.view.getUint32(STACK_TOP - 0x28, true)).toBe(ARGS);
    expect(memory.view.getUint32(STACK_TOP - 0x24, true)).toBe(0x5151);
    expect(memory.view.getUint32(STACK_TOP - 0x20, true)).toBe(0x4242);
  });

  it("ends the session on a slot other than 0", () => {
    const view = memory.view;
    view.setBigUint64(ARGS, BigInt(TrapId.Exit), true);
    const rsp = STACK_TOP - 16;
    view.setUint32(rsp, 0x1002c, true);
    view.setUint32(rsp + 4, 0x440a, true);
    cpu.regs[8] = rsp | 0;
    cpu.regs[14] = ARGS | 0;
    expect(() => handleTrap(context)).toThrow("src/syscalls/syscall_hook.c 66: nacl syscall #1 received");
  });

  it("ends the session when the argument pointer is null", () => {
    const rsp = STACK_TOP - 16;
    memory.view.setUint32(rsp, 0x1000c, true);
    memory.view.setUint32(rsp + 4, 0x440a, true);
    cpu.regs[8] = rsp | 0;
    cpu.regs[14] = 0;
    expect(() => handleTrap(context)).toThrow("uaddr 0x00000000, addr space 32 bits");
  });
});

describe("TrapRead and TrapWrite checks", () => {
  it("rejects channel numbers out of range", () => {
    expect(trap(TrapId.Write, 99, BUFFER, 1, 0)).toBe(-22);
    expect(trap(TrapId.Write, -1, BUFFER, 1, 0)).toBe(-22);
  });

  it("rejects buffers the memory map does not allow", () => {
    expect(trap(TrapId.Write, 1, 0, 1, 0)).toBe(-22);
    expect(trap(TrapId.Read, 0, 0x20000, 16, 0)).toBe(-22);
    expect(trap(TrapId.Write, 1, 0xfffffff0, 0x100, 0)).toBe(-22);
  });

  it("allows writing from the trampoline page", () => {
    expect(trap(TrapId.Write, 1, 0x10000, 4, 0)).toBe(4);
  });

  it("answers size 0 with 0 and a negative size with -EFAULT", () => {
    expect(trap(TrapId.Write, 1, BUFFER, 0, 0)).toBe(0);
    expect(trap(TrapId.Write, 1, BUFFER, -1, 0)).toBe(-14);
  });

  it("clamps random reads to the channel size", () => {
    expect(trap(TrapId.Read, 0, BUFFER, 10, 470)).toBe(4);
    expect(trap(TrapId.Read, 0, BUFFER, 10, 474)).toBe(0);
    expect(trap(TrapId.Read, 0, BUFFER, 10, 475)).toBe(-14);
    expect(trap(TrapId.Read, 0, BUFFER, 10, -1)).toBe(-22);
    expect(Buffer.from(memory.u8.subarray(BUFFER, BUFFER + 4)).toString()).toBe("6789");
  });

  it("refuses writes to a read-only channel with EDQUOT and reads from a write-only one", () => {
    expect(trap(TrapId.Write, 0, BUFFER, 1, 0)).toBe(-122);
    expect(trap(TrapId.Read, 1, BUFFER, 16, 0)).toBe(-122);
  });

  it("clamps writes to put_size and then gives EINVAL at the limit", () => {
    expect(trap(TrapId.Write, 1, BUFFER, 200, 0)).toBe(100);
    expect(trap(TrapId.Write, 1, BUFFER, 1, 0)).toBe(-22);
    expect(readFileSync(join(dir, "out")).length).toBe(100);
  });

  it("stops writes at the puts limit with EDQUOT", () => {
    expect(trap(TrapId.Write, 1, BUFFER, 1, 0)).toBe(1);
    expect(trap(TrapId.Write, 1, BUFFER, 1, 0)).toBe(1);
    expect(trap(TrapId.Write, 1, BUFFER, 1, 0)).toBe(1);
    expect(trap(TrapId.Write, 1, BUFFER, 1, 0)).toBe(-122);
  });
});

describe("TrapJail, TrapUnjail, TrapExit and TrapFork", () => {
  it("checks size, heap range and alignment before anything else", () => {
    expect(trap(TrapId.Jail, 0x12345, 1)).toBe(-22);
    expect(trap(TrapId.Unjail, 0x12345, 1)).toBe(-22);
    expect(trap(TrapId.Jail, 0x50000, 0)).toBe(-22);
    expect(trap(TrapId.Jail, 0x20000, 0x100)).toBe(-22);
  });

  it("fails a jail request that does not validate with -EPERM", () => {
    expect(trap(TrapId.Jail, 0x50000, 0x100)).toBe(-1);
    expect(cpu.invalidated).toEqual([]);
  });

  it("makes an unjailed range writable and drops cached code there", () => {
    memory.protect(0x50000, 0x60000, PROT_READ | PROT_EXEC);
    expect(trap(TrapId.Unjail, 0x50000, 0x100)).toBe(0);
    expect(memory.allows(0x50000, 0x100, PROT_WRITE)).toBe(true);
    expect(cpu.invalidated).toEqual([[0x50000, 0x50100]]);
  });

  it("jails a range that validates: executable, no longer writable", () => {
    context.validateJail = () => true;
    memory.protect(0x50000, 0x60000, PROT_READ | PROT_WRITE);
    expect(trap(TrapId.Jail, 0x50000, 0x100)).toBe(0);
    expect(memory.allows(0x50000, 0x100, PROT_EXEC)).toBe(true);
    expect(memory.allows(0x50000, 0x100, PROT_WRITE)).toBe(false);
  });

  it("returns 0 from TrapFork when the manifest has no Job", () => {
    expect(trap(TrapId.Fork)).toBe(0);
  });

  it("reports TrapExit's code as the user code", () => {
    memory.view.setBigInt64(ARGS + 16, -7n, true);
    memory.view.setBigUint64(ARGS, BigInt(TrapId.Exit), true);
    const rsp = STACK_TOP - 16;
    memory.view.setUint32(rsp, 0x1000c, true);
    memory.view.setUint32(rsp + 4, 0x440a, true);
    cpu.regs[8] = rsp | 0;
    cpu.regs[14] = ARGS | 0;
    expect(handleTrap(context)).toEqual({ kind: "exit", userCode: -7 });
  });
});
