/**
 * The x86-64 CPU of the sandbox: register file, lazy flags, block cache and
 * the switch interpreter.
 *
 * run() looks up the decoded block at rip (decoding it on first use, see
 * decoder/decode_block.ts), executes its records with one switch, and
 * repeats until a stop reason: a trap (control reached ZeroVM's thunk), a
 * guest fault, an unimplemented instruction, or the instruction budget.
 * Handlers live in interp/, one module per instruction family; faults are
 * thrown as GuestFault and caught once, outside the loop.
 *
 * Blocks are found by guest address: a dense two-level table for 32-byte
 * aligned addresses (every NaCl indirect target is bundle-aligned) and a
 * Map for the rest. Guest code only changes through TrapJail/TrapUnjail,
 * which call invalidate(); ordinary stores cannot reach text (it is never
 * writable), so no write tracking is needed.
 *
 * rip holds the guest address; rsp, rbp and every pushed return address hold
 * host addresses (R15 + guest address), as on native ZeroVM.
 */
import { Block, Insn, Kind, Op } from "../decoder/insn.js";
import { decodeBlock } from "../decoder/decode_block.js";
import type { GuestMemory } from "../memory/guest_memory.js";
import { SANDBOX_BASE_HI } from "../memory/guest_memory.js";
import type { StopReason } from "./stop_reason.js";
import { AF, ARITH_FLAGS, DF, FlagOp, getArithFlags, setArithFlags } from "./flags.js";
import { testCondition } from "./flags.js";
import { GuestFault, SIGILL, SIGSEGV, SIGTRAP } from "./guest_fault.js";
import { execAlu, execIncDec, execNeg, execNot } from "./interp/alu.js";
import { execBitScan, execBitTest, execFlagOp } from "./interp/bits.js";
import {
  execCall,
  execCallIndirect,
  execJcc,
  execJmp,
  execJmpIndirect,
  execRet,
  execLoop,
} from "./interp/control.js";
import {
  execBswap,
  execCmov,
  execCmpxchg,
  execLea,
  execMov,
  execMovsx,
  execMovzx,
  execSetcc,
  execSignExtendAcc,
  execSignToDx,
  execXadd,
  execXchg,
} from "./interp/move.js";
import { execDiv, execIdiv, execImul, execImul1, execMul, recordMultiplyFlags } from "./interp/muldiv.js";
import { execDoubleShift, execShift } from "./interp/shift.js";
import { execLeave, execPop, execPopf, execPush, execPushf } from "./interp/stack.js";
import { execString } from "./interp/string.js";
import {
  execControlWord,
  execMovd,
  execMovqFromXmm,
  execMovqToXmm,
  execMovXmm128,
  execPacked64,
  execPackedBinary,
  execPmovmskb,
  execPshufd,
  execPmuludq,
  execByteShift,
  execPackedShift,
  execUnpackLowNarrow,
  execPackedCompareGreater,
  execMoveMask,
  execUnpackHigh,
  execPackuswb,
  execMovHalf,
} from "./interp/sse.js";
import {
  execCvtFpToFp,
  execCvtFpToInt,
  execCvtIntToFp,
  execFpArith,
  execFpCompare,
  execMovScalar,
  execFpPacked,
} from "./interp/sse_float.js";

/** Blocks per 64 KiB chunk of the aligned-address table. */
const CHUNK_SLOTS = 2048;

const TWO_32 = 4294967296;

const BUDGET_STOP: StopReason = Object.freeze({ kind: "budget" });
const THUNK_STOP: StopReason = Object.freeze({ kind: "thunk" });

export class Cpu {
  /**
   * 16 GPRs as int32 halves: regs[2i] low, regs[2i+1] high (x86 order).
   * A 17th pair (slots 32, 33) is always zero: absent base/index registers
   * of memory operands point at it.
   */
  readonly regs = new Int32Array(34);
  /** Guest address of the next instruction. */
  rip = 0;
  /** 16 xmm registers x 4 little-endian int32 lanes. */
  readonly xmm = new Int32Array(64);
  /** The xmm registers seen as doubles (2 per register) and singles (4). */
  readonly xmmF64 = new Float64Array(this.xmm.buffer);
  readonly xmmF32 = new Float32Array(this.xmm.buffer);
  mxcsr = 0x1f80;
  fpuControlWord = 0x037f;
  /** Guest instructions retired so far (a faulting instruction does not count). */
  instructionCount = 0;

  // Lazy flags: see flags.ts for the meaning of each field.
  fOp: number = FlagOp.Eager;
  fSize = 4;
  fA = 0;
  fB = 0;
  fR = 0;
  fAh = 0;
  fBh = 0;
  fRh = 0;
  fAux = 0x44;
  /** Direction flag (0 or 1). */
  df = 0;
  /** RFLAGS bits other than the arithmetic flags and DF (IF, bit 1, ...). */
  otherFlags = 0x202;

