/**
 * Decodes one basic block of guest code into Insn records.
 *
 * A block starts at a guest address and runs until the first control
 * transfer, a faulting terminator (hlt, ud2, bad bytes, unimplemented
 * instruction, instruction bytes in a page without PROT_EXEC) or
 * MAX_BLOCK_INSNS instructions. Faults are recorded as the block's last
 * record rather than raised here, because they must only happen if execution
 * actually reaches that instruction.
 *
 * iced-x86 is called only here, at block-build time. The decoder runs with
 * ip = host address (R15 + guest address), so direct branch targets and
 * rip-relative operands come out as host addresses and their high half says
 * whether they stay inside the sandbox.
 */
import { Code, Decoder, DecoderOptions, Formatter, FormatterSyntax, Instruction } from "./iced.js";
import { FlowControl, MemorySize, OpKind, Register } from "./iced.js";
import { Block, Insn, Kind, NO_REG_SLOT, Op } from "./insn.js";
import { conditionalOpForMnemonic, opForMnemonic } from "./op_table.js";
import { dropDeadFlags, fuseWithJcc, specialize } from "./specialize.js";
import { GUEST_SIZE, PAGE_SHIFT, PROT_EXEC, SANDBOX_BASE } from "../memory/guest_memory.js";
import { SANDBOX_BASE_HI as SANDBOX_HI } from "../memory/guest_memory.js";
import type { GuestMemory } from "../memory/guest_memory.js";

/** Longest block we build; longer straight-line code continues in a new block. */
export const MAX_BLOCK_INSNS = 64;

/** Longest x86 instruction in bytes. */
const MAX_INSN_BYTES = 15;

/** Ops after which a block ends. */
const TERMINATORS: ReadonlySet<number> = new Set<number>([
  Op.LoopCc,
  Op.Jmp,
  Op.JmpIndirect,
  Op.Jcc,
  Op.Call,
  Op.CallIndirect,
  Op.Ret,
  Op.Hlt,
  Op.Illegal,
  Op.Int3,
  Op.FetchFault,
  Op.Unimplemented,
]);

/** Ops whose immediate is a value of the operand size (masked to it). */
const SIZED_IMMEDIATE: ReadonlySet<number> = new Set<number>([
  Op.Add, Op.Or, Op.Adc, Op.Sbb, Op.And, Op.Sub, Op.Xor, Op.Cmp, Op.Test,
  Op.Mov, Op.Imul3, Op.Push,
]);

/** Direct jumps a block may follow into their targets. */
const MAX_FOLLOWED_JUMPS = 4;

/**
 * Decodes the block starting at `guestAddress`.
 *
 * Nops are counted but get no record, and a direct jmp into the sandbox is
 * followed: decoding continues at its target, so straight-line code split
 * by NaCl's bundle padding runs as one block.
 *
 * @param memory guest memory; only pages with PROT_EXEC are decoded
 * @param guestAddress guest address of the first instruction
 */
export function decodeBlock(memory: GuestMemory, guestAddress: number): Block {
  const insns: Insn[] = [];
  const ranges: number[] = [];
  let count = 0;
  let at = guestAddress;
  let end = guestAddress;
  for (let followed = 0; ; followed++) {
    const segment = decodeSegment(memory, at, insns, count);
    ranges.push(at, Math.max(segment.end, at + 1));
    count += segment.count;
    end = segment.end;
    const last = insns[insns.length - 1];
    const follow =
      last !== undefined &&
      last.op === Op.Jmp &&
      last.targetHi === SANDBOX_HI &&
      followed < MAX_FOLLOWED_JUMPS &&
      insns.length < MAX_BLOCK_INSNS;
    if (!follow) break;
    insns.pop();
    at = last.targetLo >>> 0;
    end = at;
  }
  dropDeadFlags(insns);
  return new Block(guestAddress, end, insns, count, ranges);
}

interface Segment {
  /** Guest address just past the last decoded instruction. */
  end: number;
  /** Instructions decoded (records and dropped nops). */
  count: number;
}

