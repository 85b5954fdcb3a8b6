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

/**
 * Operation codes: one per instruction family member the CPU executes.
 *
 * Values are explicit because Cpu.run switches on them as numeric literals,
 * each followed by its name in a comment: a switch over literals compiles to
 * a jump table, one over enum members does not when a test runner
 * transpiles files one by one (6x slower). cpu_dispatch.test.ts checks that
 * every literal matches its name.
 */
export const enum Op {
  /** Executes nothing (nop, nopw/nopl with any operands, pause, hints). */
  Nop = 0,
  // alu.ts: two-operand arithmetic and logic
  Add = 1,
  Or = 2,
  Adc = 3,
  Sbb = 4,
  And = 5,
  Sub = 6,
  Xor = 7,
  Cmp = 8,
  Test = 9,
  Inc = 10,
  Dec = 11,
  Neg = 12,
  Not = 13,
  // move.ts
  Mov = 14,
  Movzx = 15,
  Movsx = 16,
  Lea = 17,
  Xchg = 18,
  Cmov = 19,
  Setcc = 20,
  Bswap = 21,
  /** cbw/cwde/cdqe: sign-extend the low half of the accumulator. */
  SignExtendAcc = 22,
  /** cwd/cdq/cqo: fill rdx with the accumulator's sign. */
  SignToDx = 23,
  Xadd = 24,
  Cmpxchg = 25,
  // shift.ts
  Shl = 26,
  Shr = 27,
  Sar = 28,
  Rol = 29,
  Ror = 30,
  Rcl = 31,
  Rcr = 32,
  Shld = 33,
  Shrd = 34,
  // muldiv.ts
  Mul = 35,
  Imul1 = 36,
  Imul2 = 37,
  Imul3 = 38,
  Div = 39,
  Idiv = 40,
  // bits.ts
  Bt = 41,
  Bts = 42,
  Btr = 43,
  Btc = 44,
  Bsf = 45,
  Bsr = 46,
  Tzcnt = 47,
  Lzcnt = 48,
  Popcnt = 49,
  // flags (flag_ops in bits.ts)
  Clc = 50,
  Stc = 51,
  Cmc = 52,
  Cld = 53,
  Std = 54,
  Lahf = 55,
  Sahf = 56,
  Pushf = 57,
  Popf = 58,
  // stack.ts
  Push = 59,
  Pop = 60,
  Leave = 61,
  // control.ts (always last in a block)
  Jmp = 62,
  JmpIndirect = 63,
  Jcc = 64,
  Call = 65,
  CallIndirect = 66,
  Ret = 67,
  // string.ts
  Movs = 68,
  Stos = 69,
  Lods = 70,
  Cmps = 71,
  Scas = 72,
  // sse.ts
  Movd = 73,
  MovqToXmm = 74,
  MovqFromXmm = 75,
  MovXmm128 = 76,
  MovXmm128Aligned = 77,
  Pxor = 78,
  Pand = 79,
  Por = 80,
  Pandn = 81,
  Pcmpeqb = 82,
  Pcmpeqw = 83,
  Pcmpeqd = 84,
  Paddb = 85,
  Paddw = 86,
  Paddd = 87,
  Paddq = 88,
  Psubb = 89,
  Psubw = 90,
  Psubd = 91,
  Psubq = 92,
  Pmovmskb = 93,
  Pshufd = 94,
  Punpcklqdq = 95,
  Punpckldq = 96,
  Stmxcsr = 97,
  Ldmxcsr = 98,
  Fnstcw = 99,
  Fldcw = 100,
  Fninit = 101,
  // terminators that fault when reached
  /** hlt: SIGSEGV at its address, as on native ZeroVM. */
  Hlt = 102,
  /** ud2, bytes that do not decode: SIGILL. */
  Illegal = 103,
  /** int3: SIGTRAP. */
  Int3 = 104,
  /** Instruction bytes run into a page without PROT_EXEC: SIGSEGV. */
  FetchFault = 105,
  /** Decoded fine but not implemented here: stops run() naming it. */
  Unimplemented = 106,

  // Fast forms (specialize.ts): the same semantics as the generic op of the
  // same family, for the operand shapes that dominate NaCl code. 32-bit
  // unless the name says otherwise; R register, I immediate, M memory.
  MovRR32 = 107,
  MovRI32 = 108,
  MovRM32 = 109,
  MovMR32 = 110,
  MovMI32 = 111,
  MovRR64 = 112,
  MovRM64 = 113,
  MovMR64 = 114,
  MovMR8 = 115,
  AddRR32 = 116,
  AddRI32 = 117,
  SubRR32 = 118,
  SubRI32 = 119,
  CmpRR32 = 120,
  CmpRI32 = 121,
  AndRR32 = 122,
  AndRI32 = 123,
  OrRR32 = 124,
  XorRR32 = 125,
  TestRR32 = 126,
  AddRR64 = 127,
  Lea32 = 128,
  Lea64 = 129,
  ShlRI32 = 130,
  ShrRI32 = 131,
  SarRI32 = 132,
  Imul3R32 = 133,
  PushR64 = 134,
  PopR64 = 135,
  // Fused pairs (specialize.ts): a 32-bit compare/test/add/sub on registers
  // immediately followed by a jcc, executed as one record.
  CmpRRJcc = 136,
  CmpRIJcc = 137,
  TestRRJcc = 138,
  SubRIJcc = 139,
  AddRRJcc = 140,
  AddRIJcc = 141,
  // sse_float.ts: scalar double/single precision (size = element bytes, 8 or 4)
  MovScalar = 142,
  FpAdd = 143,
  FpSub = 144,
  FpMul = 145,
  FpDiv = 146,
  FpMin = 147,
  FpMax = 148,
  FpSqrt = 149,
  /** ucomisd/comisd/ucomiss/comiss: ZF PF CF from the comparison. */
  FpCompare = 150,
  /** cvtsi2sd/cvtsi2ss: size = float bytes, size2 = integer bytes. */
  CvtIntToFp = 151,
  /** cvttsd2si/cvttss2si: size = integer bytes, size2 = float bytes. */
  CvtFpToIntTrunc = 152,
  /** cvtsd2si/cvtss2si: rounds by MXCSR.RC. */
  CvtFpToInt = 153,
  /** cvtss2sd/cvtsd2ss: size = destination bytes, size2 = source bytes. */
  CvtFpToFp = 154,
  // sse.ts: more packed integer forms
  Pmuludq = 155,
  Psrldq = 156,
  Pslldq = 157,
  Psllq = 158,
  Psrlq = 159,
  Pslld = 160,
  Psrld = 161,
  Psrad = 162,
  Psllw = 163,
  Psrlw = 164,
  Psraw = 165,
  Punpcklbw = 166,
  Punpcklwd = 167,
  Pcmpgtb = 168,
  Pcmpgtd = 169,
  Movmskpd = 170,
  Movmskps = 171,
  // Fast forms whose flags are dead (overwritten later in the block before
  // anything reads them): same results, no flag bookkeeping. See
  // specialize.ts, dropDeadFlags.
  AddRR32NF = 172,
  AddRI32NF = 173,
  SubRR32NF = 174,
  SubRI32NF = 175,
  AndRR32NF = 176,
  AndRI32NF = 177,
  OrRR32NF = 178,
  XorRR32NF = 179,
  ShlRI32NF = 180,
  ShrRI32NF = 181,
  SarRI32NF = 182,
  Imul3R32NF = 183,
  AddRR64NF = 184,
  // sse.ts: high-half unpacks, saturating pack, 64-bit half moves
  Punpckhbw = 185,
  Punpckhwd = 186,
  Punpckhdq = 187,
  Punpckhqdq = 188,
  Packuswb = 189,
  /** movlpd/movlps: the low 64 bits between xmm and memory. */
  MovLowHalf = 190,
  /** movhpd/movhps: the high 64 bits between xmm and memory. */
  MovHighHalf = 191,
  // sse_float.ts: packed double and single arithmetic (size = lane bytes)
  FpPackedAdd = 192,
  FpPackedSub = 193,
  FpPackedMul = 194,
  FpPackedDiv = 195,
  /** movzbl/movzwl from memory into a 32-bit register (size2 = 1 or 2). */
  MovzxRM32 = 196,
  /**
   * loop/loope/loopne (cc = -1 always, 4 e, 5 ne: rcx is decremented first)
   * and jrcxz (cc = -2: branch if rcx is 0, no decrement). 64-bit forms only.
   */
  LoopCc = 197,
  // More fast forms (register operands only): xmm copies and lane ops,
  // scalar double arithmetic, and 32-bit rotates whose flags are dead.
  MovXmmRR = 198,
  FpAddRR64 = 199,
  FpSubRR64 = 200,
  FpMulRR64 = 201,
  FpCompareRR64 = 202,
  PxorRR = 203,
  PorRR = 204,
  PandRR = 205,
  PadddRR = 206,
  RolRI32NF = 207,
  RorRI32NF = 208,
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