  /** Scratch: high half of the last 64-bit read. */
  vHi = 0;
  /** Scratch: guest address of the last read-modify-write memory operand. */
  ea = 0;
  /** Scratch: one 128-bit vector operand, also as doubles and singles. */
  readonly vec = new Int32Array(4);
  readonly vecF64 = new Float64Array(this.vec.buffer);
  readonly vecF32 = new Float32Array(this.vec.buffer);
  /** Set by a call/jmp/ret that reached the thunk; checked at block end. */
  stopAtThunk = false;
  /** The record being executed (for fault reports). */
  private current: Insn | null = null;

  readonly memory: GuestMemory;
  readonly u8: Uint8Array;
  readonly view: DataView;
  readonly pageProt: Uint8Array;

  private readonly alignedBlocks: Array<Array<Block | null> | null>;
  private readonly unalignedBlocks = new Map<number, Block>();
  private readonly allBlocks = new Set<Block>();

  constructor(memory: GuestMemory) {
    this.memory = memory;
    this.u8 = memory.u8;
    this.view = memory.view;
    this.pageProt = memory.pageProt;
    this.alignedBlocks = new Array<Array<Block | null> | null>(65536).fill(null);
  }

  /** Low 32 bits of RFLAGS with the lazy flags materialised. */
  getRflags(): number {
    return (getArithFlags(this) | (this.df << 10) | this.otherFlags | 2) >>> 0;
  }

  setRflags(value: number): void {
    setArithFlags(this, value);
    this.df = (value & DF) !== 0 ? 1 : 0;
    this.otherFlags = (value & ~(ARITH_FLAGS | DF)) | 2;
  }

  /** What a ZeroVM trap does to vector state: fninit and all xmm zeroed. */
  resetVectorState(): void {
    this.fpuControlWord = 0x037f;
    this.xmm.fill(0);
  }

  /** Drops cached blocks overlapping guest [start, end). */
  invalidate(start: number, end: number): void {
    for (const block of this.allBlocks) {
      block.linkA = null;
      block.linkB = null;
    }
    for (const block of this.allBlocks) {
      if (!overlaps(block.ranges, start, end)) continue;
      this.allBlocks.delete(block);
      const address = block.guestAddress;
      if ((address & 31) === 0) {
        const chunk = this.alignedBlocks[address >>> 16];
        if (chunk) chunk[(address & 0xffff) >>> 5] = null;
      } else {
        this.unalignedBlocks.delete(address);
      }
    }
  }

  /** The decoded block at guest address `address`, decoding it if needed. */
  private blockAt(address: number): Block {
    if ((address & 31) === 0) {
      const chunk = this.alignedBlocks[address >>> 16];
      if (chunk !== null) {
        const block = chunk[(address & 0xffff) >>> 5];
        if (block !== null) return block;
      }
    } else {
      const block = this.unalignedBlocks.get(address);
      if (block !== undefined) return block;
    }
    return this.buildBlock(address);
  }

  private buildBlock(address: number): Block {
    const block = decodeBlock(this.memory, address);
    this.allBlocks.add(block);
    if ((address & 31) === 0) {
      let chunk = this.alignedBlocks[address >>> 16];
      if (chunk === null) {
        chunk = new Array<Block | null>(CHUNK_SLOTS).fill(null);
        this.alignedBlocks[address >>> 16] = chunk;
      }
      chunk[(address & 0xffff) >>> 5] = block;
    } else {
      this.unalignedBlocks.set(address, block);
    }
    return block;
  }

  /**
   * Runs until a stop reason. Stops for the budget only at block
   * boundaries, so up to one block more than `budget` may run.
   */
  run(budget: number): StopReason {
    let executed = 0;
    try {
      let block = this.blockAt(this.rip);
      for (;;) {
        this.executeBlock(block);
        executed += block.count;
        if (this.stopAtThunk) {
          this.stopAtThunk = false;
          this.instructionCount += executed;
          return THUNK_STOP;
        }
        if (executed >= budget) break;
        block = this.nextBlock(block, this.rip);
      }
      this.instructionCount += executed;
      return BUDGET_STOP;
    } catch (error) {
      const insn = this.current as Insn | null;
      this.instructionCount += executed + (insn === null ? 0 : insn.countBefore);
      return this.stopFor(error, insn);
    }
  }