/** Decodes straight-line code at `guestAddress`, appending records to `insns`. */
function decodeSegment(memory: GuestMemory, guestAddress: number, insns: Insn[], countBefore: number): Segment {
  const execEnd = executableEnd(memory, guestAddress);
  if (execEnd === guestAddress) {
    const record = faultRecord(guestAddress, Op.FetchFault);
    record.countBefore = countBefore;
    insns.push(record);
    return { end: guestAddress, count: 1 };
  }
  const sizeCap = guestAddress + MAX_BLOCK_INSNS * MAX_INSN_BYTES;
  const windowEnd = Math.min(execEnd, sizeCap);
  const capped = windowEnd < execEnd;
  const bytes = memory.u8.subarray(guestAddress, windowEnd);

  const decoder = new Decoder(64, bytes, DecoderOptions.None);
  const instr = new Instruction();
  let formatter: Formatter | null = null;
  let offset = 0;
  let count = 0;
  try {
    decoder.ip = BigInt(SANDBOX_BASE + guestAddress);
    while (insns.length < MAX_BLOCK_INSNS && count < 4 * MAX_BLOCK_INSNS && offset < bytes.length) {
      if (capped && bytes.length - offset < MAX_INSN_BYTES) break;
      decoder.decodeOut(instr);
      const at = guestAddress + offset;
      let insn: Insn;
      if (instr.isInvalid) {
        // Bytes cut off by a page without PROT_EXEC (or the 4 GiB end) fault
        // on fetch; anything else is an invalid opcode.
        const cut = decoder.lastError === 2 && !capped;
        insn = faultRecord(at, cut ? Op.FetchFault : Op.Illegal);
      } else {
        insn = translate(instr, at);
        if (insn.op === Op.Unimplemented) {
          formatter ??= new Formatter(FormatterSyntax.Gas);
          insn.text = formatter.format(instr);
        }
      }
      offset += instr.length || 1;
      insn.countBefore = countBefore + count;
      count++;
      if (insn.op === Op.Nop) continue;
      const previous = insns[insns.length - 1];
      if (previous !== undefined && fuseWithJcc(previous, insn)) break;
      insns.push(insn);
      if (TERMINATORS.has(insn.op)) break;
    }
  } finally {
    formatter?.free();
    instr.free();
    decoder.free();
  }
  return { end: guestAddress + offset, count };
}

/**
 * Decodes every instruction in guest [start, end) in address order, nops
 * included, without following jumps (for audits and coverage tests; the
 * CPU uses decodeBlock). The range must be executable.
 */
export function decodeRange(memory: GuestMemory, start: number, end: number): Insn[] {
  const bytes = memory.u8.subarray(start, end);
  const decoder = new Decoder(64, bytes, DecoderOptions.None);
  const instr = new Instruction();
  const formatter = new Formatter(FormatterSyntax.Gas);
  const insns: Insn[] = [];
  try {
    decoder.ip = BigInt(SANDBOX_BASE + start);
    let offset = 0;
    while (offset < bytes.length) {
      decoder.decodeOut(instr);
      const at = start + offset;
      const insn = instr.isInvalid ? faultRecord(at, Op.Illegal) : translate(instr, at);
      if (insn.op === Op.Unimplemented) insn.text = formatter.format(instr);
      insns.push(insn);
      offset += instr.length || 1;
    }
  } finally {
    formatter.free();
    instr.free();
    decoder.free();
  }
  return insns;
}

/** End of the run of executable pages starting at `guestAddress`'s page. */
function executableEnd(memory: GuestMemory, guestAddress: number): number {
  const limit = Math.min(GUEST_SIZE, guestAddress + MAX_BLOCK_INSNS * MAX_INSN_BYTES + 4096);
  let page = guestAddress >>> PAGE_SHIFT;
  if ((memory.pageProt[page] & PROT_EXEC) === 0) return guestAddress;
  let end = (page + 1) * 4096;
  while (end < limit && (memory.pageProt[++page] & PROT_EXEC) !== 0) end += 4096;
  return Math.min(end, GUEST_SIZE);
}

