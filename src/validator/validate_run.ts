/**
 * One validation run over a code region: the NaCl x86-64 rules of V§2.
 *
 * The region is decoded once, linearly from its start, one instruction at a
 * time (fast table decoder, iced for the rest). Each instruction is checked
 * against the rule families in order: bundle crossing, prefixes, policy,
 * memory operands, register writes (r15, rsp, rbp), branches and string
 * superinstructions. Valid jump targets are tracked in a byte map (1 at
 * instruction starts, cleared inside superinstructions and at instructions
 * that use a restricted register); unaligned direct jump targets are checked
 * against it after the pass.
 *
 * Speed: scan() handles the common instruction inline (decode, a few table
 * lookups, no calls, no allocation) and sends only the rest through the
 * full rule pass, check(). All per-Code facts come from the generated
 * tables, so nothing here is computed at import.
 *
 * State that spans instructions:
 * - `restricted`: register zero-extended by the previous instruction (V§2.6),
 *   -1 at bundle starts;
 * - `pendingStack`: %rsp/%rbp written by a 32-bit zero-extending instruction
 *   and not yet sandboxed (V§2.8);
 * - a short history of the current bundle's instructions, for the
 *   nacljmp/naclcall and string superinstructions.
 */
import * as codeClasses from "./code_classes.js";
import * as codeFacts from "./code_facts.js";
import { decodeFast } from "./decode_fast.js";
import { SlowDecoder } from "./decode_slow.js";
import * as insnDefs from "./insn.js";
import { Insn } from "./insn.js";
import {
  POLICY_REASONS,
  type Profile,
  profileRules,
  type ProfileRules,
} from "./policy.js";
import { CODE_NOP_RM16 } from "./opcode_tables.js";
import { RULE_MESSAGES, type SandboxRule } from "./rule_messages.js";
import {
  addR15Register,
  andMaskRegister,
  exactLeaKind,
  indirectBranchRegister,
  isLongNop,
  K_ADD_R15,
  K_AND_MASK,
  K_LEA_RDI,
  K_LEA_RSI,
  K_MOV_EDI,
  K_MOV_ESI,
  K_OTHER,
  movSelfKind,
  stackSandboxRegister,
  stackSelfContainedRegister,
} from "./sandbox_patterns.js";


// Same-module copies of the imported constants and tables: V8 (11.3) reads
// an imported binding through its module cell, with a hole check, at every
// use, which cost about 10 % of a validation run in the hot loop.
const {
  CC_DIRECT_CALL,
  CC_DIRECT_JUMP,
  CC_HINTABLE,
  CC_INDIRECT,
  CC_LOCKABLE,
  CC_MANDATORY_REP,
  CC_NO_MEM_ACCESS,
  CC_ZERO_EXTENDS,
  CODE_CLASS,
  CODE_EXTRA,
  CODE_LANE,
  CODE_PREFIX_OK,
  CODE_SPECIAL,
  CODE_VERDICTS,
  CX_66_IGNORED,
  CX_CRC32,
  CX_PATTERN,
  CX_REPNE_OK,
  CX_TEST_IMM,
  LANE_ADD_R64,
  LANE_AND_IMM8,
  LANE_DIRECT,
  LANE_GENERAL,
  LANE_LEA_R64,
  LANE_MOV_R32,
  LANE_PLAIN,
  LANE_TEST_IMM,
  STRING_CLASS,
  STR_RDI,
  STR_RSI,
  STR_RSI_RDI,
} = codeClasses;
const { WIDTH_16, WIDTH_32, WIDTH_8 } = codeFacts;
const {
  BASE_NONE,
  BASE_RIP,
  P_ADDR,
  P_CS,
  P_DS,
  P_DUPLICATE,
  P_LOCK,
  P_OPSIZE,
  P_REP,
  P_REPNE,
  P_REX_NOT_LAST,
  P_SEG_OTHER,
} = insnDefs;

export interface Finding {
  /** Guest address of the instruction (region base + 0-based offset). */
  offset: number;
  rule: string;
  message: string;
  severity: "error" | "warning";
  /** The instruction's bytes in hex, space-separated. */
  bytes: string;
  /** Disassembly (iced-x86, GNU syntax); empty at the region end. */
  text: string;
}

export interface ValidationResult {
  valid: boolean;
  /** Findings in offset order, at most `maxFindings` of them. */
  findings: Finding[];
  /** Errors and warnings found, including those beyond `maxFindings`. */
  counts: { errors: number; warnings: number };
}

