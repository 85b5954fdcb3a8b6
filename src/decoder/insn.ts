/**
 * Our own compact record of one decoded x86-64 instruction.
 *
 * iced-x86 lives in wasm and every property read costs ~22 ns, so a block is
 * decoded once (decode_block.ts) and everything execution needs is copied
 * into these records. All records have the same fields, initialised in the
 * constructor in the same order, so the interpreter's property reads stay
 * monomorphic.
 *
 * Register operands are stored as *slots*: index into `Cpu.regs`, which
 * holds each GPR as two int32 halves (slot 2*i = low half, 2*i+1 = high
 * half). A high-byte register (ah, ch, dh, bh) has shift 8, every other one
 * shift 0. Xmm operands store the register number (0-15) instead.
 *
 * Values of 8- and 16-bit operands are kept zero-extended (0..0xFF,
 * 0..0xFFFF); 32-bit values are int32 bit patterns; 64-bit values are
 * (lo, hi) int32 pairs.
 */

/** Operation codes: one per instruction family member the CPU executes. */
export const enum Op {
  /** Executes nothing (nop, nopw/nopl with any operands, pause, hints). */
  Nop = 0,
  // alu.ts: two-operand arithmetic and logic
  Add,
  Or,
  Adc,
  Sbb,
  And,
  Sub,
  Xor,
  Cmp,
  Test,
  Inc,
  Dec,
  Neg,
  Not,
  // move.ts
  Mov,
  Movzx,
  Movsx,
  Lea,
  Xchg,
  Cmov,
  Setcc,
  Bswap,
  /** cbw/cwde/cdqe: sign-extend the low half of the accumulator. */
  SignExtendAcc,
  /** cwd/cdq/cqo: fill rdx with the accumulator's sign. */
  SignToDx,
  Xadd,
  Cmpxchg,
  // shift.ts
  Shl,
  Shr,
  Sar,
  Rol,
  Ror,
  Rcl,
  Rcr,
  Shld,
  Shrd,
  // muldiv.ts
  Mul,
  Imul1,
  Imul2,
  Imul3,
  Div,
  Idiv,
  // bits.ts
  Bt,
  Bts,
  Btr,
  Btc,
  Bsf,
  Bsr,
  Tzcnt,
  Lzcnt,
  Popcnt,
  // flags (flag_ops in bits.ts)
  Clc,
  Stc,
  Cmc,
  Cld,
  Std,
  Lahf,
  Sahf,
  Pushf,
  Popf,
  // stack.ts
  Push,
  Pop,
  Leave,
  // control.ts (always last in a block)
  Jmp,
  JmpIndirect,
  Jcc,
  Call,
  CallIndirect,
  Ret,
  // string.ts
  Movs,
  Stos,
  Lods,
  Cmps,
  Scas,
  // sse.ts
  Movd,
  MovqToXmm,
  MovqFromXmm,
  MovXmm128,
  MovXmm128Aligned,
  Pxor,
  Pand,
  Por,
  Pandn,
  Pcmpeqb,
  Pcmpeqw,
  Pcmpeqd,
  Paddb,
  Paddw,
  Paddd,
  Paddq,
  Psubb,
  Psubw,
  Psubd,
  Psubq,
  Pmovmskb,
  Pshufd,
  Punpcklqdq,
  Punpckldq,
  Stmxcsr,
  Ldmxcsr,
  Fnstcw,
  Fldcw,
  Fninit,
  // terminators that fault when reached
  /** hlt: SIGSEGV at its address, as on native ZeroVM. */
  Hlt,
  /** ud2, bytes that do not decode: SIGILL. */
  Illegal,
  /** int3: SIGTRAP. */
  Int3,
  /** Instruction bytes run into a page without PROT_EXEC: SIGSEGV. */
  FetchFault,
  /** Decoded fine but not implemented here: stops run() naming it. */
  Unimplemented,

  // Fast forms (specialize.ts): the same semantics as the generic op of the
  // same family, for the operand shapes that dominate NaCl code. 32-bit
  // unless the name says otherwise; R register, I immediate, M memory.
  MovRR32,
  MovRI32,
  MovRM32,
  MovMR32,
  MovMI32,
  MovRR64,
  MovRM64,
  MovMR64,
  MovMR8,
  AddRR32,
  AddRI32,
  SubRR32,
  SubRI32,
  CmpRR32,
  CmpRI32,
  AndRR32,
  AndRI32,
  OrRR32,
  XorRR32,
  TestRR32,
  AddRR64,
  Lea32,
  Lea64,
  ShlRI32,
  ShrRI32,
  SarRI32,
  Imul3R32,
  PushR64,
  PopR64,
}

/**
 * Slot of an always-zero register pair past the 16 GPRs in Cpu.regs; an
 * absent base or index points there, so address arithmetic needs no branch.
 */
export const NO_REG_SLOT = 32;

/** Operand kinds (Insn.k0 / Insn.k1). */
export const enum Kind {
  None = 0,
  Reg = 1,
  Mem = 2,
  Imm = 3,
  Xmm = 4,
}

/** One decoded instruction. See the module comment for value conventions. */
export class Insn {
  /** Op code (see Op). */
  op: number = Op.Nop;
  /** Operand size in bytes: 1, 2, 4, 8 (16 for 128-bit vector moves). */
  size = 4;
  /** Source size in bytes for movzx/movsx/movsxd; element size for string ops. */
  size2 = 0;
  /** Kind of operand 0 (destination) and operand 1 (source). */
  k0: number = Kind.None;
  k1: number = Kind.None;
  /** Register slot (or xmm number) and byte shift of operand 0. */
  r0 = 0;
  s0 = 0;
  /** Register slot (or xmm number) and byte shift of operand 1. */
  r1 = 0;
  s1 = 0;
  /** Memory operand: base and index slots (NO_REG_SLOT for none), scale 1/2/4/8. */
  base = NO_REG_SLOT;
  index = NO_REG_SLOT;
  scale = 1;
  /** Displacement as int32 halves (rip-relative already resolved to host). */
  dispLo = 0;
  dispHi = 0;
  /** True for a 0x67-prefixed (32-bit) address computation. */
  addr32 = false;
  /** Immediate as int32 halves, sign-extended to the operand size. */
  immLo = 0;
  immHi = 0;
  /** Condition code 0-15 in x86 encoding order (o, no, b, ae, e, ...). */
  cc = 0;
  /** String ops: 0 no prefix, 1 rep/repe, 2 repne. */
  rep = 0;
  /** Guest instructions of the block before this one (dropped nops included). */
  countBefore = 0;
  /** Guest address of this instruction and of the next one. */
  guestAddress = 0;
  nextAddress = 0;
  /** Direct branch target as host address halves. */
  targetLo = 0;
  targetHi = 0;
  /** iced Code name and GNU text, kept only for Op.Unimplemented. */
  codeName = "";
  text = "";
}

/** A straight-line run of instructions ending at a branch or fault record. */
export class Block {
  /**
   * The last two successors seen (taken branch, fall-through), so the
   * dispatcher can skip the table lookup. Cleared by Cpu.invalidate.
   */
  linkA: Block | null = null;
  linkB: Block | null = null;

  constructor(
    /** Guest address of the first instruction. */
    readonly guestAddress: number,
    /** Guest address where execution continues if no branch is taken. */
    readonly endAddress: number,
    /** Records to execute (nops and followed jumps have none). */
    readonly insns: Insn[],
    /** Guest instructions the block stands for, records or not. */
    readonly count: number,
    /** Guest byte ranges decoded, as [start, end) pairs (for invalidation). */
    readonly ranges: readonly number[],
  ) {}
}