function faultRecord(guestAddress: number, op: Op): Insn {
  const insn = new Insn();
  insn.op = op;
  insn.guestAddress = guestAddress;
  insn.nextAddress = guestAddress;
  return insn;
}

/** Copies one iced instruction into a record. */
function translate(instr: Instruction, guestAddress: number): Insn {
  const insn = new Insn();
  insn.guestAddress = guestAddress;
  insn.nextAddress = guestAddress + instr.length;
  const op = classify(instr);
  insn.op = op;
  if (op === Op.Unimplemented || op === Op.Nop) return markIfUnimplemented(insn, instr);
  if (op === Op.Hlt || op === Op.Illegal || op === Op.Int3) return insn;

  insn.cc = op === Op.LoopCc ? loopCondition(instr) : instr.conditionCode - 1;
  insn.rep = instr.hasRepnePrefix ? 2 : instr.hasRepePrefix || instr.hasRepPrefix ? 1 : 0;
  if (!fillOperands(insn, instr)) return unimplemented(insn, instr);
  insn.size = operandSize(insn, instr);
  if (insn.size === 0) return unimplemented(insn, instr);
  if (SIZED_IMMEDIATE.has(op)) maskImmediate(insn);
  return refine(insn, instr);
}

/** Op for an instruction, before operand-dependent refinement. */
function classify(instr: Instruction): Op {
  const mnemonic = instr.mnemonic;
  if (/^(Loop(e|ne)?_rel8_64_RCX|Jrcxz_rel8_64)$/.test(codeName(instr))) return Op.LoopCc;
  if (instr.conditionCode !== 0) {
    return conditionalOpForMnemonic(mnemonic) ?? Op.Unimplemented;
  }
  const op = opForMnemonic(mnemonic);
  if (op === undefined) return Op.Unimplemented;
  // "movsd" is both the string move and the scalar double move.
  if (op === Op.Movs && codeName(instr).startsWith("Movsd_xmm")) return Op.MovScalar;
  if (op === Op.JmpIndirect && instr.op0Kind !== OpKind.Register && instr.op0Kind !== OpKind.Memory) {
    return instr.flowControl === FlowControl.UnconditionalBranch ? Op.Jmp : Op.Unimplemented;
  }
  if (op === Op.CallIndirect && instr.op0Kind !== OpKind.Register && instr.op0Kind !== OpKind.Memory) {
    return instr.flowControl === FlowControl.Call ? Op.Call : Op.Unimplemented;
  }
  return op;
}

/** The cc encoding of Op.LoopCc (see its comment in insn.ts). */
function loopCondition(instr: Instruction): number {
  const name = codeName(instr);
  if (name.startsWith("Jrcxz")) return -2;
  if (name.startsWith("Loope")) return 4;
  if (name.startsWith("Loopne")) return 5;
  return -1;
}

function codeName(instr: Instruction): string {
  return (Code as unknown as Record<number, string>)[instr.code] ?? "";
}

function markIfUnimplemented(insn: Insn, instr: Instruction): Insn {
  return insn.op === Op.Unimplemented ? unimplemented(insn, instr) : insn;
}

function unimplemented(insn: Insn, instr: Instruction): Insn {
  insn.op = Op.Unimplemented;
  insn.codeName = (Code as unknown as Record<number, string>)[instr.code] ?? String(instr.code);
  return insn;
}