  /**
   * Executes the records of one block. Kept apart from run() so V8
   * optimises it as an ordinary hot function (called once per block)
   * instead of through on-stack replacement of run()'s long-lived loop,
   * which left run() running deoptimised code. Faults propagate to run().
   */
  private executeBlock(block: Block): void {
    const regs = this.regs;
    const view = this.view;
    const u8 = this.u8;
    const prot = this.pageProt;
    const insns = block.insns;
    const count = insns.length;
    this.rip = block.endAddress;
    for (let index = 0; index < count; index++) {
      const insn = insns[index];
          // Fast forms inline (specialize.ts); everything else in execute().
          // The inline code never passes numbers to calls (V8 would box
          // values outside the small-integer range); anything unusual
          // (faults, page-crossing accesses) goes to the generic handler.
          switch (insn.op) {
            case 107 /* Op.MovRR32 */:
              regs[insn.r0] = regs[insn.r1];
              regs[insn.r0 + 1] = 0;
              break;
            case 108 /* Op.MovRI32 */:
              regs[insn.r0] = insn.immLo;
              regs[insn.r0 + 1] = 0;
              break;
            case 109 /* Op.MovRM32 */: {
              const lo = (insn.dispLo >>> 0) + (regs[insn.base] >>> 0) + (regs[insn.index] >>> 0) * insn.scale;
              const hi = (insn.dispHi + regs[insn.base + 1] + regs[insn.index + 1] * insn.scale + ((lo / TWO_32) | 0)) | 0;
              const address = lo >>> 0;
              if (hi !== SANDBOX_BASE_HI || (prot[address >>> 12] & 1) === 0 || (address & 0xfff) > 0xffc) {
                this.execute(insn);
                break;
              }
              regs[insn.r0] = view.getInt32(address, true);
              regs[insn.r0 + 1] = 0;
              break;
            }
            case 110 /* Op.MovMR32 */:
            case 111 /* Op.MovMI32 */: {
              const lo = (insn.dispLo >>> 0) + (regs[insn.base] >>> 0) + (regs[insn.index] >>> 0) * insn.scale;
              const hi = (insn.dispHi + regs[insn.base + 1] + regs[insn.index + 1] * insn.scale + ((lo / TWO_32) | 0)) | 0;
              const address = lo >>> 0;
              if (hi !== SANDBOX_BASE_HI || (prot[address >>> 12] & 2) === 0 || (address & 0xfff) > 0xffc) {
                this.execute(insn);
                break;
              }
              view.setInt32(address, insn.op === Op.MovMR32 ? regs[insn.r1] : insn.immLo, true);
              break;
            }
            case 115 /* Op.MovMR8 */: {
              const lo = (insn.dispLo >>> 0) + (regs[insn.base] >>> 0) + (regs[insn.index] >>> 0) * insn.scale;
              const hi = (insn.dispHi + regs[insn.base + 1] + regs[insn.index + 1] * insn.scale + ((lo / TWO_32) | 0)) | 0;
              const address = lo >>> 0;
              if (hi !== SANDBOX_BASE_HI || (prot[address >>> 12] & 2) === 0) {
                this.execute(insn);
                break;
              }
              u8[address] = regs[insn.r1] >>> insn.s1;
              break;
            }
            case 112 /* Op.MovRR64 */:
              regs[insn.r0] = regs[insn.r1];
              regs[insn.r0 + 1] = regs[insn.r1 + 1];
              break;
            case 113 /* Op.MovRM64 */: {
              const lo = (insn.dispLo >>> 0) + (regs[insn.base] >>> 0) + (regs[insn.index] >>> 0) * insn.scale;
              const hi = (insn.dispHi + regs[insn.base + 1] + regs[insn.index + 1] * insn.scale + ((lo / TWO_32) | 0)) | 0;
              const address = lo >>> 0;
              if (hi !== SANDBOX_BASE_HI || (prot[address >>> 12] & 1) === 0 || (address & 0xfff) > 0xff8) {
                this.execute(insn);
                break;
              }
              regs[insn.r0] = view.getInt32(address, true);
              regs[insn.r0 + 1] = view.getInt32(address + 4, true);
              break;
            }
            case 114 /* Op.MovMR64 */: {
              const lo = (insn.dispLo >>> 0) + (regs[insn.base] >>> 0) + (regs[insn.index] >>> 0) * insn.scale;
              const hi = (insn.dispHi + regs[insn.base + 1] + regs[insn.index + 1] * insn.scale + ((lo / TWO_32) | 0)) | 0;
              const address = lo >>> 0;
              if (hi !== SANDBOX_BASE_HI || (prot[address >>> 12] & 2) === 0 || (address & 0xfff) > 0xff8) {
                this.execute(insn);
                break;
              }
              view.setInt32(address, regs[insn.r1], true);
              view.setInt32(address + 4, regs[insn.r1 + 1], true);
              break;
            }
            case 116 /* Op.AddRR32 */:
            case 117 /* Op.AddRI32 */: {
              const a = regs[insn.r0];
              const b = insn.op === Op.AddRR32 ? regs[insn.r1] : insn.immLo;
              const r = (a + b) | 0;
              regs[insn.r0] = r;
              regs[insn.r0 + 1] = 0;
              this.fOp = FlagOp.Add;
              this.fSize = 4;
              this.fA = a;
              this.fB = b;
              this.fR = r;
              break;
            }
            case 118 /* Op.SubRR32 */:
            case 119 /* Op.SubRI32 */:
            case 120 /* Op.CmpRR32 */:
            case 121 /* Op.CmpRI32 */: {
              const op = insn.op;
              const a = regs[insn.r0];
              const b = op === Op.SubRR32 || op === Op.CmpRR32 ? regs[insn.r1] : insn.immLo;
              const r = (a - b) | 0;
              if (op === Op.SubRR32 || op === Op.SubRI32) {
                regs[insn.r0] = r;
                regs[insn.r0 + 1] = 0;
              }
              this.fOp = FlagOp.Sub;
              this.fSize = 4;
              this.fA = a;
              this.fB = b;
              this.fR = r;
              break;
            }
            case 122 /* Op.AndRR32 */:
            case 123 /* Op.AndRI32 */:
            case 124 /* Op.OrRR32 */:
            case 125 /* Op.XorRR32 */:
            case 126 /* Op.TestRR32 */: {
              const op = insn.op;
              const a = regs[insn.r0];
              const b = op === Op.AndRI32 ? insn.immLo : regs[insn.r1];
              const r = op === Op.OrRR32 ? a | b : op === Op.XorRR32 ? a ^ b : a & b;
              if (op !== Op.TestRR32) {
                regs[insn.r0] = r;
                regs[insn.r0 + 1] = 0;
              }
              this.fOp = FlagOp.Logic;
              this.fSize = 4;
              this.fR = r;
              break;
            }
            case 127 /* Op.AddRR64 */: {
              const a = regs[insn.r0];
              const ah = regs[insn.r0 + 1];
              const b = regs[insn.r1];
              const bh = regs[insn.r1 + 1];
              const r = (a + b) | 0;
              const rh = (ah + bh + (r >>> 0 < a >>> 0 ? 1 : 0)) | 0;
              regs[insn.r0] = r;
              regs[insn.r0 + 1] = rh;
              this.fOp = FlagOp.Add;
              this.fSize = 8;
              this.fA = a;
              this.fB = b;
              this.fR = r;
              this.fAh = ah;
              this.fBh = bh;
              this.fRh = rh;
              break;
            }
            case 128 /* Op.Lea32 */:
              regs[insn.r0] = (insn.dispLo >>> 0) + (regs[insn.base] >>> 0) + (regs[insn.index] >>> 0) * insn.scale;
              regs[insn.r0 + 1] = 0;
              break;
            case 129 /* Op.Lea64 */: {
              const lo = (insn.dispLo >>> 0) + (regs[insn.base] >>> 0) + (regs[insn.index] >>> 0) * insn.scale;
              regs[insn.r0] = lo;
              regs[insn.r0 + 1] = insn.addr32
                ? 0
                : insn.dispHi + regs[insn.base + 1] + regs[insn.index + 1] * insn.scale + ((lo / TWO_32) | 0);
              break;
            }
            case 130 /* Op.ShlRI32 */: {
              const a = regs[insn.r0];
              const n = insn.immLo;
              const r = a << n;
              const cf = (a >>> (32 - n)) & 1;
              regs[insn.r0] = r;
              regs[insn.r0 + 1] = 0;
              this.fOp = FlagOp.Result;
              this.fSize = 4;
              this.fR = r;
              this.fAux = cf | AF | (((r >>> 31) ^ cf) << 11);
              break;
            }
            case 131 /* Op.ShrRI32 */: {
              const a = regs[insn.r0];
              const n = insn.immLo;
              const r = a >>> n;
              regs[insn.r0] = r;
              regs[insn.r0 + 1] = 0;
              this.fOp = FlagOp.Result;
              this.fSize = 4;
              this.fR = r | 0;
              this.fAux = ((a >>> (n - 1)) & 1) | AF | ((((r >>> 31) ^ (r >>> 30)) & 1) << 11);
              break;
            }
            case 132 /* Op.SarRI32 */: {
              const a = regs[insn.r0];
              const n = insn.immLo;
              const r = a >> n;
              regs[insn.r0] = r;
              regs[insn.r0 + 1] = 0;
              this.fOp = FlagOp.Result;
              this.fSize = 4;
              this.fR = r;
              this.fAux = ((a >> (n - 1)) & 1) | AF;
              break;
            }
            case 133 /* Op.Imul3R32 */: {
              const a = regs[insn.r1];
              const b = insn.immLo;
              const r = Math.imul(a, b);
              regs[insn.r0] = r;
              regs[insn.r0 + 1] = 0;
              recordMultiplyFlags(this, a * b !== r);
              break;
            }
            case 196 /* Op.MovzxRM32 */: {
              const lo = (insn.dispLo >>> 0) + (regs[insn.base] >>> 0) + (regs[insn.index] >>> 0) * insn.scale;
              const hi = (insn.dispHi + regs[insn.base + 1] + regs[insn.index + 1] * insn.scale + ((lo / TWO_32) | 0)) | 0;
              const address = lo >>> 0;
              if (hi !== SANDBOX_BASE_HI || (prot[address >>> 12] & 1) === 0 || (address & 0xfff) === 0xfff) {
                this.execute(insn);
                break;
              }
              regs[insn.r0] = insn.size2 === 1 ? u8[address] : view.getUint16(address, true);
              regs[insn.r0 + 1] = 0;
              break;
            }
            case 134 /* Op.PushR64 */: {
              const sp = regs[8] >>> 0;
              const address = sp - 8;
              if (regs[9] !== SANDBOX_BASE_HI || sp < 8 || (prot[address >>> 12] & 2) === 0 || (address & 0xfff) > 0xff8) {
                this.execute(insn);
                break;
              }
              view.setInt32(address, regs[insn.r0], true);
              view.setInt32(address + 4, regs[insn.r0 + 1], true);
              regs[8] = address;
              break;
            }
            case 135 /* Op.PopR64 */: {
              const address = regs[8] >>> 0;
              if (regs[9] !== SANDBOX_BASE_HI || address > 0xfffffff7 || (prot[address >>> 12] & 1) === 0 || (address & 0xfff) > 0xff8) {
                this.execute(insn);
                break;
              }
              regs[8] = address + 8;
              regs[insn.r0] = view.getInt32(address, true);
              regs[insn.r0 + 1] = view.getInt32(address + 4, true);
              break;
            }
            case 198 /* Op.MovXmmRR */: {
              const x = this.xmm;
              const d = insn.r0 * 4;
              const src = insn.r1 * 4;
              x[d] = x[src];
              x[d + 1] = x[src + 1];
              x[d + 2] = x[src + 2];
              x[d + 3] = x[src + 3];
              break;
            }
            case 199 /* Op.FpAddRR64 */:
            case 200 /* Op.FpSubRR64 */:
            case 201 /* Op.FpMulRR64 */: {
              const f = this.xmmF64;
              const a = f[insn.r0 * 2];
              const b = f[insn.r1 * 2];
              const op = insn.op;
              const r = op === 199 /* Op.FpAddRR64 */ ? a + b : op === 200 /* Op.FpSubRR64 */ ? a - b : a * b;
              // NaN results need x86's NaN rules: the generic handler has them.
              if (r !== r) this.execute(insn);
              else f[insn.r0 * 2] = r;
              break;
            }
            case 202 /* Op.FpCompareRR64 */: {
              const f = this.xmmF64;
              const a = f[insn.r0 * 2];
              const b = f[insn.r1 * 2];
              this.fOp = FlagOp.Eager;
              this.fAux = a > b ? 0 : a < b ? 0x1 : a === b ? 0x40 : 0x45;
              break;
            }
            case 203 /* Op.PxorRR */:
            case 204 /* Op.PorRR */:
            case 205 /* Op.PandRR */:
            case 206 /* Op.PadddRR */: {
              const x = this.xmm;
              const d = insn.r0 * 4;
              const src = insn.r1 * 4;
              const op = insn.op;
              for (let lane = 0; lane < 4; lane++) {
                const a = x[d + lane];
                const b = x[src + lane];
                x[d + lane] = op === 203 /* Op.PxorRR */ ? a ^ b : op === 204 /* Op.PorRR */ ? a | b
                  : op === 205 /* Op.PandRR */ ? a & b : a + b;
              }
              break;
            }
            case 207 /* Op.RolRI32NF */: {
              const a = regs[insn.r0];
              regs[insn.r0] = (a << insn.immLo) | (a >>> (32 - insn.immLo));
              regs[insn.r0 + 1] = 0;
              break;
            }
            case 208 /* Op.RorRI32NF */: {
              const a = regs[insn.r0];
              regs[insn.r0] = (a >>> insn.immLo) | (a << (32 - insn.immLo));
              regs[insn.r0 + 1] = 0;
              break;
            }
            case 65 /* Op.Call */: {
              const sp = regs[8] >>> 0;
              const address = sp - 8;
              if (regs[9] !== SANDBOX_BASE_HI || sp < 8 || (prot[address >>> 12] & 2) === 0 ||
                (address & 0xfff) > 0xff8 || insn.targetHi !== SANDBOX_BASE_HI) {
                this.execute(insn);
                break;
              }
              view.setInt32(address, insn.nextAddress, true);
              view.setInt32(address + 4, SANDBOX_BASE_HI, true);
              regs[8] = address;
              this.rip = insn.targetLo >>> 0;
              break;
            }
            case 67 /* Op.Ret */: {
              const address = regs[8] >>> 0;
              if (insn.k0 !== Kind.None || regs[9] !== SANDBOX_BASE_HI || address > 0xfffffff7 ||
                (prot[address >>> 12] & 1) === 0 || (address & 0xfff) > 0xff8 ||
                view.getInt32(address + 4, true) !== SANDBOX_BASE_HI) {
                this.execute(insn);
                break;
              }
              regs[8] = address + 8;
              this.rip = view.getInt32(address, true) >>> 0;
              break;
            }
            case 172 /* Op.AddRR32NF */:
              regs[insn.r0] = regs[insn.r0] + regs[insn.r1];
              regs[insn.r0 + 1] = 0;
              break;
            case 173 /* Op.AddRI32NF */:
              regs[insn.r0] = regs[insn.r0] + insn.immLo;
              regs[insn.r0 + 1] = 0;
              break;
            case 174 /* Op.SubRR32NF */:
              regs[insn.r0] = regs[insn.r0] - regs[insn.r1];
              regs[insn.r0 + 1] = 0;
              break;
            case 175 /* Op.SubRI32NF */:
              regs[insn.r0] = regs[insn.r0] - insn.immLo;
              regs[insn.r0 + 1] = 0;
              break;
            case 176 /* Op.AndRR32NF */:
              regs[insn.r0] &= regs[insn.r1];
              regs[insn.r0 + 1] = 0;
              break;
            case 177 /* Op.AndRI32NF */:
              regs[insn.r0] &= insn.immLo;
              regs[insn.r0 + 1] = 0;
              break;
            case 178 /* Op.OrRR32NF */:
              regs[insn.r0] |= regs[insn.r1];
              regs[insn.r0 + 1] = 0;
              break;
            case 179 /* Op.XorRR32NF */:
              regs[insn.r0] ^= regs[insn.r1];
              regs[insn.r0 + 1] = 0;
              break;
            case 180 /* Op.ShlRI32NF */:
              regs[insn.r0] <<= insn.immLo;
              regs[insn.r0 + 1] = 0;
              break;
            case 181 /* Op.ShrRI32NF */:
              regs[insn.r0] >>>= insn.immLo;
              regs[insn.r0 + 1] = 0;
              break;
            case 182 /* Op.SarRI32NF */:
              regs[insn.r0] >>= insn.immLo;
              regs[insn.r0 + 1] = 0;
              break;
            case 183 /* Op.Imul3R32NF */:
              regs[insn.r0] = Math.imul(regs[insn.r1], insn.immLo);
              regs[insn.r0 + 1] = 0;
              break;
            case 184 /* Op.AddRR64NF */: {
              const a = regs[insn.r0];
              const r = (a + regs[insn.r1]) | 0;
              regs[insn.r0 + 1] = regs[insn.r0 + 1] + regs[insn.r1 + 1] + (r >>> 0 < a >>> 0 ? 1 : 0);
              regs[insn.r0] = r;
              break;
            }
            case 136 /* Op.CmpRRJcc */:
            case 137 /* Op.CmpRIJcc */:
            case 139 /* Op.SubRIJcc */: {
              const op = insn.op;
              const a = regs[insn.r0];
              const b = op === 136 /* Op.CmpRRJcc */ ? regs[insn.r1] : insn.immLo;
              const r = (a - b) | 0;
              if (op === 139 /* Op.SubRIJcc */) {
                regs[insn.r0] = r;
                regs[insn.r0 + 1] = 0;
              }
              this.fOp = FlagOp.Sub;
              this.fSize = 4;
              this.fA = a;
              this.fB = b;
              this.fR = r;
              if (testCondition(this, insn.cc)) {
                if (insn.targetHi === SANDBOX_BASE_HI) this.rip = insn.targetLo >>> 0;
                else this.jumpOut(insn);
              }
              break;
            }
            case 140 /* Op.AddRRJcc */:
            case 141 /* Op.AddRIJcc */: {
              const a = regs[insn.r0];
              const b = insn.op === 140 /* Op.AddRRJcc */ ? regs[insn.r1] : insn.immLo;
              const r = (a + b) | 0;
              regs[insn.r0] = r;
              regs[insn.r0 + 1] = 0;
              this.fOp = FlagOp.Add;
              this.fSize = 4;
              this.fA = a;
              this.fB = b;
              this.fR = r;
              if (testCondition(this, insn.cc)) {
                if (insn.targetHi === SANDBOX_BASE_HI) this.rip = insn.targetLo >>> 0;
                else this.jumpOut(insn);
              }
              break;
            }
            case 138 /* Op.TestRRJcc */: {
              const r = regs[insn.r0] & regs[insn.r1];
              this.fOp = FlagOp.Logic;
              this.fSize = 4;
              this.fR = r;
              if (testCondition(this, insn.cc)) {
                if (insn.targetHi === SANDBOX_BASE_HI) this.rip = insn.targetLo >>> 0;
                else this.jumpOut(insn);
              }
              break;
            }
            case 64 /* Op.Jcc */:
              if (testCondition(this, insn.cc)) {
                if (insn.targetHi === SANDBOX_BASE_HI) this.rip = insn.targetLo >>> 0;
                else this.jumpOut(insn);
              }
              break;
            case 62 /* Op.Jmp */:
              if (insn.targetHi === SANDBOX_BASE_HI) this.rip = insn.targetLo >>> 0;
              else this.jumpOut(insn);
              break;
            default:
              this.execute(insn);
              break;
          }
    }
  }

