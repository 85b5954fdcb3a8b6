/**
 * ZeroVM's traps: what happens when the guest calls trampoline slot 0.
 *
 * The CPU stops when the trampoline's `call *%rax` reaches the thunk. At
 * that moment [rsp] holds the trampoline's return address and [rsp + 8] the
 * guest's. We reproduce the native trusted entry exactly (zerovm-native.md
 * §7.5): the slot number check, the six 32-bit register saves below the
 * guest's stack pointer, the argument array read through the saved edi, the
 * trap itself with every check in ZeroVM's order, and the register state the
 * return path leaves: rax = the int32 result sign-extended, rip = the guest's
 * return address rounded down to its bundle, rcx = the host resume address,
 * rdi = (uint32)(rsp + 8), rdx, rsi, r8-r11 = 0, vector state cleared.
 */
import type { Cpu } from "../cpu/cpu.js";
import type { Channel } from "../channels/channel.js";
import { Accounting, GETS, GET_SIZE, PUTS, PUT_SIZE } from "../channels/channel.js";
import {
  GuestMemory,
  PROT_EXEC,
  PROT_READ,
  PROT_WRITE,
  SANDBOX_BASE_HI,
} from "../memory/guest_memory.js";
import type { MemoryMap } from "../memory/memory_map.js";
import { SessionError } from "../session/session_error.js";
import { siteError } from "../session/zerovm_sites.js";
import { SLOT_RETURN_OFFSET, SLOT_SIZE, TRAMPOLINE_START } from "./trampoline.js";

/** Trap function ids: the ASCII names read as little-endian integers. */
export const TrapId = {
  Read: 0x64616552,
  Write: 0x74697257,
  Jail: 0x6c69614a,
  Unjail: 0x6c6a6e55,
  Exit: 0x74697845,
  Fork: 0x6b726f46,
} as const;

const EPERM = 1;
const EFAULT = 14;
const EINVAL = 22;
const EDQUOT = 122;

/** RFLAGS that ZeroVM's context switch leaves: PF and ZF set. */
export const ENTRY_RFLAGS = 0x246;

/** What the session hands the trap layer. */
export interface TrapContext {
  cpu: Cpu;
  memory: GuestMemory;
  map: MemoryMap;
  channels: Channel[];
  accounting: Accounting;
  /** Validates a jail range; null when there is no validator yet. */
  validateJail(start: number, size: number): boolean;
  /** Called once per trap, for the -T trace. */
  trace?(line: string): void;
  /** Whether the manifest named a Job (daemon mode). */
  hasJob: boolean;
}

/** The outcome of one trap. */
export type TrapOutcome = { kind: "resume" } | { kind: "exit"; userCode: number };

/** Register indexes into Cpu.regs (low half; high half is +1). */
const RAX = 0;
const RCX = 2;
const RDX = 4;
const RSP = 8;
const RSI = 12;
const RDI = 14;
const R8 = 16;
const R9 = 18;

/** Reads an int64 as a JS number (exact up to 2^53, saturating beyond). */
function readInt64(view: DataView, address: number): number {
  const lo = view.getUint32(address, true);
  const hi = view.getInt32(address + 4, true);
  return hi * 2 ** 32 + lo;
}

/**
 * Handles the trap the CPU stopped at. Throws SessionError for the fatal
 * cases (bad slot, null argument pointer).
 */