/** Copies operands 0 and 1 (and an immediate operand 2). False if unsupported. */
function fillOperands(insn: Insn, instr: Instruction): boolean {
  const count = instr.opCount;
  for (let i = 0; i < count; i++) {
    const kind = instr.opKind(i);
    if (kind === OpKind.Register) {
      const reg = instr.opRegister(i);
      // Only shld/shrd have a register third operand we model (cl).
      if (i === 2) {
        if (reg !== Register.CL) return false;
        continue;
      }
      if (!fillRegister(insn, i, reg)) return false;
    } else if (kind === OpKind.Memory) {
      if (!fillMemory(insn, i, instr)) return false;
    } else if (kind >= OpKind.Immediate8 && kind <= OpKind.Immediate32to64) {
      const value = BigInt.asUintN(64, instr.immediate(i));
      insn.immLo = Number(value & 0xffffffffn) | 0;
      insn.immHi = Number(value >> 32n) | 0;
      if (i === 0) insn.k0 = Kind.Imm;
      else if (i === 1 && insn.k1 === Kind.None) insn.k1 = Kind.Imm;
    } else if (kind >= OpKind.NearBranch16 && kind <= OpKind.NearBranch64) {
      const target = BigInt.asUintN(64, instr.nearBranch64);
      insn.targetLo = Number(target & 0xffffffffn) | 0;
      insn.targetHi = Number(target >> 32n) | 0;
    } else if (kind >= OpKind.MemorySegSI && kind <= OpKind.MemoryESRDI) {
      // String operands are implicit (rsi/rdi); only 64-bit addressing is supported.
      if (kind !== OpKind.MemorySegRSI && kind !== OpKind.MemoryESRDI) return false;
      if (instr.memorySegment === Register.FS || instr.memorySegment === Register.GS) return false;
    } else {
      return false;
    }
  }
  return true;
}

function fillRegister(insn: Insn, i: number, reg: number): boolean {
  const info = REGISTER_INFO[reg];
  if (info === undefined) return false;
  const kind = info.size === 16 ? Kind.Xmm : Kind.Reg;
  if (i === 0) {
    insn.k0 = kind;
    insn.r0 = info.slot;
    insn.s0 = info.shift;
  } else if (i === 1) {
    insn.k1 = kind;
    insn.r1 = info.slot;
    insn.s1 = info.shift;
  } else {
    return false;
  }
  return true;
}

function fillMemory(insn: Insn, i: number, instr: Instruction): boolean {
  const segment = instr.memorySegment;
  if (segment === Register.FS || segment === Register.GS) return false;
  if (i === 0) insn.k0 = Kind.Mem;
  else if (i === 1) insn.k1 = Kind.Mem;
  else return false;

  const base = instr.memoryBase;
  const index = instr.memoryIndex;
  const disp = BigInt.asUintN(64, instr.memoryDisplacement);
  insn.dispLo = Number(disp & 0xffffffffn) | 0;
  insn.dispHi = Number(disp >> 32n) | 0;
  insn.scale = instr.memoryIndexScale;
  if (base === Register.RIP) return index === Register.None;
  if (base === Register.EIP) return false;

  const baseInfo = base === Register.None ? undefined : REGISTER_INFO[base];
  const indexInfo = index === Register.None ? undefined : REGISTER_INFO[index];
  if (base !== Register.None && baseInfo === undefined) return false;
  if (index !== Register.None && indexInfo === undefined) return false;
  insn.base = baseInfo ? baseInfo.slot : NO_REG_SLOT;
  insn.index = indexInfo ? indexInfo.slot : NO_REG_SLOT;
  const size = baseInfo?.size ?? indexInfo?.size ?? 8;
  if (size === 4) {
    insn.addr32 = true;
    insn.dispHi = 0;
  } else if (size !== 8) {
    return false;
  }
  return true;
}

/** Operand size in bytes for the record, 0 if it cannot be determined. */
function operandSize(insn: Insn, instr: Instruction): number {
  const reg0 = instr.opCount > 0 && instr.op0Kind === OpKind.Register;
  if (reg0) {
    const info = REGISTER_INFO[instr.op0Register];
    if (info) return info.size;
  }
  const memSize = MEMORY_SIZE_BYTES[instr.memorySize] ?? 0;
  if (memSize !== 0) return memSize;
  if (instr.opCount > 1 && instr.op1Kind === OpKind.Register) {
    const info = REGISTER_INFO[instr.op1Register];
    if (info) return info.size;
  }
  return implicitSize(insn, instr);
}

