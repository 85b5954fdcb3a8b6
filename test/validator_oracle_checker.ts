/**
 * An independent, slow NaCl checker for differential tests of the validator.
 *
 * Written directly on iced-x86's decoded instructions and InstructionInfo
 * (registers read and written, memory operands, flow control, CPUID
 * features), with none of the validator's tables, byte matchers or
 * decoders. It states the V§2 rules in the most direct way: decode
 * everything, then check each instruction against its neighbours. Slow (a
 * few iced calls per property) and meant for tests only.
 */
import {
  Code,
  CpuidFeature,
  Decoder,
  DecoderOptions,
  FlowControl,
  Instruction,
  InstructionInfoFactory,
  Mnemonic,
  OpAccess,
  OpKind,
  Register,
} from "../src/decoder/iced.js";

type Profile = "zerovm" | "nacl";

interface Op {
  start: number;
  length: number;
  code: number;
  name: string;
  mnemonic: string;
  flow: number;
  bytes: number[];
  /** Registers written (iced Register values). */
  written: number[];
  explicitWritten: number[];
  op0: number; // operand 0 register (Register.None if not a register)
  op0Written: boolean;
  memBase: number | null; // null: no explicit memory operand
  memIndex: number;
  branchTarget: number | null;
  features: number[];
  encoding: number;
  lock: boolean;
  rep: boolean;
  repne: boolean;
  segment: number;
  stringInsn: boolean;
}

const W = new Set<number>([OpAccess.Write, OpAccess.CondWrite, OpAccess.ReadWrite, OpAccess.ReadCondWrite]);

function full(reg: number): number {
  for (const [lo, hi] of [[Register.RAX, Register.R15], [Register.EAX, Register.R15D], [Register.AX, Register.R15W]]) {
    if (reg >= lo && reg <= hi) return Register.RAX + (reg - lo);
  }
  if (reg >= Register.AL && reg <= Register.BL) return Register.RAX + (reg - Register.AL);
  if (reg >= Register.AH && reg <= Register.BH) return Register.RAX + (reg - Register.AH);
  if (reg >= Register.SPL && reg <= Register.R15L) return Register.RSP + (reg - Register.SPL);
  return Register.None;
}

function decodeAll(code: Uint8Array): Op[] | null {
  const decoder = new Decoder(64, code, DecoderOptions.None);
  const factory = new InstructionInfoFactory();
  const instr = new Instruction();
  const ops: Op[] = [];
  try {
    let start = 0;
    while (decoder.canDecode) {
      decoder.decodeOut(instr);
      if (instr.code === Code.INVALID) return null;
      const info = factory.info(instr);
      const written: number[] = [];
      const explicitWritten: number[] = [];
      for (const u of info.usedRegisters()) if (W.has(u.access) && full(u.register) !== Register.None) written.push(u.register);
      let memBase: number | null = null;
      let memIndex = Register.None;
      for (let i = 0; i < instr.opCount; i++) {
        if (instr.opKind(i) === OpKind.Memory) {
          memBase = instr.memoryBase;
          memIndex = instr.memoryIndex;
        }
        if (instr.opKind(i) === OpKind.Register && W.has(info.opAccess(i)) && full(instr.opRegister(i)) !== Register.None) {
          explicitWritten.push(instr.opRegister(i));
        }
      }
      const op0 = instr.opCount > 0 && instr.opKind(0) === OpKind.Register ? instr.opRegister(0) : Register.None;
      const flow = instr.flowControl;
      const direct = (flow === FlowControl.UnconditionalBranch || flow === FlowControl.ConditionalBranch || flow === FlowControl.Call) &&
        (instr.op0Kind === OpKind.NearBranch64 || instr.op0Kind === OpKind.NearBranch32 || instr.op0Kind === OpKind.NearBranch16);
      ops.push({
        start,
        length: instr.length,
        code: instr.code,
        name: Code[instr.code],
        mnemonic: Mnemonic[instr.mnemonic],
        flow,
        bytes: Array.from(code.subarray(start, start + instr.length)),
        written,
        explicitWritten,
        op0,
        op0Written: op0 !== Register.None && W.has(info.op0Access),
        memBase,
        memIndex,
        branchTarget: direct ? Number(BigInt.asIntN(64, instr.nearBranchTarget)) : null,
        features: Array.from(instr.cpuidFeatures()),
        encoding: instr.encoding,
        lock: instr.hasLockPrefix,
        rep: instr.hasRepPrefix,
        repne: instr.hasRepnePrefix,
        segment: instr.segmentPrefix,
        stringInsn: instr.isStringInstruction,
      });
      info.free();
      start += instr.length;
    }
    return ops;
  } finally {
    instr.free();
    factory.free();
    decoder.free();
  }
}

