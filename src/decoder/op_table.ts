/**
 * Which of our Op codes an iced-x86 mnemonic maps to.
 *
 * The table is keyed by iced Mnemonic name and built once, read-only. Some
 * mnemonics need their Code as well (imul forms, movq directions, vector
 * moves); decode_block.ts refines those. A mnemonic absent from the table
 * decodes to Op.Unimplemented.
 */
import { Mnemonic } from "./iced.js";
import { Op } from "./insn.js";

/** Legend: iced mnemonic name -> Op executed for it. */
const BY_NAME: Record<string, Op> = {
  Nop: Op.Nop,
  Pause: Op.Nop,
  Prefetchnta: Op.Nop,
  Prefetcht0: Op.Nop,
  Prefetcht1: Op.Nop,
  Prefetcht2: Op.Nop,
  Lfence: Op.Nop,
  Mfence: Op.Nop,
  Sfence: Op.Nop,
  Add: Op.Add,
  Or: Op.Or,
  Adc: Op.Adc,
  Sbb: Op.Sbb,
  And: Op.And,
  Sub: Op.Sub,
  Xor: Op.Xor,
  Cmp: Op.Cmp,
  Test: Op.Test,
  Inc: Op.Inc,
  Dec: Op.Dec,
  Neg: Op.Neg,
  Not: Op.Not,
  Mov: Op.Mov,
  Movzx: Op.Movzx,
  Movsx: Op.Movsx,
  Movsxd: Op.Movsx,
  Lea: Op.Lea,
  Xchg: Op.Xchg,
  Bswap: Op.Bswap,
  Cbw: Op.SignExtendAcc,
  Cwde: Op.SignExtendAcc,
  Cdqe: Op.SignExtendAcc,
  Cwd: Op.SignToDx,
  Cdq: Op.SignToDx,
  Cqo: Op.SignToDx,
  Xadd: Op.Xadd,
  Cmpxchg: Op.Cmpxchg,
  Shl: Op.Shl,
  Sal: Op.Shl,
  Shr: Op.Shr,
  Sar: Op.Sar,
  Rol: Op.Rol,
  Ror: Op.Ror,
  Rcl: Op.Rcl,
  Rcr: Op.Rcr,
  Shld: Op.Shld,
  Shrd: Op.Shrd,
  Mul: Op.Mul,
  Imul: Op.Imul2,
  Div: Op.Div,
  Idiv: Op.Idiv,
  Bt: Op.Bt,
  Bts: Op.Bts,
  Btr: Op.Btr,
  Btc: Op.Btc,
  Bsf: Op.Bsf,
  Bsr: Op.Bsr,
  Tzcnt: Op.Tzcnt,
  Lzcnt: Op.Lzcnt,
  Popcnt: Op.Popcnt,
  Clc: Op.Clc,
  Stc: Op.Stc,
  Cmc: Op.Cmc,
  Cld: Op.Cld,
  Std: Op.Std,
  Lahf: Op.Lahf,
  Sahf: Op.Sahf,
  Pushfq: Op.Pushf,
  Popfq: Op.Popf,
  Push: Op.Push,
  Pop: Op.Pop,
  Leave: Op.Leave,
  Jmp: Op.JmpIndirect,
  Call: Op.CallIndirect,
  Ret: Op.Ret,
  Movsb: Op.Movs,
  Movsw: Op.Movs,
  Movsd: Op.Movs,
  Movsq: Op.Movs,
  Stosb: Op.Stos,
  Stosw: Op.Stos,
  Stosd: Op.Stos,
  Stosq: Op.Stos,
  Lodsb: Op.Lods,
  Lodsw: Op.Lods,
  Lodsd: Op.Lods,
  Lodsq: Op.Lods,
  Cmpsb: Op.Cmps,
  Cmpsw: Op.Cmps,
  Cmpsd: Op.Cmps,
  Cmpsq: Op.Cmps,
  Scasb: Op.Scas,
  Scasw: Op.Scas,
  Scasd: Op.Scas,
  Scasq: Op.Scas,
  Movd: Op.Movd,
  Movq: Op.MovqToXmm,
  Movdqu: Op.MovXmm128,
  Movups: Op.MovXmm128,
  Movupd: Op.MovXmm128,
  Lddqu: Op.MovXmm128,
  Movdqa: Op.MovXmm128Aligned,
  Movaps: Op.MovXmm128Aligned,
  Movapd: Op.MovXmm128Aligned,
  Pxor: Op.Pxor,
  Xorps: Op.Pxor,
  Xorpd: Op.Pxor,
  Pand: Op.Pand,
  Andps: Op.Pand,
  Andpd: Op.Pand,
  Por: Op.Por,
  Orps: Op.Por,
  Orpd: Op.Por,
  Pandn: Op.Pandn,
  Andnps: Op.Pandn,
  Andnpd: Op.Pandn,
  Pcmpeqb: Op.Pcmpeqb,
  Pcmpeqw: Op.Pcmpeqw,
  Pcmpeqd: Op.Pcmpeqd,
  Paddb: Op.Paddb,
  Paddw: Op.Paddw,
  Paddd: Op.Paddd,
  Paddq: Op.Paddq,
  Psubb: Op.Psubb,
  Psubw: Op.Psubw,
  Psubd: Op.Psubd,
  Psubq: Op.Psubq,
  Pmovmskb: Op.Pmovmskb,
  Pshufd: Op.Pshufd,
  Punpcklqdq: Op.Punpcklqdq,
  Punpckldq: Op.Punpckldq,
  Stmxcsr: Op.Stmxcsr,
  Ldmxcsr: Op.Ldmxcsr,
  Fnstcw: Op.Fnstcw,
  Fldcw: Op.Fldcw,
  Fninit: Op.Fninit,
  Hlt: Op.Hlt,
  Ud2: Op.Illegal,
  Int3: Op.Int3,
};

/** iced Mnemonic number -> Op, or undefined when we do not implement it. */
export function opForMnemonic(mnemonic: number): Op | undefined {
  return OP_BY_MNEMONIC.get(mnemonic);
}

/**
 * Op of a mnemonic that tests a condition code (jcc, setcc, cmovcc), or
 * undefined for other conditional forms (loopcc, jrcxz) we do not implement.
 */
export function conditionalOpForMnemonic(mnemonic: number): Op | undefined {
  const name = (Mnemonic as unknown as Record<number, string>)[mnemonic] ?? "";
  if (name.startsWith("Set")) return Op.Setcc;
  if (name.startsWith("Cmov")) return Op.Cmov;
  if (/^J[a-z]+$/.test(name) && name !== "Jmp" && !name.endsWith("cxz")) return Op.Jcc;
  return undefined;
}

const OP_BY_MNEMONIC: ReadonlyMap<number, Op> = buildTable();

function buildTable(): Map<number, Op> {
  const table = new Map<number, Op>();
  const names = Mnemonic as unknown as Record<string, number>;
  for (const [name, op] of Object.entries(BY_NAME)) {
    const value = names[name];
    if (typeof value !== "number") throw new Error(`iced-x86 has no mnemonic ${name}`);
    table.set(value, op);
  }
  return table;
}