/** Size of instructions without sized operands (push imm, cbw, ...). */
function implicitSize(insn: Insn, instr: Instruction): number {
  const name = (Code as unknown as Record<number, string>)[instr.code] ?? "";
  switch (insn.op) {
    case Op.SignExtendAcc:
    case Op.SignToDx:
      return /^(Cbw|Cwd)$/.test(name) ? 2 : /^(Cwde|Cdq)$/.test(name) ? 4 : 8;
    case Op.Push:
      return name.startsWith("Pushw") ? 2 : 8;
    case Op.Jmp:
    case Op.Jcc:
    case Op.LoopCc:
    case Op.Call:
    case Op.Ret:
    case Op.Pushf:
    case Op.Popf:
    case Op.Leave:
      return 8;
    default:
      return insn.k0 === Kind.None ? 4 : 0;
  }
}

/** Masks an immediate to the operand size (8/16-bit values are zero-extended). */
function maskImmediate(insn: Insn): void {
  if (insn.size === 1) insn.immLo &= 0xff;
  else if (insn.size === 2) insn.immLo &= 0xffff;
  if (insn.size < 8) insn.immHi = 0;
}

/** Op-specific fix-ups that depend on the operands or the Code. */
function refine(insn: Insn, instr: Instruction): Insn {
  switch (insn.op) {
    case Op.Imul2:
      if (instr.opCount === 1) insn.op = Op.Imul1;
      else if (instr.opCount === 3) insn.op = Op.Imul3;
      break;
    case Op.Movzx:
    case Op.Movsx:
      insn.size2 = sourceSize(instr);
      if (insn.size2 === 0) return unimplemented(insn, instr);
      break;
    case Op.Shld:
    case Op.Shrd:
      // operand 2 is the count: imm8 (already in imm) or cl
      if (instr.opCount === 3 && instr.op2Kind === OpKind.Register) insn.immLo = -1;
      break;
    case Op.MovqToXmm:
      if (insn.k0 !== Kind.Xmm) insn.op = Op.MovqFromXmm;
      insn.size = 8;
      break;
    case Op.Movd:
      if (insn.k0 === Kind.Reg && insn.size === 8) insn.op = Op.MovqFromXmm;
      else if (insn.k1 === Kind.Reg && regSizeOf(instr, 1) === 8) insn.op = Op.MovqToXmm;
      insn.size = insn.op === Op.Movd ? 4 : 8;
      break;
    case Op.Jcc:
    case Op.Jmp:
    case Op.Call:
    case Op.LoopCc:
      if (insn.k0 !== Kind.None) return unimplemented(insn, instr);
      insn.size = 8;
      break;
    case Op.MovScalar:
    case Op.FpAdd:
    case Op.FpSub:
    case Op.FpMul:
    case Op.FpDiv:
    case Op.FpMin:
    case Op.FpMax:
    case Op.FpSqrt:
    case Op.FpCompare:
      insn.size = MEMORY_SIZE_BYTES[instr.memorySize] ?? 0;
      if (insn.size !== 4 && insn.size !== 8) return unimplemented(insn, instr);
      break;
    case Op.FpPackedAdd:
    case Op.FpPackedSub:
    case Op.FpPackedMul:
    case Op.FpPackedDiv:
      insn.size = /pd$/i.test(codeName(instr).split("_")[0]) ? 8 : 4;
      break;
    case Op.MovLowHalf:
    case Op.MovHighHalf:
      // Only the xmm <-> m64 forms (movhlps/movlhps share the opcodes).
      if (insn.k0 !== Kind.Mem && insn.k1 !== Kind.Mem) return unimplemented(insn, instr);
      insn.size = 8;
      break;
    case Op.CvtIntToFp:
      insn.size2 = sourceSize(instr);
      insn.size = codeName(instr).startsWith("Cvtsi2sd") ? 8 : 4;
      break;
    case Op.CvtFpToIntTrunc:
    case Op.CvtFpToInt:
      insn.size2 = MEMORY_SIZE_BYTES[instr.memorySize] ?? 0;
      break;
    case Op.CvtFpToFp:
      insn.size2 = MEMORY_SIZE_BYTES[instr.memorySize] ?? 0;
      insn.size = insn.size2 === 4 ? 8 : 4;
      break;
    case Op.Movs:
    case Op.Stos:
    case Op.Lods:
    case Op.Cmps:
    case Op.Scas:
      insn.size2 = insn.size;
      break;
    default:
      break;
  }
  if (insn.size === 16 && !isVectorOp(insn.op)) return unimplemented(insn, instr);
  if (isVectorOp(insn.op) && !vectorOperandsOk(insn)) return unimplemented(insn, instr);
  specialize(insn);
  return insn;
}