  /** A direct branch leaving the sandbox (faults) or reaching the thunk. */
  private jumpOut(insn: Insn): void {
    this.current = insn;
    execJmp(this, insn);
  }

  /** Successor of `block` at `address`, through the block's links when possible. */
  private nextBlock(block: Block, address: number): Block {
    const a = block.linkA;
    if (a !== null && a.guestAddress === address) return a;
    const b = block.linkB;
    if (b !== null && b.guestAddress === address) return b;
    const next = this.blockAt(address);
    if (a === null) block.linkA = next;
    else block.linkB = next;
    return next;
  }

  /** Turns a thrown GuestFault or unimplemented record into a StopReason. */
  private stopFor(error: unknown, insn: Insn | null): StopReason {
    if (error instanceof Unimplemented) {
      const at = error.insn;
      this.rip = at.guestAddress;
      return { kind: "unimplemented", code: at.codeName, text: at.text, guestAddress: at.guestAddress };
    }
    if (!(error instanceof GuestFault)) throw error;
    if (error.hasRip) {
      return { kind: "fault", signal: error.signal, ripHi: error.ripHi, ripLo: error.ripLo };
    }
    const address = insn === null ? this.rip : insn.guestAddress;
    this.rip = address;
    return { kind: "fault", signal: error.signal, ripHi: SANDBOX_BASE_HI, ripLo: address | 0 };
  }