export function handleTrap(context: TrapContext): TrapOutcome {
  const { cpu, memory } = context;
  const regs = cpu.regs;
  const view = memory.view;
  const rsp = regs[RSP] >>> 0;

  // The trampoline's return address names the slot that was called.
  const slotReturnLo = view.getUint32(rsp, true);
  const slotReturnHi = view.getUint32(rsp + 4, true);
  const slotOffset =
    (slotReturnHi - SANDBOX_BASE_HI) * 2 ** 32 + slotReturnLo - TRAMPOLINE_START - SLOT_RETURN_OFFSET;
  const slot = Math.floor(slotOffset / SLOT_SIZE);
  if (slot !== 0) {
    throw siteError("naclSyscall", slot | 0);
  }

  // The trusted entry saves six 32-bit registers below the guest's rsp.
  const guestRsp = (rsp + 16) >>> 0;
  const saved = [RDI, RSI, RDX, RCX, R8, R9];
  saved.forEach((reg, i) => {
    const at = (guestRsp - 0x28 + 4 * i) >>> 0;
    if (memory.allows(at, 4, PROT_WRITE)) view.setInt32(at, regs[reg], true);
  });

  const argsAddress = regs[RDI] >>> 0;
  if (argsAddress === 0) {
    throw siteError("userAddressInvalid", 0, 32);
  }
  if (!memory.allows(argsAddress, 48, PROT_READ)) {
    throw new SessionError(4, "Signal 11 from trusted code: Halting at 0x000000000000");
  }

  const outcome = dispatch(context, argsAddress);
  if (outcome.kind === "exit") return outcome;
  returnToGuest(cpu, memory, guestRsp, outcome.result);
  return { kind: "resume" };
}

/** Sets the registers the native return path leaves. */
function returnToGuest(cpu: Cpu, memory: GuestMemory, guestRsp: number, result: number): void {
  const regs = cpu.regs;
  const returnLo = memory.view.getUint32((guestRsp - 8) >>> 0, true);
  const resume = (returnLo & ~31) >>> 0;

  regs[RAX] = result;
  regs[RAX + 1] = result < 0 ? -1 : 0;
  regs[RSP] = guestRsp | 0;
  regs[RSP + 1] = SANDBOX_BASE_HI;
  regs[RCX] = resume | 0;
  regs[RCX + 1] = SANDBOX_BASE_HI;
  regs[RDI] = (guestRsp + 8) | 0;
  regs[RDI + 1] = 0;
  for (const reg of [RDX, RSI, R8, R9, R9 + 2, R9 + 4]) {
    regs[reg] = 0;
    regs[reg + 1] = 0;
  }
  cpu.setRflags(ENTRY_RFLAGS);
  cpu.resetVectorState();
  cpu.rip = resume;
}

type Dispatched = { kind: "result"; result: number } | { kind: "exit"; userCode: number };

function dispatch(context: TrapContext, argsAddress: number): Dispatched {
  const view = context.memory.view;
  const idLo = view.getUint32(argsAddress, true);
  const idHi = view.getUint32(argsAddress + 4, true);
  const arg = (i: number): number => readInt64(view, argsAddress + 8 * i);
  const int32 = (i: number): number => view.getInt32(argsAddress + 8 * i, true);
  const uint32 = (i: number): number => view.getUint32(argsAddress + 8 * i, true);
  const id = idHi === 0 ? idLo : -1;

  const result = (value: number, call: string): Dispatched => {
    context.trace?.(`${call} = ${value}`);
    return { kind: "result", result: value };
  };

  switch (id) {
    case TrapId.Read:
    case TrapId.Write: {
      const isRead = id === TrapId.Read;
      const ch = int32(2);
      const buffer = arg(3);
      const size = int32(4);
      const offset = arg(5);
      const value = isRead
        ? trapRead(context, ch, buffer, size, offset)
        : trapWrite(context, ch, buffer, size, offset);
      const name = isRead ? "TrapRead" : "TrapWrite";
      return result(value, `${name}(${ch}, 0x${buffer.toString(16)}, ${size}, ${offset})`);
    }
    case TrapId.Jail:
    case TrapId.Unjail: {
      const isJail = id === TrapId.Jail;
      const value = trapJail(context, uint32(2), int32(3), isJail);
      const name = isJail ? "TrapJail" : "TrapUnjail";
      return result(value, `${name}(0x${uint32(2).toString(16)}, ${int32(3)})`);
    }
    case TrapId.Exit:
      context.trace?.(`TrapExit(${int32(2)}) = 0`);
      return { kind: "exit", userCode: int32(2) };
    case TrapId.Fork:
      if (context.hasJob) {
        // TODO(#2): daemon mode; refused at start-up, so unreachable here.
        throw new SessionError(38, "daemon mode (TrapFork with Job) is not implemented");
      }
      return result(0, "TrapFork()");
    default:
      return result(-EPERM, "Invalid()");
  }
}