function regSizeOf(instr: Instruction, i: number): number {
  return REGISTER_INFO[instr.opRegister(i)]?.size ?? 0;
}

function sourceSize(instr: Instruction): number {
  if (instr.op1Kind === OpKind.Register) return regSizeOf(instr, 1);
  return MEMORY_SIZE_BYTES[instr.memorySize] ?? 0;
}

function isVectorOp(op: number): boolean {
  return (op >= Op.Movd && op <= Op.Punpckldq) || op >= Op.MovScalar;
}

/** The 128-bit ops we implement take xmm (or memory) operands only. */
function vectorOperandsOk(insn: Insn): boolean {
  if (insn.op === Op.Movmskpd || insn.op === Op.Movmskps) return insn.k0 === Kind.Reg && insn.k1 === Kind.Xmm;
  if (insn.op >= Op.CvtIntToFp && insn.op <= Op.CvtFpToInt) return true;
  if (insn.op === Op.Movd || insn.op === Op.MovqToXmm || insn.op === Op.MovqFromXmm) return true;
  if (insn.op === Op.Pmovmskb) return insn.k0 === Kind.Reg && insn.k1 === Kind.Xmm;
  return insn.k0 !== Kind.Reg && insn.k1 !== Kind.Reg;
}

interface RegisterInfo {
  /** Slot in Cpu.regs (2 * register number), or xmm number. */
  slot: number;
  /** 8 for ah/ch/dh/bh, else 0. */
  shift: number;
  /** Size in bytes: 1, 2, 4, 8, or 16 for xmm. */
  size: number;
}

/** iced Register -> slot, shift, size; undefined for registers we do not model. */
const REGISTER_INFO: ReadonlyArray<RegisterInfo | undefined> = buildRegisterInfo();

function buildRegisterInfo(): Array<RegisterInfo | undefined> {
  const table: Array<RegisterInfo | undefined> = [];
  const r = Register as unknown as Record<string, number>;
  for (let i = 0; i < 16; i++) {
    table[r.RAX + i] = { slot: 2 * i, shift: 0, size: 8 };
    table[r.EAX + i] = { slot: 2 * i, shift: 0, size: 4 };
    table[r.AX + i] = { slot: 2 * i, shift: 0, size: 2 };
    table[r.XMM0 + i] = { slot: i, shift: 0, size: 16 };
  }
  const bytes = ["AL", "CL", "DL", "BL", "AH", "CH", "DH", "BH", "SPL", "BPL", "SIL", "DIL"];
  bytes.forEach((name, i) => {
    const high = i >= 4 && i < 8;
    const number = high ? i - 4 : i < 4 ? i : i - 4;
    table[r[name]] = { slot: 2 * number, shift: high ? 8 : 0, size: 1 };
  });
  for (let i = 8; i < 16; i++) table[r.R8L + i - 8] = { slot: 2 * i, shift: 0, size: 1 };
  return table;
}

/** iced MemorySize -> bytes for the scalar and 128-bit sizes we use (0 otherwise). */
const MEMORY_SIZE_BYTES: ReadonlyArray<number> = buildMemorySizes();

function buildMemorySizes(): number[] {
  const table: number[] = [];
  const sizes = MemorySize as unknown as Record<string, number>;
  const bytesByName: Record<string, number> = {
    UInt8: 1, Int8: 1, UInt16: 2, Int16: 2, WordOffset: 2, UInt32: 4, Int32: 4,
    DwordOffset: 4, Float32: 4, UInt64: 8, Int64: 8, QwordOffset: 8, Float64: 8,
    UInt128: 16, Float128: 16,
  };
  for (const [name, value] of Object.entries(sizes)) {
    if (typeof value !== "number") continue;
    table[value] = bytesByName[name] ?? (name.startsWith("Packed128_") ? 16 : 0);
  }
  return table;
}

