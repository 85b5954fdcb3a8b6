/**
 * Picks a fast form (Op.MovRR32, Op.AddRI32, ...) for a decoded record when
 * its operands have one of the shapes that dominate NaCl code: 32-bit
 * register/immediate/memory forms, the 64-bit moves and `add %r15,%rXX` of
 * the sandboxing sequences, and push/pop of registers.
 *
 * A fast form has exactly the semantics of the generic op; it only lets the
 * interpreter skip the operand-kind and size dispatch. Records that do not
 * match keep their generic op.
 */
import type { Insn } from "./insn.js";
import { Kind, Op } from "./insn.js";

/** Legend: generic op -> [fast form for (reg, reg), fast form for (reg, imm)]. */
const ALU_FORMS: ReadonlyMap<number, [Op | null, Op | null]> = new Map<number, [Op | null, Op | null]>([
  [Op.Add, [Op.AddRR32, Op.AddRI32]],
  [Op.Sub, [Op.SubRR32, Op.SubRI32]],
  [Op.Cmp, [Op.CmpRR32, Op.CmpRI32]],
  [Op.And, [Op.AndRR32, Op.AndRI32]],
  [Op.Or, [Op.OrRR32, null]],
  [Op.Xor, [Op.XorRR32, null]],
  [Op.Test, [Op.TestRR32, null]],
]);

/** Rewrites insn.op to a fast form when one applies. */
export function specialize(insn: Insn): void {
  const fast = fastForm(insn);
  if (fast !== null) insn.op = fast;
}

function fastForm(insn: Insn): Op | null {
  const { k0, k1, size } = insn;
  switch (insn.op) {
    case Op.Mov:
      if (size === 4) {
        if (k0 === Kind.Reg && k1 === Kind.Reg) return Op.MovRR32;
        if (k0 === Kind.Reg && k1 === Kind.Imm) return Op.MovRI32;
        if (k0 === Kind.Reg && k1 === Kind.Mem) return Op.MovRM32;
        if (k0 === Kind.Mem && k1 === Kind.Reg) return Op.MovMR32;
        if (k0 === Kind.Mem && k1 === Kind.Imm) return Op.MovMI32;
      } else if (size === 8) {
        if (k0 === Kind.Reg && k1 === Kind.Reg) return Op.MovRR64;
        if (k0 === Kind.Reg && k1 === Kind.Mem) return Op.MovRM64;
        if (k0 === Kind.Mem && k1 === Kind.Reg) return Op.MovMR64;
      } else if (size === 1 && k0 === Kind.Mem && k1 === Kind.Reg) {
        return Op.MovMR8;
      }
      return null;
    case Op.Movzx:
      return size === 4 && k1 === Kind.Mem && !insn.addr32 ? Op.MovzxRM32 : null;
    case Op.MovXmm128:
    case Op.MovXmm128Aligned:
      return k0 === Kind.Xmm && k1 === Kind.Xmm ? Op.MovXmmRR : null;
    case Op.FpAdd:
    case Op.FpSub:
    case Op.FpMul:
    case Op.FpCompare:
      if (size !== 8 || k1 !== Kind.Xmm) return null;
      return insn.op === Op.FpAdd ? Op.FpAddRR64 : insn.op === Op.FpSub ? Op.FpSubRR64
        : insn.op === Op.FpMul ? Op.FpMulRR64 : Op.FpCompareRR64;
    case Op.Pxor:
    case Op.Por:
    case Op.Pand:
    case Op.Paddd:
      if (k1 !== Kind.Xmm) return null;
      return insn.op === Op.Pxor ? Op.PxorRR : insn.op === Op.Por ? Op.PorRR
        : insn.op === Op.Pand ? Op.PandRR : Op.PadddRR;
    case Op.Lea:
      if (size === 4) return Op.Lea32;
      return size === 8 ? Op.Lea64 : null;
    case Op.Shl:
    case Op.Shr:
    case Op.Sar:
      if (size !== 4 || k0 !== Kind.Reg || k1 !== Kind.Imm || (insn.immLo & 31) === 0) return null;
      insn.immLo &= 31;
      return insn.op === Op.Shl ? Op.ShlRI32 : insn.op === Op.Shr ? Op.ShrRI32 : Op.SarRI32;
    case Op.Imul3:
      return size === 4 && k1 === Kind.Reg ? Op.Imul3R32 : null;
    case Op.Push:
      return size === 8 && k0 === Kind.Reg ? Op.PushR64 : null;
    case Op.Pop:
      return size === 8 && k0 === Kind.Reg ? Op.PopR64 : null;
    case Op.Add:
      if (size === 8 && k0 === Kind.Reg && k1 === Kind.Reg) return Op.AddRR64;
      break;
    default:
      break;
  }
  const forms = ALU_FORMS.get(insn.op);
  if (forms === undefined || size !== 4 || k0 !== Kind.Reg) return null;
  if (k1 === Kind.Reg) return forms[0];
  if (k1 === Kind.Imm) return forms[1];
  return null;
}

/** Legend: fast form of the flag-setting record -> its fused compare+jcc op. */
const FUSED_WITH_JCC: ReadonlyMap<number, Op> = new Map<number, Op>([
  [Op.CmpRR32, Op.CmpRRJcc],
  [Op.CmpRI32, Op.CmpRIJcc],
  [Op.TestRR32, Op.TestRRJcc],
  [Op.SubRI32, Op.SubRIJcc],
  [Op.AddRR32, Op.AddRRJcc],
  [Op.AddRI32, Op.AddRIJcc],
]);