const FORBIDDEN = new Set(
  ("Syscall Sysenter Sysexit Sysret Int Int3 Int1 Into Iret Iretd Iretq Cli Sti In Out Insb Insw Insd Outsb " +
    "Outsw Outsd Rdmsr Wrmsr Rdpmc Rdtscp Swapgs Rsm Invd Wbinvd Invlpg Invlpga Clts Lgdt Lidt Lldt Ltr Sgdt " +
    "Sidt Sldt Str Smsw Lmsw Lar Lsl Verr Verw Ret Retf Pushf Pushfq Popf Popfq Enter Leave Xlatb Lds Les Lfs " +
    "Lgs Lss Ud0 Ud1 Monitor Mwait Xgetbv Xsetbv Fxsave Fxrstor Fxsave64 Fxrstor64 Rdrand Rdseed Sal " +
    "Reservednop").split(" "),
);
const OK_FEATURES = new Set<number>([
  CpuidFeature.INTEL8086, CpuidFeature.INTEL186, CpuidFeature.INTEL286, CpuidFeature.INTEL386,
  CpuidFeature.INTEL486, CpuidFeature.X64, CpuidFeature.CPUID, CpuidFeature.FPU, CpuidFeature.FPU287,
  CpuidFeature.FPU387, CpuidFeature.CMOV, CpuidFeature.CX8, CpuidFeature.CMPXCHG16B, CpuidFeature.MMX,
  CpuidFeature.SSE, CpuidFeature.SSE2, CpuidFeature.SSE3, CpuidFeature.SSSE3, CpuidFeature.SSE4_1,
  CpuidFeature.SSE4_2, CpuidFeature.SSE4A, CpuidFeature.POPCNT, CpuidFeature.LZCNT, CpuidFeature.MOVBE,
  CpuidFeature.D3NOW, CpuidFeature.D3NOWEXT, CpuidFeature.TSC, CpuidFeature.PAUSE,
  CpuidFeature.MULTIBYTENOP, CpuidFeature.CLFSH, CpuidFeature.PREFETCHW,
]);
const AVX = new Set<number>([CpuidFeature.AVX, CpuidFeature.AVX2, CpuidFeature.FMA, CpuidFeature.FMA4, CpuidFeature.XOP]);
const ZERO_EXTENDING = new Set("Add And Or Sub Xor Inc Dec Neg Not Imul Lea Mov Movzx Movsx Movsxd Movd Xchg Xadd".split(" "));

function policyOk(op: Op, profile: Profile): boolean {
  const m = op.mnemonic;
  if (FORBIDDEN.has(m)) return false;
  if (/_(cr|dr|tr)(_|$)|^Mov_(cr|dr|tr)_|Sreg|_(FS|GS|ES|CS|SS|DS)$|moffs|_m16(16|32|64)$|^Bt[crs]?_rm\d+_r\d+$|Bswap_r16|^Extrq_xmm_imm8_imm8$/.test(op.name)) return false;
  if (/_rel(8|16|32)_(16|32)(_|$)|_rel16$|_ECX$|_CX$|^Jecxz/.test(op.name)) return false;
  if (op.encoding === 2 || op.encoding === 5) return false; // EVEX, MVEX
  if (profile === "zerovm") {
    if (m === "Rdtsc" || m === "Lahf" || m === "Sahf") return false;
    if (op.encoding === 1 || op.encoding === 3) return false; // VEX, XOP
  } else if (m === "Clflush") return false;
  if (m === "Tzcnt") return true;
  if (op.features.some((f) => f === CpuidFeature.FMA4) && /_(x|y)mmm\d+$/.test(op.name)) return false;
  return op.features.every((f) => OK_FEATURES.has(f) || (profile === "nacl" && AVX.has(f)));
}

function hex(op: Op): string {
  return op.bytes.map((b) => b.toString(16).padStart(2, "0")).join(" ");
}

/** Prefix bytes before the opcode (legacy prefixes then REX). */
function prefixBytes(op: Op): number[] {
  const out: number[] = [];
  for (const b of op.bytes) {
    if ([0xf0, 0xf2, 0xf3, 0x66, 0x67, 0x2e, 0x3e, 0x26, 0x36, 0x64, 0x65].includes(b) || (b & 0xf0) === 0x40) out.push(b);
    else break;
  }
  return out;
}