type Severity = "error" | "warning";

const RSP = 4;
const RBP = 5;
const RSI = 6;
const RDI = 7;
const R15 = 15;
const HISTORY = 8;
/** Registers whose writes need the %rsp/%rbp/%r15 rules. */
const SPECIAL_WRITES = (1 << RSP) | (1 << RBP) | (1 << R15);

/** Longest instruction (15) plus one: HLTs ZeroVM keeps before trimming. */
const HALT_KEEP = 16;

/**
 * ZeroVM's validator drops a long trailing run of HLT (f4) bytes: it keeps
 * 16 of them, rounded up to a bundle, and validates only that much. Jumps
 * into the dropped tail are then out of range unless aligned (V§2.1).
 */
export function haltTrimmedSize(bytes: Uint8Array): number {
  const size = bytes.length;
  let i = size - 1;
  while (i > 0 && bytes[i] === 0xf4) i--;
  const halts = size - (i + 1);
  if (halts <= HALT_KEEP) return size;
  const trimmed = Math.ceil((size - halts + HALT_KEEP) / 32) * 32;
  return trimmed < size ? trimmed : size;
}

export class ValidationRun {
  private readonly findings: Finding[] = [];
  private errorCount = 0;
  private warningCount = 0;
  private readonly validTarget: Uint8Array;
  private readonly jumpFrom: number[] = [];
  private readonly jumpTo: number[] = [];
  private readonly verdicts: Uint8Array;
  /** LANE_* per Code for this profile (LANE_GENERAL where the policy forbids it). */
  private readonly lanes: Uint8Array;
  private readonly rules: ProfileRules;
  private readonly slow: SlowDecoder;
  private readonly insn = new Insn();
  /** Bytes actually validated: all of them, or fewer after ZeroVM's HLT trim. */
  private readonly size: number;