/**
 * Fuses `flags` (a fast-form compare/test/add/sub) with the jcc that
 * immediately follows it: returns true after turning `flags` into the fused
 * record (which then stands for both instructions), false if they do not
 * fuse.
 */
export function fuseWithJcc(flags: Insn, jcc: Insn): boolean {
  const fused = FUSED_WITH_JCC.get(flags.op);
  if (fused === undefined || jcc.op !== Op.Jcc || flags.nextAddress !== jcc.guestAddress) return false;
  flags.op = fused;
  flags.cc = jcc.cc;
  flags.targetLo = jcc.targetLo;
  flags.targetHi = jcc.targetHi;
  flags.nextAddress = jcc.nextAddress;
  return true;
}

/** Legend: fast form -> the same operation without flag bookkeeping. */
const WITHOUT_FLAGS: ReadonlyMap<number, Op> = new Map<number, Op>([
  [Op.AddRR32, Op.AddRR32NF],
  [Op.AddRI32, Op.AddRI32NF],
  [Op.SubRR32, Op.SubRR32NF],
  [Op.SubRI32, Op.SubRI32NF],
  [Op.AndRR32, Op.AndRR32NF],
  [Op.AndRI32, Op.AndRI32NF],
  [Op.OrRR32, Op.OrRR32NF],
  [Op.XorRR32, Op.XorRR32NF],
  [Op.ShlRI32, Op.ShlRI32NF],
  [Op.ShrRI32, Op.ShrRI32NF],
  [Op.SarRI32, Op.SarRI32NF],
  [Op.Imul3R32, Op.Imul3R32NF],
  [Op.AddRR64, Op.AddRR64NF],
]);

/** Ops that set all six arithmetic flags without reading any. */
const WRITES_ALL_FLAGS: ReadonlySet<number> = new Set<number>([
  Op.Add, Op.Or, Op.And, Op.Sub, Op.Xor, Op.Cmp, Op.Test, Op.Neg,
  Op.AddRR32, Op.AddRI32, Op.SubRR32, Op.SubRI32, Op.CmpRR32, Op.CmpRI32, Op.AndRR32,
  Op.AndRI32, Op.OrRR32, Op.XorRR32, Op.TestRR32, Op.AddRR64, Op.ShlRI32, Op.ShrRI32,
  Op.SarRI32, Op.CmpRRJcc, Op.CmpRIJcc, Op.TestRRJcc, Op.SubRIJcc, Op.AddRRJcc, Op.AddRIJcc,
]);

/** Ops that neither read nor write the arithmetic flags. */
const IGNORES_FLAGS: ReadonlySet<number> = new Set<number>([
  Op.Nop, Op.Not, Op.Mov, Op.Movzx, Op.Movsx, Op.Lea, Op.Xchg, Op.Bswap, Op.SignExtendAcc,
  Op.SignToDx, Op.Push, Op.Pop, Op.Leave, Op.Movd, Op.MovqToXmm, Op.MovqFromXmm, Op.MovXmm128,
  Op.MovXmm128Aligned, Op.MovRR32, Op.MovRI32, Op.MovRM32, Op.MovMR32, Op.MovMI32, Op.MovRR64,
  Op.MovRM64, Op.MovMR64, Op.MovMR8, Op.Lea32, Op.Lea64, Op.PushR64, Op.PopR64, Op.MovScalar,
  Op.MovzxRM32,
  Op.FpAdd, Op.FpSub, Op.FpMul, Op.FpDiv, Op.FpMin, Op.FpMax, Op.FpSqrt, Op.CvtIntToFp,
  Op.CvtFpToIntTrunc, Op.CvtFpToInt, Op.CvtFpToFp,
]);

/**
 * Backward liveness of the arithmetic flags over one block's records:
 * a fast form whose flags are overwritten before anything could read them
 * becomes its no-flags twin. Flags are live at the block's end (the
 * successor is unknown), so state visible to the session (at a trap, a
 * budget stop or a block boundary) is never affected. A fault inside the
 * block may see stale flags, which nothing observes: a fault ends the
 * session.
 */
export function dropDeadFlags(insns: Insn[]): void {
  let live = true;
  for (let i = insns.length - 1; i >= 0; i--) {
    const insn = insns[i];
    if (!live) {
      const twin = WITHOUT_FLAGS.get(insn.op) ?? rotateWithoutFlags(insn);
      if (twin !== undefined) insn.op = twin;
    }
    if (WRITES_ALL_FLAGS.has(insn.op)) live = false;
    else if (!IGNORES_FLAGS.has(insn.op) && !WITHOUT_FLAGS_OPS.has(insn.op)) live = true;
  }
}

/** rol/ror of a 32-bit register by a non-zero immediate, flags dead. */
function rotateWithoutFlags(insn: Insn): Op | undefined {
  if (insn.op !== Op.Rol && insn.op !== Op.Ror) return undefined;
  if (insn.size !== 4 || insn.k0 !== Kind.Reg || insn.k1 !== Kind.Imm || (insn.immLo & 31) === 0) return undefined;
  insn.immLo &= 31;
  return insn.op === Op.Rol ? Op.RolRI32NF : Op.RorRI32NF;
}

const WITHOUT_FLAGS_OPS: ReadonlySet<number> = new Set<number>([
  ...WITHOUT_FLAGS.values(), Op.RolRI32NF, Op.RorRI32NF,
]);