function prefixesOk(op: Op, profile: Profile): boolean {
  if (/^(66 ){1,6}2e 0f 1f 84 00 00 00 00 00$/.test(hex(op))) return true;
  const pre = prefixBytes(op);
  const legacy = pre.filter((b) => (b & 0xf0) !== 0x40);
  const rexAt = pre.findIndex((b) => (b & 0xf0) === 0x40);
  if (rexAt >= 0 && rexAt !== pre.length - 1) return false;
  if (new Set(legacy).size !== legacy.length) return false;
  if (legacy.includes(0x67)) return false;
  const segs = legacy.filter((b) => [0x2e, 0x3e, 0x26, 0x36, 0x64, 0x65].includes(b));
  if (segs.length > 0) {
    const hint = segs.length === 1 && (segs[0] === 0x2e || segs[0] === 0x3e) && op.flow === FlowControl.ConditionalBranch && !op.mnemonic.startsWith("Loop");
    if (!hint) return false;
  }
  if (op.lock && op.memBase === null) return false;
  const nonSeg = legacy.filter((b) => !segs.includes(b));
  if (nonSeg.length >= 2) {
    const set = new Set(nonSeg);
    const lock66 = set.size === 2 && set.has(0x66) && set.has(0xf0);
    const crc = profile === "nacl" && set.size === 2 && set.has(0x66) && set.has(0xf2) && op.mnemonic === "Crc32";
    if (!lock66 && !crc) return false;
  }
  if ((op.rep || op.repne) && !op.stringInsn) return false;
  if (op.repne && !/^(Cmps|Scas)/.test(op.name)) return false;
  if (op.stringInsn && (op.rep || op.repne) && legacy.includes(0x66)) return false;
  if (legacy.includes(0x66)) {
    // 66 must change the instruction: decode it again without the 66.
    const without = op.bytes.filter((_, i) => i !== op.bytes.indexOf(0x66));
    const d = new Decoder(64, Uint8Array.from(without), DecoderOptions.None);
    const again = d.decode();
    const same = again.code === op.code;
    again.free();
    d.free();
    if (same) return false;
  }
  return true;
}

const RSP = Register.RSP;
const RBP = Register.RBP;
const R15 = Register.R15;

function isZeroExtend32(op: Op): number {
  if (!op.op0Written || !ZERO_EXTENDING.has(op.mnemonic)) return Register.None;
  return op.op0 >= Register.EAX && op.op0 <= Register.R15D ? full(op.op0) : Register.None;
}

/** True when `op` is `add/or %r15,%reg` or `lea (%reg,%r15,1)`-style sandboxing of rsp/rbp. */
function isStackSandbox(op: Op, reg: number): boolean {
  const h = hex(op);
  const forms = reg === RSP
    ? ["4c 01 fc", "49 03 e7", "4c 09 fc", "49 0b e7", "4a 8d 24 3c", "4a 8d 64 3c 00", "4a 8d a4 3c 00 00 00 00"]
    : ["4c 01 fd", "49 03 ef", "4a 8d 6c 3d 00", "4a 8d ac 3d 00 00 00 00"];
  return forms.includes(h);
}