/**
 * The first two checks of TrapRead and TrapWrite: the channel number, then
 * the buffer against ZeroVM's memory map. Returns the channel or -EINVAL.
 */
function channelFor(
  context: TrapContext,
  ch: number,
  buffer: number,
  size: number,
  prot: number,
): Channel | number {
  const channel = context.channels[ch];
  if (ch < 0 || channel === undefined) return -EINVAL;
  if (buffer >= 2 ** 32 || !context.map.allows(buffer, size, prot)) return -EINVAL;
  return channel;
}

/** TrapRead, with ZeroVM's checks in ZeroVM's order (zerovm-spec.md §2.2). */
function trapRead(
  context: TrapContext,
  ch: number,
  buffer: number,
  requested: number,
  userOffset: number,
): number {
  const channel = channelFor(context, ch, buffer, requested, PROT_WRITE);
  if (typeof channel === "number") return channel;

  let size = requested;
  let offset = userOffset;
  if (channel.sequentialRead) offset = channel.getPos;
  else size = Math.min(channel.size - offset, size);

  if (size === 0) return 0;
  if (size < 0) return -EFAULT;
  if (offset < 0) return -EINVAL;
  if (channel.eof) return 0;

  if (channel.counters[GETS] >= channel.limits[GETS]) return -EDQUOT;
  if (!channel.sequentialRead) {
    const putRoom = channel.limits[PUT_SIZE] - channel.counters[PUT_SIZE];
    if (offset >= putRoom + channel.size) return -EINVAL;
  }
  const tail = channel.limits[GET_SIZE] - channel.counters[GET_SIZE];
  if (size > tail) size = tail;
  if (size < 1) return -EDQUOT;

  const target = context.memory.u8.subarray(buffer, buffer + size);
  return channel.read(target, offset, context.accounting);
}

/** TrapWrite, with ZeroVM's checks in ZeroVM's order (zerovm-spec.md §2.3). */
function trapWrite(
  context: TrapContext,
  ch: number,
  buffer: number,
  requested: number,
  userOffset: number,
): number {
  const channel = channelFor(context, ch, buffer, requested, PROT_READ);
  if (typeof channel === "number") return channel;

  let size = requested;
  const offset = channel.sequentialWrite ? channel.putPos : userOffset;
  if (size === 0) return 0;
  if (size < 0) return -EFAULT;
  if (offset < 0) return -EINVAL;

  if (channel.counters[PUTS] >= channel.limits[PUTS]) return -EDQUOT;
  const tail = channel.limits[PUT_SIZE] - channel.counters[PUT_SIZE];
  if (offset >= channel.limits[PUT_SIZE] && !channel.readable) return -EINVAL;
  if (offset >= channel.size + tail) return -EINVAL;
  if (size > tail) size = tail;
  if (size < 1) return -EDQUOT;

  const data = context.memory.u8.subarray(buffer, buffer + size);
  return channel.write(data, offset, context.accounting);
}

/** TrapJail and TrapUnjail (zerovm-spec.md §2.4). */
function trapJail(context: TrapContext, address: number, size: number, jail: boolean): number {
  const heap = context.map.find("Heap");
  if (size <= 0) return -EINVAL;
  if (!heap || address < heap.start || address >= heap.end) return -EINVAL;
  if (address % 0x10000 !== 0) return -EINVAL;

  const end = Math.min(address + size, 2 ** 32);
  if (jail) {
    if (!context.validateJail(address, size)) return -EPERM;
    context.memory.protect(address, end, PROT_READ | PROT_EXEC);
  } else {
    context.memory.protect(address, end, PROT_READ | PROT_WRITE);
  }
  context.cpu.invalidate(address, end);
  return 0;
}