  /**
   * Executes one record through its family handler. The inline fast forms
   * of executeBlock cannot fault; whatever can goes through here (or
   * jumpOut), which notes the record for the fault report.
   */
  private execute(insn: Insn): void {
    this.current = insn;
    switch (insn.op) {
      case 0 /* Op.Nop */:
        return;
      case 1 /* Op.Add */:
      case 2 /* Op.Or */:
      case 3 /* Op.Adc */:
      case 4 /* Op.Sbb */:
      case 5 /* Op.And */:
      case 6 /* Op.Sub */:
      case 7 /* Op.Xor */:
      case 8 /* Op.Cmp */:
      case 9 /* Op.Test */:
        return execAlu(this, insn);
      case 10 /* Op.Inc */:
      case 11 /* Op.Dec */:
        return execIncDec(this, insn);
      case 12 /* Op.Neg */:
        return execNeg(this, insn);
      case 13 /* Op.Not */:
        return execNot(this, insn);
      case 14 /* Op.Mov */:
      case 107 /* Op.MovRR32 */:
      case 108 /* Op.MovRI32 */:
      case 109 /* Op.MovRM32 */:
      case 110 /* Op.MovMR32 */:
      case 111 /* Op.MovMI32 */:
      case 112 /* Op.MovRR64 */:
      case 113 /* Op.MovRM64 */:
      case 114 /* Op.MovMR64 */:
      case 115 /* Op.MovMR8 */:
        return execMov(this, insn);
      case 15 /* Op.Movzx */:
      case 196 /* Op.MovzxRM32 */:
        return execMovzx(this, insn);
      case 16 /* Op.Movsx */:
        return execMovsx(this, insn);
      case 17 /* Op.Lea */:
        return execLea(this, insn);
      case 18 /* Op.Xchg */:
        return execXchg(this, insn);
      case 19 /* Op.Cmov */:
        return execCmov(this, insn);
      case 20 /* Op.Setcc */:
        return execSetcc(this, insn);
      case 21 /* Op.Bswap */:
        return execBswap(this, insn);
      case 22 /* Op.SignExtendAcc */:
        return execSignExtendAcc(this, insn);
      case 23 /* Op.SignToDx */:
        return execSignToDx(this, insn);
      case 24 /* Op.Xadd */:
        return execXadd(this, insn);
      case 25 /* Op.Cmpxchg */:
        return execCmpxchg(this, insn);
      case 26 /* Op.Shl */:
      case 27 /* Op.Shr */:
      case 28 /* Op.Sar */:
      case 29 /* Op.Rol */:
      case 30 /* Op.Ror */:
      case 31 /* Op.Rcl */:
      case 32 /* Op.Rcr */:
        return execShift(this, insn);
      case 33 /* Op.Shld */:
      case 34 /* Op.Shrd */:
        return execDoubleShift(this, insn);
      case 35 /* Op.Mul */:
        return execMul(this, insn);
      case 36 /* Op.Imul1 */:
        return execImul1(this, insn);
      case 37 /* Op.Imul2 */:
        return execImul(this, insn, false);
      case 38 /* Op.Imul3 */:
        return execImul(this, insn, true);
      case 39 /* Op.Div */:
        return execDiv(this, insn);
      case 40 /* Op.Idiv */:
        return execIdiv(this, insn);
      case 41 /* Op.Bt */:
      case 42 /* Op.Bts */:
      case 43 /* Op.Btr */:
      case 44 /* Op.Btc */:
        return execBitTest(this, insn);
      case 45 /* Op.Bsf */:
      case 46 /* Op.Bsr */:
      case 47 /* Op.Tzcnt */:
      case 48 /* Op.Lzcnt */:
      case 49 /* Op.Popcnt */:
        return execBitScan(this, insn);
      case 50 /* Op.Clc */:
      case 51 /* Op.Stc */:
      case 52 /* Op.Cmc */:
      case 53 /* Op.Cld */:
      case 54 /* Op.Std */:
      case 55 /* Op.Lahf */:
      case 56 /* Op.Sahf */:
        return execFlagOp(this, insn);
      case 57 /* Op.Pushf */:
        return execPushf(this);
      case 58 /* Op.Popf */:
        return execPopf(this);
      case 59 /* Op.Push */:
      case 134 /* Op.PushR64 */:
        return execPush(this, insn);
      case 60 /* Op.Pop */:
      case 135 /* Op.PopR64 */:
        return execPop(this, insn);
      case 61 /* Op.Leave */:
        return execLeave(this);
      case 62 /* Op.Jmp */:
        return execJmp(this, insn);
      case 63 /* Op.JmpIndirect */:
        return execJmpIndirect(this, insn);
      case 64 /* Op.Jcc */:
        return execJcc(this, insn);
      case 65 /* Op.Call */:
        return execCall(this, insn);
      case 66 /* Op.CallIndirect */:
        return execCallIndirect(this, insn);
      case 67 /* Op.Ret */:
        return execRet(this, insn);
      case 68 /* Op.Movs */:
      case 69 /* Op.Stos */:
      case 70 /* Op.Lods */:
      case 71 /* Op.Cmps */:
      case 72 /* Op.Scas */:
        return execString(this, insn);
      default:
        return this.executeRare(insn);
    }
  }