/** Returns true when the code is acceptable. */
export function oracleValidate(code: Uint8Array, profile: Profile): boolean {
  if (profile === "nacl" && code.length % 32 !== 0) return false;
  const ops = decodeAll(code);
  if (!ops) return false;
  const targets = new Set<number>(ops.map((o) => o.start));
  const bundleOf = (x: number) => Math.floor(x / 32);
  const inner = new Set<number>();

  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    const prev = i > 0 && bundleOf(ops[i - 1].start) === bundleOf(op.start) ? ops[i - 1] : null;
    const prev2 = prev && i > 1 && bundleOf(ops[i - 2].start) === bundleOf(op.start) ? ops[i - 2] : null;
    if (bundleOf(op.start) !== bundleOf(op.start + op.length - 1)) return false;
    if (!policyOk(op, profile) || !prefixesOk(op, profile)) return false;
    if (/^Test_rm\d+_imm/.test(op.name) && (op.bytes[prefixBytes(op).length + 1] >> 3 & 7) === 1) return false;
    const restricted = prev ? isZeroExtend32(prev) : Register.None;

    // Memory operands.
    const noAccess = /^(Lea|Nop|Prefetch\w*)$/.test(op.mnemonic);
    if (op.memBase !== null && !noAccess) {
      if (![R15, RSP, RBP, Register.RIP].includes(op.memBase)) return false;
      if (op.memIndex !== Register.None) {
        if (op.memIndex !== restricted || [RSP, RBP, R15].includes(op.memIndex)) return false;
        inner.add(op.start);
      }
    }

    // Register writes.
    const writesFull = new Set(op.written.map(full));
    if (writesFull.has(R15)) return false;
    const sandboxOf = (reg: number) => restricted === reg && isStackSandbox(op, reg);
    if (prev && (isZeroExtend32(prev) === RSP || isZeroExtend32(prev) === RBP)) {
      const reg = isZeroExtend32(prev);
      if (!sandboxOf(reg)) return false;
      inner.add(op.start);
    }
    for (const reg of [RSP, RBP]) {
      if (!writesFull.has(reg)) continue;
      const explicit = op.explicitWritten.some((r) => full(r) === reg);
      if (!explicit) {
        if (reg === RSP && ["Push", "Pop", "Call"].includes(op.mnemonic)) continue;
        return false;
      }
      const h = hex(op);
      if (reg === RBP && (h === "48 89 e5" || h === "48 8b ec")) continue;
      if (reg === RSP && (h === "48 89 ec" || h === "48 8b e5")) continue;
      if (reg === RSP && /^48 83 e4 [89a-f][0-9a-f]$/.test(h)) continue;
      if (sandboxOf(reg)) continue;
      if (isZeroExtend32(op) === reg && op.explicitWritten.every((r) => full(r) === reg || (full(r) !== RSP && full(r) !== RBP))) {
        const next = ops[i + 1];
        if (!next || bundleOf(next.start) !== bundleOf(op.start)) return false;
        continue;
      }
      return false;
    }

    // Branches.
    if (op.flow === FlowControl.IndirectBranch || op.flow === FlowControl.IndirectCall) {
      if (op.memBase !== null || !/^(Jmp|Call)_rm64$/.test(op.name) || prefixBytes(op).some((b) => (b & 0xf0) !== 0x40)) return false;
      const reg = full(op.op0);
      const addOk = prev && prev.mnemonic === "Add" && /^(4[c-f] 01 f[8-f]|4[9bdf] 03 [c-f][7f])$/.test(hex(prev)) &&
        full(prev.explicitWritten[0] ?? Register.None) === reg && prev.start + prev.length === op.start;
      const andOk = prev2 && /^(4[0-7] )?83 e[0-7] e0$/.test(hex(prev2)) && full(prev2.op0) === reg &&
        prev2.start + prev2.length === prev!.start;
      if (!addOk || !andOk || reg === R15) return false;
      inner.add(prev!.start);
      inner.add(op.start);
    } else if (op.branchTarget !== null) {
      if (op.branchTarget % 32 !== 0 && (op.branchTarget < 0 || op.branchTarget >= code.length)) return false;
    }

    // String instructions and maskmov.
    if (op.stringInsn || /[Mm]askmov(q|dqu)_rDI/.test(op.name)) {
      if (/^(Ins|Outs)/.test(op.mnemonic)) return false;
      const needRsi = /^(Lods|Movs|Cmps)/.test(op.mnemonic);
      const needRdi = !/^Lods/.test(op.mnemonic);
      const seq = ops.slice(Math.max(0, i - 4), i).filter((o) => bundleOf(o.start) === bundleOf(op.start));
      const isMov = (o: Op | undefined, r: string) => !!o && (o.bytes.length === 2 || (o.bytes.length === 3 && o.bytes[0] === 0x42)) &&
        new RegExp(`^(42 )?(89|8b) ${r}$`).test(hex(o));
      const isLea = (o: Op | undefined, reg: number, exact: string) => !!o && (profile === "nacl" ? hex(o) === exact
        : o.mnemonic === "Lea" && o.op0 === reg && [R15, RSP, RBP].includes(o.memBase ?? -1) && o.memIndex === reg);
      const n = seq.length;
      const rdiOk = isMov(seq[n - 2], "ff") && isLea(seq[n - 1], Register.RDI, "49 8d 3c 3f");
      const rsiAt = needRdi ? n - 4 : n - 2;
      const rsiOk = isMov(seq[rsiAt], "f6") && isLea(seq[rsiAt + 1], Register.RSI, "49 8d 34 37");
      if ((needRdi && !rdiOk) || (needRsi && !rsiOk)) return false;
      const parts = needRsi && needRdi ? 4 : 2;
      for (let k = 1; k <= parts; k++) inner.add(ops[i - k + 1].start);
      inner.add(op.start);
    }
  }

  // Unaligned direct targets must be instruction starts outside superinstructions
  // (and, for ZeroVM, before the HLT tail it trims off).
  let end = code.length;
  const halts = code.length - 1 - code.findLastIndex((b, i) => i === 0 || b !== 0xf4);
  if (profile === "zerovm" && halts > 16) end = Math.min(end, Math.ceil((code.length - halts + 16) / 32) * 32);
  for (const op of ops) {
    const t = op.branchTarget;
    if (t === null || t % 32 === 0) continue;
    if (t >= end || !targets.has(t) || inner.has(t)) return false;
  }
  return true;
}