  private restricted = -1;
  private pendingStack = -1;
  private readonly histStart = new Int32Array(HISTORY);
  private readonly histEnd = new Int32Array(HISTORY);
  private readonly histKind = new Int32Array(HISTORY);
  private readonly histReg = new Int32Array(HISTORY);
  private histCount = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly base: number,
    profile: Profile,
    private readonly maxFindings: number,
  ) {
    this.validTarget = new Uint8Array(bytes.length + 1);
    this.verdicts = CODE_VERDICTS[profile];
    this.lanes = CODE_LANE[profile];
    this.rules = profileRules(profile);
    this.slow = new SlowDecoder(bytes, bytes.length);
    this.size = this.rules.trimTrailingHalts ? haltTrimmedSize(bytes) : bytes.length;
  }

  run(): ValidationResult {
    try {
      this.checkRegionShape();
      this.scan();
      this.checkJumpTargets();
    } finally {
      this.slow.free();
    }
    this.findings.sort((a, b) => a.offset - b.offset);
    return {
      valid: this.errorCount === 0,
      findings: this.findings,
      counts: { errors: this.errorCount, warnings: this.warningCount },
    };
  }

  private checkRegionShape(): void {
    if ((this.base & 31) !== 0) {
      this.reportRule(0, 0, "bundle.misaligned-region");
    }
    if (this.rules.rejectEmpty && this.bytes.length === 0) this.reportRule(0, 0, "bundle.empty");
    if (this.rules.requireWholeBundles && this.bytes.length % 32 !== 0) {
      this.reportRule(this.bytes.length, 0, "bundle.partial");
    }
  }

  /**
   * The main loop: one pass over the region, one instruction at a time.
   *
   * Hot (once per instruction), so the common case is handled inline with
   * table lookups and no calls besides the decoder: an instruction in a
   * lane (LANE_* in code_class_bits.ts) that needs no report and no
   * superinstruction bookkeeping. Everything else goes to check(), which
   * applies every rule; the inline tests only decide that check() would
   * report nothing and record nothing but the jump target and the
   * restricted register, and do exactly that.
   */
  private scan(): void {
    const bytes = this.bytes;
    const size = this.size;
    const insn = this.insn;
    const base = this.base;
    const validTarget = this.validTarget;
    const lanes = this.lanes;
    // Tables in locals: the loop then reads them without module-binding loads.
    const prefixOk = CODE_PREFIX_OK;
    const codeClass = CODE_CLASS;
    let off = 0;
    while (off < size) {
      if (((base + off) & 31) === 0) this.startBundle(off);
      // nop and hlt (padding, the HLT tail): nothing to check beyond a pending %rsp/%rbp.
      const first = bytes[off];
      if ((first === 0x90 || first === 0xf4) && this.pendingStack < 0) {
        // A run of them, up to the next bundle start.
        this.restricted = -1;
        do {
          validTarget[off] = 1;
          off++;
        } while (off < size && ((base + off) & 31) !== 0 && (bytes[off] === 0x90 || bytes[off] === 0xf4));
        continue;
      }
      insn.start = off;
      if (!decodeFast(bytes, size, insn)) {
        off += this.checkSlow(insn);
        continue;
      }
      const code = insn.code;
      const len = insn.length;
      const lane = lanes[code];
      const at = base + off;
      const crossing = (at ^ (at + len - 1)) & ~31;
      // One branch for four conditions: bundle crossing, a prefix the Code
      // does not take, a pending %rsp/%rbp update, a lane-less Code.
      const unusual = crossing | (insn.prefixes & ~prefixOk[code]) | (this.pendingStack + 1);
      if (lane === LANE_GENERAL || unusual !== 0) {
        // The canonical long NOP (compiler padding) has prefixes check() skips.
        if (code === CODE_NOP_RM16 && lane === LANE_PLAIN && this.pendingStack < 0 &&
          crossing === 0 && isLongNop(bytes, off, len)) {
          validTarget[off] = 1;
          this.restricted = -1;
        } else {
          this.check(insn);
        }
        off += len;
        continue;
      }

      // Written registers: none of %rsp (explicitly), %rbp, %r15. Without
      // branches: an unused write (-1) shifts to bit 31, outside SPECIAL_WRITES.
      const write0 = insn.write0;
      const written = (insn.implicitWrites & ~(1 << RSP)) | (1 << write0) | (1 << insn.write1);

      // Memory: an allowed base, and an index only when just zero-extended.
      const cls = codeClass[code];
      let usedRestricted = false;
      let plain = (written & SPECIAL_WRITES) === 0;
      const memBase = insn.memBase;
      if (plain && memBase !== BASE_NONE && (cls & CC_NO_MEM_ACCESS) === 0) {
        plain = memBase === R15 || memBase === RSP || memBase === RBP || memBase === BASE_RIP;
        const index = insn.memIndex;
        if (index >= 0) {
          usedRestricted = true;
          plain &&= index === this.restricted && index !== RSP && index !== RBP && index !== R15;
        }
      }
      if (!plain || (lane !== LANE_PLAIN && !this.isPlainSpecial(insn, lane))) {
        this.check(insn);
        off += len;
        continue;
      }

      validTarget[off] = usedRestricted ? 0 : 1;
      if (lane === LANE_DIRECT) this.checkDirect(insn, cls);
      const restricts = insn.op0Write && insn.width0 === WIDTH_32 && (cls & CC_ZERO_EXTENDS) !== 0;
      this.restricted = restricts ? write0 : -1;
      off += len;
    }
    if (this.pendingStack >= 0) this.reportStackPending(size);
  }

  /** Decodes the instruction at insn.start with iced and checks it; returns its length. */
  private checkSlow(insn: Insn): number {
    insn.reset(insn.start);
    this.slow.decode(insn);
    if (insn.code === 0) {
      this.report(insn, "decode.unrecognized");
      this.restricted = -1;
      this.histCount = 0;
      return 1;
    }
    this.check(insn);
    return insn.length;
  }

  private startBundle(off: number): void {
    if (this.pendingStack >= 0) this.reportStackPending(off);
    this.restricted = -1;
    this.histCount = 0;
  }

  private reportStackPending(off: number): void {
    const reg = this.pendingStack === RSP ? "%rsp" : "%rbp";
    const rule = this.pendingStack === RSP ? "stack.rsp-sandboxing" : "stack.rbp-sandboxing";
    const detail = `the 32-bit write of ${reg} is not followed by its sandboxing instruction`;
    this.reportAt(off, 0, rule, `${RULE_MESSAGES[rule]}: ${detail}`);
    this.pendingStack = -1;
  }

  /**
   * True when a direct branch or a possible superinstruction part surely
   * is not one (tests conservative: a false answer sends it to check).
   */
  private isPlainSpecial(insn: Insn, lane: number): boolean {
    const last = this.bytes[insn.start + insn.length - 1];
    const modrm = insn.modrm;
    switch (lane) {
      case LANE_DIRECT:
        return insn.immSize === 1 || insn.immSize === 4;
      case LANE_AND_IMM8:
        return last !== 0xe0;
      case LANE_ADD_R64: {
        const rex = insn.rex;
        const reg = ((modrm >> 3) & 7) | ((rex & 4) << 1);
        const rm = (modrm & 7) | ((rex & 1) << 3);
        return modrm < 0xc0 || (reg !== R15 && rm !== R15);
      }
      case LANE_MOV_R32:
        return modrm !== 0xf6 && modrm !== 0xff;
      case LANE_LEA_R64:
        return insn.write0 !== RSI && insn.write0 !== RDI;
      case LANE_TEST_IMM:
        return ((modrm >> 3) & 7) !== 1;
      default:
        return false;
    }
  }

  private check(insn: Insn): void {
    const off = insn.start;
    const len = insn.length;
    const code = insn.code;
    const cls = CODE_CLASS[code];
    this.validTarget[off] = 1;

    const first = this.base + off;
    if (((first ^ (first + len - 1)) & ~31) !== 0) {
      this.report(insn, "bundle.crossing");
    }
    if (insn.prefixes !== 0 && !isLongNop(this.bytes, off, len)) this.checkPrefixes(insn, cls);
    const reason = this.verdicts[code];
    if (reason !== 0) this.reportPolicy(insn, reason);

    const usedRestricted = insn.memBase !== BASE_NONE && this.checkMemory(insn, cls);
    // Most instructions write neither %rsp, %rbp nor %r15: skip the write rules.
    // Implicit %rsp updates (push, pop, call) are always allowed.
    let written = insn.implicitWrites & ~(1 << RSP);
    if (insn.write0 >= 0) written |= 1 << insn.write0;
    if (insn.write1 >= 0) written |= 1 << insn.write1;
    const stackSecondHalf = (written & SPECIAL_WRITES) !== 0 || this.pendingStack >= 0
      ? this.checkWrites(insn, cls, written)
      : false;
    if (usedRestricted || stackSecondHalf) this.validTarget[off] = 0;

    if (CODE_SPECIAL[code] !== 0) this.checkSpecial(insn, cls);

    // Zero-extension restricts the destination for the next instruction only.
    const restricts = insn.op0Write && insn.width0 === WIDTH_32 && (cls & CC_ZERO_EXTENDS) !== 0;
    this.restricted = restricts ? insn.write0 : -1;
    if (restricts && (insn.write0 === RSP || insn.write0 === RBP)) this.pendingStack = insn.write0;
  }

  /** Appends to the bundle history, a ring of HISTORY entries. */
  /** Branches, string instructions, superinstruction parts and aliases. */
  private checkSpecial(insn: Insn, cls: number): void {
    const off = insn.start;
    const len = insn.length;
    const code = insn.code;
    if ((CODE_EXTRA[code] & CX_TEST_IMM) !== 0 && this.isTestAlias(insn)) {
      this.report(insn, "forbidden.undefined-form");
    }
    let kind = K_OTHER;
    let kindReg = -1;
    const direct = (cls & (CC_DIRECT_JUMP | CC_DIRECT_CALL)) !== 0 && insn.immSize > 0;
    if (direct) this.checkDirect(insn, cls);
    else if ((cls & CC_INDIRECT) !== 0) this.checkIndirect(insn);
    else if (STRING_CLASS[code] !== 0) this.checkString(insn, STRING_CLASS[code]);
    else if ((CODE_EXTRA[code] & CX_PATTERN) !== 0) {
      kindReg = andMaskRegister(this.bytes, off, len);
      if (kindReg >= 0) kind = K_AND_MASK;
      else if ((kindReg = addR15Register(this.bytes, off, len)) >= 0) kind = K_ADD_R15;
      else kind = this.stringPrepKind(insn);
    }
    if (kind !== K_OTHER) this.pushHistory(off, off + len, kind, kindReg);
  }

  private isTestAlias(insn: Insn): boolean {
    const at = insn.start + insn.opcodeOffset;
    const op = this.bytes[at];
    return (op === 0xf6 || op === 0xf7) && ((this.bytes[at + 1] >> 3) & 7) === 1;
  }

  /**
   * Appends a superinstruction component to the bundle history (a ring of
   * HISTORY entries). Other instructions are not recorded: components must
   * be contiguous, which histKindAt checks through the start/end offsets.
   */
  private pushHistory(start: number, end: number, kind: number, reg: number): void {
    const i = this.histCount & (HISTORY - 1);
    this.histStart[i] = start;
    this.histEnd[i] = end;
    this.histKind[i] = kind;
    this.histReg[i] = reg;
    this.histCount++;
  }

  /**
   * Kind of the component `back` instructions before the one at `off`
   * (1 = the previous instruction), or -1 when the instructions in between
   * are not all recorded components of this bundle.
   */
  private histKindAt(back: number, off: number): number {
    let expectedEnd = off;
    for (let k = 1; k <= back; k++) {
      if (this.histCount < k) return -1;
      const i = (this.histCount - k) & (HISTORY - 1);
      if (this.histEnd[i] !== expectedEnd) return -1;
      expectedEnd = this.histStart[i];
    }
    return this.histKind[(this.histCount - back) & (HISTORY - 1)];
  }

  private histRegAt(back: number): number {
    return this.histReg[(this.histCount - back) & (HISTORY - 1)];
  }

  private histStartAt(back: number): number {
    return this.histStart[(this.histCount - back) & (HISTORY - 1)];
  }

  // Prefixes (V§2.11) --------------------------------------------------------

  private checkPrefixes(insn: Insn, cls: number): void {
    const p = insn.prefixes;
    if (p === 0) return;
    if ((p & P_REX_NOT_LAST) !== 0) this.report(insn, "prefix.rex-not-last");
    if ((p & P_ADDR) !== 0) this.report(insn, "prefix.addr32");
    if ((p & P_DUPLICATE) !== 0) this.report(insn, "prefix.duplicate");
    if ((p & P_SEG_OTHER) !== 0 || ((p & (P_CS | P_DS)) !== 0 && !this.isBranchHint(insn, cls))) {
      this.report(insn, "prefix.segment");
    }
    if ((p & P_LOCK) !== 0 && ((cls & CC_LOCKABLE) === 0 || insn.memBase === BASE_NONE)) {
      this.report(insn, "prefix.lock");
    }
    const rep = p & (P_REP | P_REPNE);
    const extra = CODE_EXTRA[insn.code];
    if (rep !== 0 && (cls & CC_MANDATORY_REP) === 0) {
      const str = STRING_CLASS[insn.code] !== 0;
      if (!str || (rep === P_REPNE && (extra & CX_REPNE_OK) === 0)) {
        this.report(insn, "prefix.rep");
      }
    }
    if ((p & P_OPSIZE) !== 0 && (extra & CX_66_IGNORED) !== 0) {
      this.report(insn, "prefix.data16");
    }
    if (!this.prefixCombinationAllowed(insn, p)) {
      this.report(insn, "prefix.multiple");
    }
  }

  private isBranchHint(insn: Insn, cls: number): boolean {
    const seg = insn.prefixes & (P_CS | P_DS);
    return (cls & CC_HINTABLE) !== 0 && seg !== (P_CS | P_DS);
  }

  /** 66+F0 is always fine; crc32w's 66+F2 only where the profile allows it. */
  private prefixCombinationAllowed(insn: Insn, p: number): boolean {
    const kinds = p & (P_LOCK | P_OPSIZE | P_REP | P_REPNE);
    const count = ((kinds & P_LOCK) !== 0 ? 1 : 0) + ((kinds & P_OPSIZE) !== 0 ? 1 : 0) +
      ((kinds & P_REP) !== 0 ? 1 : 0) + ((kinds & P_REPNE) !== 0 ? 1 : 0);
    if (count < 2) return true;
    if (kinds === (P_LOCK | P_OPSIZE)) return true;
    if (this.rules.rejectTwoLegacyPrefixes) return false;
    return kinds === (P_OPSIZE | P_REPNE) && (CODE_EXTRA[insn.code] & CX_CRC32) !== 0;
  }

  // Memory operands (V§2.7) --------------------------------------------------

  /** Returns true when the instruction uses the restricted register as index. */
  private checkMemory(insn: Insn, cls: number): boolean {
    const baseReg = insn.memBase;
    if (baseReg === BASE_NONE || (cls & CC_NO_MEM_ACCESS) !== 0) return false;
    if (baseReg !== R15 && baseReg !== RSP && baseReg !== RBP && baseReg !== BASE_RIP) {
      this.report(insn, "memory.bad-base");
    }
    const index = insn.memIndex;
    if (index < 0) return false;
    if (index === this.restricted && index !== RSP && index !== RBP && index !== R15) return true;
    this.report(insn, "memory.bad-index");
    return false;
  }

  // Register writes: %r15, %rsp, %rbp (V§2.8, 2.9) ----------------------------

  /** Returns true when the instruction is the second half of a %rsp/%rbp update. */
  private checkWrites(insn: Insn, cls: number, mask: number): boolean {
    const off = insn.start;
    let secondHalf = false;
    const pending = this.pendingStack;
    if (pending >= 0) {
      this.pendingStack = -1;
      const half = stackSandboxRegister(this.bytes, off, insn.length);
      if (half === pending && this.restricted === pending) {
        secondHalf = true;
      } else {
        this.reportStackAt(insn, pending);
      }
    }
    if ((mask & (1 << R15)) !== 0) this.report(insn, "r15.changed");
    if ((mask & ((1 << RSP) | (1 << RBP))) === 0) return secondHalf;

    for (let reg = RSP; reg <= RBP; reg++) {
      if ((mask & (1 << reg)) === 0) continue;
      if (this.stackWriteAllowed(insn, cls, reg, secondHalf)) continue;
      const width = insn.write0 === reg ? insn.width0 : insn.write1 === reg ? insn.width1 : -1;
      if (width === WIDTH_8 || width === WIDTH_16) {
        this.report(insn, reg === RSP ? "stack.sp-changed" : "stack.bp-changed");
      } else {
        this.reportStackAt(insn, reg);
      }
    }
    return secondHalf;
  }

  private stackWriteAllowed(insn: Insn, cls: number, reg: number, secondHalf: boolean): boolean {
    const explicit = insn.write0 === reg || insn.write1 === reg;
    // push, pop, call move %rsp implicitly; other implicit users are forbidden by policy.
    if (!explicit) return reg === RSP;
    const half = secondHalf ? stackSandboxRegister(this.bytes, insn.start, insn.length) : -1;
    if (half === reg) return true;
    if (stackSelfContainedRegister(this.bytes, insn.start, insn.length) === reg) return true;
    const otherWrite = insn.write0 === reg ? insn.write1 : insn.write0;
    return insn.op0Write && insn.write0 === reg && insn.width0 === WIDTH_32 &&
      (cls & CC_ZERO_EXTENDS) !== 0 && otherWrite !== RSP && otherWrite !== RBP;
  }

  private reportStackAt(insn: Insn, reg: number): void {
    this.report(insn, reg === RSP ? "stack.rsp-sandboxing" : "stack.rbp-sandboxing");
  }

  // Branches (V§2.3-2.5) -------------------------------------------------------

  private checkDirect(insn: Insn, cls: number): void {
    const off = insn.start;
    const end = off + insn.length;
    const b = this.bytes;
    let rel: number;
    if (insn.immSize === 1) rel = (b[end - 1] << 24) >> 24;
    else if (insn.immSize === 4) {
      rel = b[end - 4] | (b[end - 3] << 8) | (b[end - 2] << 16) | (b[end - 1] << 24);
    }
    else return; // 16-bit forms are forbidden by policy
    const target = end + rel;
    if ((cls & CC_DIRECT_CALL) !== 0) this.checkCallAlignment(insn, end);
    if (((this.base + target) & 31) === 0) return;
    if (target < 0 || target >= this.size) {
      this.report(insn, "jump.out-of-range");
      return;
    }
    this.jumpFrom.push(off);
    this.jumpTo.push(target);
  }

  private checkCallAlignment(insn: Insn, end: number): void {
    if (((this.base + end) & 31) !== 0) {
      this.report(insn, "call.alignment", "warning");
    }
  }

  private checkIndirect(insn: Insn): void {
    const off = insn.start;
    const reg = indirectBranchRegister(this.bytes, off, insn.length);
    const ok = reg >= 0 && reg !== R15 && insn.prefixes === 0 &&
      this.histKindAt(1, off) === K_ADD_R15 && this.histRegAt(1) === reg &&
      this.histKindAt(2, off) === K_AND_MASK && this.histRegAt(2) === reg;
    if (!ok) {
      this.report(insn, "jump.indirect-unsandboxed");
      return;
    }
    this.validTarget[this.histStartAt(1)] = 0;
    this.validTarget[off] = 0;
    const end = off + insn.length;
    if ((this.bytes[end - 1] & 0xf8) === 0xd0) this.checkCallAlignment(insn, end);
  }

  // String instructions (V§2.10) ------------------------------------------------

  private stringPrepKind(insn: Insn): number {
    const off = insn.start;
    const len = insn.length;
    const mov = movSelfKind(this.bytes, off, len);
    if (mov !== K_OTHER) return mov;
    if (this.rules.exactStringLea) return exactLeaKind(this.bytes, off, len);
    // ZeroVM: any lea into %rsi/%rdi whose address is valid with the
    // just-zero-extended register as index.
    if (insn.write0 !== RSI && insn.write0 !== RDI) return K_OTHER;
    if ((CODE_CLASS[insn.code] & CC_NO_MEM_ACCESS) === 0 || insn.width0 !== 3) return K_OTHER;
    const b = insn.memBase;
    if ((b !== R15 && b !== RSP && b !== RBP) || insn.memIndex !== insn.write0) return K_OTHER;
    if (this.restricted !== insn.write0) return K_OTHER;
    return insn.write0 === RSI ? K_LEA_RSI : K_LEA_RDI;
  }

  private checkString(insn: Insn, strClass: number): void {
    const off = insn.start;
    const rdi = this.histKindAt(2, off) === K_MOV_EDI && this.histKindAt(1, off) === K_LEA_RDI;
    const rsi = this.histKindAt(2, off) === K_MOV_ESI && this.histKindAt(1, off) === K_LEA_RSI;
    const both = this.histKindAt(4, off) === K_MOV_ESI && this.histKindAt(3, off) === K_LEA_RSI;
    const ok = strClass === STR_RDI ? rdi : strClass === STR_RSI ? rsi : both && rdi;
    const p = insn.prefixes;
    const clean = (p & ~(P_REP | P_REPNE | P_OPSIZE)) === 0 &&
      !((p & P_OPSIZE) !== 0 && (p & (P_REP | P_REPNE)) !== 0);
    if (!ok || !clean) {
      this.report(insn, "string.unsandboxed");
      return;
    }
    const parts = strClass === STR_RSI_RDI ? 4 : 2;
    for (let back = 1; back < parts; back++) this.validTarget[this.histStartAt(back)] = 0;
    this.validTarget[insn.start] = 0;
  }

  // Jump targets -------------------------------------------------------------------

  private checkJumpTargets(): void {
    for (let i = 0; i < this.jumpFrom.length; i++) {
      if (this.validTarget[this.jumpTo[i]] === 1) continue;
      const from = this.jumpFrom[i];
      const target = this.base + this.jumpTo[i];
      const message = `${RULE_MESSAGES["jump.bad-target"]} (0x${target.toString(16)})`;
      this.reportAt(from, this.slow.lengthAt(from), "jump.bad-target", message);
    }
  }

  // Findings -------------------------------------------------------------------

  private report(insn: Insn, rule: SandboxRule, severity: Severity = "error"): void {
    const length = insn.code === 0 ? 1 : insn.length;
    this.reportAt(insn.start, length, rule, RULE_MESSAGES[rule], severity);
  }

  private reportRule(off: number, length: number, rule: SandboxRule): void {
    this.reportAt(off, length, rule, RULE_MESSAGES[rule]);
  }

  private reportPolicy(insn: Insn, reason: number): void {
    const { rule, message } = POLICY_REASONS[reason];
    this.reportAt(insn.start, insn.length, rule, message);
  }

  private reportAt(
    off: number,
    length: number,
    rule: string,
    message: string,
    severity: Severity = "error",
  ): void {
    if (severity === "error") this.errorCount++;
    else this.warningCount++;
    if (this.findings.length >= this.maxFindings) return;
    const end = Math.min(off + length, this.bytes.length);
    const hex = Array.from(this.bytes.subarray(off, end), (x) => x.toString(16).padStart(2, "0"));
    const inside = off < this.bytes.length && length > 0;
    const text = inside ? this.slow.disassemble(off, this.base + off) : "";
    const offset = this.base + off;
    this.findings.push({ offset, rule, message, severity, bytes: hex.join(" "), text });
  }
}