  /** Vector, control-word and terminator records. */
  private executeRare(insn: Insn): void {
    switch (insn.op) {
      case 73 /* Op.Movd */:
        return execMovd(this, insn);
      case 74 /* Op.MovqToXmm */:
        return execMovqToXmm(this, insn);
      case 75 /* Op.MovqFromXmm */:
        return execMovqFromXmm(this, insn);
      case 76 /* Op.MovXmm128 */:
      case 77 /* Op.MovXmm128Aligned */:
        return execMovXmm128(this, insn);
      case 88 /* Op.Paddq */:
      case 92 /* Op.Psubq */:
        return execPacked64(this, insn);
      case 93 /* Op.Pmovmskb */:
        return execPmovmskb(this, insn);
      case 94 /* Op.Pshufd */:
        return execPshufd(this, insn);
      case 97 /* Op.Stmxcsr */:
      case 98 /* Op.Ldmxcsr */:
      case 99 /* Op.Fnstcw */:
      case 100 /* Op.Fldcw */:
      case 101 /* Op.Fninit */:
        return execControlWord(this, insn);
      case 199 /* Op.FpAddRR64 */:
      case 200 /* Op.FpSubRR64 */:
      case 201 /* Op.FpMulRR64 */:
        return execFpArith(this, insn);
      case 142 /* Op.MovScalar */:
        return execMovScalar(this, insn);
      case 143 /* Op.FpAdd */:
      case 144 /* Op.FpSub */:
      case 145 /* Op.FpMul */:
      case 146 /* Op.FpDiv */:
      case 147 /* Op.FpMin */:
      case 148 /* Op.FpMax */:
      case 149 /* Op.FpSqrt */:
        return execFpArith(this, insn);
      case 150 /* Op.FpCompare */:
        return execFpCompare(this, insn);
      case 151 /* Op.CvtIntToFp */:
        return execCvtIntToFp(this, insn);
      case 152 /* Op.CvtFpToIntTrunc */:
      case 153 /* Op.CvtFpToInt */:
        return execCvtFpToInt(this, insn);
      case 154 /* Op.CvtFpToFp */:
        return execCvtFpToFp(this, insn);
      case 155 /* Op.Pmuludq */:
        return execPmuludq(this, insn);
      case 156 /* Op.Psrldq */:
      case 157 /* Op.Pslldq */:
        return execByteShift(this, insn);
      case 158 /* Op.Psllq */:
      case 159 /* Op.Psrlq */:
      case 160 /* Op.Pslld */:
      case 161 /* Op.Psrld */:
      case 162 /* Op.Psrad */:
      case 163 /* Op.Psllw */:
      case 164 /* Op.Psrlw */:
      case 165 /* Op.Psraw */:
        return execPackedShift(this, insn);
      case 166 /* Op.Punpcklbw */:
      case 167 /* Op.Punpcklwd */:
        return execUnpackLowNarrow(this, insn);
      case 168 /* Op.Pcmpgtb */:
      case 169 /* Op.Pcmpgtd */:
        return execPackedCompareGreater(this, insn);
      case 170 /* Op.Movmskpd */:
      case 171 /* Op.Movmskps */:
        return execMoveMask(this, insn);
      case 185 /* Op.Punpckhbw */:
      case 186 /* Op.Punpckhwd */:
      case 187 /* Op.Punpckhdq */:
      case 188 /* Op.Punpckhqdq */:
        return execUnpackHigh(this, insn);
      case 189 /* Op.Packuswb */:
        return execPackuswb(this, insn);
      case 190 /* Op.MovLowHalf */:
      case 191 /* Op.MovHighHalf */:
        return execMovHalf(this, insn);
      case 192 /* Op.FpPackedAdd */:
      case 193 /* Op.FpPackedSub */:
      case 194 /* Op.FpPackedMul */:
      case 195 /* Op.FpPackedDiv */:
        return execFpPacked(this, insn);
      case 197 /* Op.LoopCc */:
        return execLoop(this, insn);
      case 102 /* Op.Hlt */:
      case 105 /* Op.FetchFault */:
        throw new GuestFault(SIGSEGV);
      case 103 /* Op.Illegal */:
        throw new GuestFault(SIGILL);
      case 104 /* Op.Int3 */:
        throw new GuestFault(SIGTRAP);
      case 106 /* Op.Unimplemented */:
        throw new Unimplemented(insn);
      default:
        if (insn.op >= Op.Pxor && insn.op <= Op.Punpckldq) return execPackedBinary(this, insn);
        throw new Error(`Cpu: no handler for op ${insn.op} at 0x${insn.guestAddress.toString(16)}`);
    }
  }
}

/** True if any [start, end) pair in `ranges` overlaps [start, end). */
function overlaps(ranges: readonly number[], start: number, end: number): boolean {
  for (let i = 0; i < ranges.length; i += 2) {
    if (ranges[i] < end && ranges[i + 1] > start) return true;
  }
  return false;
}

/** Thrown by an Op.Unimplemented record; becomes an "unimplemented" stop. */
class Unimplemented {
  constructor(readonly insn: Insn) {}
}
