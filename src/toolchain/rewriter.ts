/**
 * The sandboxing rewriter: AT&T assembly for x32 (gcc -mx32 output, or
 * hand-written code with 32-bit pointers) in, NaCl x86-64 assembly for GNU as
 * in bundle mode (`.bundle_align_mode 5`) out.
 *
 * Every transformation keeps the program's meaning under the x32 model, where
 * an address is the low 32 bits of its computation:
 *
 * - A memory operand not based on %rsp, %rbp or %rip is computed with
 *   `leal addr64, %r11d` (64-bit register names; the 32-bit truncation gives
 *   exactly the addr32 wrap-around) and accessed as `(%r15,%r11)`. An
 *   absolute address `sym` becomes `sym(%r15)`. The pair is bundle-locked.
 * - `ret` pops into %r11 and jumps through the masked %r11. Indirect calls and
 *   jumps copy their target into %r11d first, so no program register changes.
 * - Every call is padded with NOPs so that it ends on a 32-byte boundary: the
 *   return address must be bundle aligned because every return masks it.
 * - 32-bit writes to %esp/%ebp are followed by `leaq (%rsp,%r15,1),%rsp`
 *   (`leaq 0(%rbp,%r15,1),%rbp`), which keeps the flags; 64-bit writes become
 *   the 32-bit operation first. `pop %rbp` and `leave` go through %r11.
 * - String instructions get `%rsi` then `%rdi` rebased on %r15.
 * - Function labels and labels whose address is taken (jump tables, `$label`)
 *   are aligned to 32 bytes, since indirect jumps land on bundle starts.
 *
 * %r11 is the rewriter's scratch register and %r15 the sandbox base: input
 * that names either (other than reading %r15) is refused, as is anything
 * NaCl cannot sandbox (TLS and other segment overrides, rdtsc, syscalls,
 * 8/16-bit writes to %rsp/%rbp, ...). Refusals throw RewriteError with the
 * 1-based input line.
 */
import {
  gprInfo,
  gprName,
  isBranchMnemonic,
  parseStatement,
  renderInsn,
  renderMemory,
  operandRegisters,
  SEGMENT_REGISTERS,
  splitOutsideStrings,
  stripComment,
  R11,
  R15,
  RBP,
  RSP,
  type MemoryOperand,
  type Operand,
  type Statement,
} from "./asm_syntax.js";

/** A refusal: the input cannot be sandboxed. `line` is 1-based. */
export class RewriteError extends Error {
  constructor(
    readonly line: number,
    readonly source: string,
    readonly reason: string,
  ) {
    super(`Cannot sandbox line ${line} ${JSON.stringify(source.trim())}: ${reason}`);
    this.name = "RewriteError";
  }
}

/** Bytes of the masked call tail `andl $-32,%r11d; addq %r15,%r11; call *%r11`. */
const INDIRECT_CALL_BYTES = 10;
/** Bytes of `call rel32`. */
const DIRECT_CALL_BYTES = 5;

const SP_REBASE = "leaq\t(%rsp,%r15,1), %rsp";
const BP_REBASE = "leaq\t0(%rbp,%r15,1), %rbp";

/** Instructions NaCl forbids outright, with the reason we give. */
const FORBIDDEN: ReadonlyMap<string, string> = new Map([
  ["rdtsc", "rdtsc is not allowed in NaCl code (it is a source of non-determinism)"],
  ["rdtscp", "rdtscp is not allowed in NaCl code (it is a source of non-determinism)"],
  ["syscall", "system calls are not allowed: use the ZeroVM traps (zvm.h)"],
  ["sysenter", "system calls are not allowed: use the ZeroVM traps (zvm.h)"],
  ["int", "software interrupts are not allowed: use the ZeroVM traps (zvm.h)"],
  ["int3", "software interrupts are not allowed (use ud2 or hlt to stop)"],
  ["into", "software interrupts are not allowed"],
  ["iret", "iret is not allowed in NaCl code"],
  ["iretq", "iret is not allowed in NaCl code"],
  ["lret", "far returns are not allowed in NaCl code"],
  ["lcall", "far calls are not allowed in NaCl code"],
  ["ljmp", "far jumps are not allowed in NaCl code"],
  ["enter", "enter is not allowed in NaCl code (write push/mov/sub instead)"],
  ["xlat", "xlat has an implicit memory operand that cannot be sandboxed"],
  ["xlatb", "xlat has an implicit memory operand that cannot be sandboxed"],
  ["pushf", "pushf is not allowed in NaCl code"],
  ["pushfq", "pushf is not allowed in NaCl code"],
  ["popf", "popf is not allowed in NaCl code"],
  ["popfq", "popf is not allowed in NaCl code"],
  ["lahf", "lahf is not allowed in NaCl code"],
  ["sahf", "sahf is not allowed in NaCl code"],
  ["rdfsbase", "TLS (%fs/%gs) is not available in ZeroVM"],
  ["rdgsbase", "TLS (%fs/%gs) is not available in ZeroVM"],
  ["wrfsbase", "TLS (%fs/%gs) is not available in ZeroVM"],
  ["wrgsbase", "TLS (%fs/%gs) is not available in ZeroVM"],
]);

/** Opcodes that may write %esp/%ebp in the validator's zero-extending forms. */
const STACK_WRITE_OPS = new Set(["mov", "add", "sub", "and", "or", "xor", "lea"]);

/** Instructions whose last register operand is only read. */
const READ_ONLY_LAST = /^(cmp[bwlq]?|test[bwlq]?|bt[wlq]?|push[wlq]?|j[a-z]+|call[lq]?|nop[wlq]?)$/;

const STRING_OPS = /^(movs|stos|lods|scas|cmps)([bwlqd])$/;

/** Where the rewriter is in the input. */
interface Cursor {
  line: number;
  source: string;
}

/** State carried through one file. */
interface FileState {
  out: string[];
  alignLabels: Set<string>;
  section: string;
  sectionStack: string[];
  previous: string;
  codeSections: Map<string, boolean>;
  bases: Map<string, string>;
  pendingPrefixes: string[];
}

/**
 * Rewrites one assembly file into NaCl-sandboxed assembly for GNU as.
 *
 * @param source AT&T assembly text (gcc -mx32 -S output or hand-written).
 * @returns assembly that starts with `.bundle_align_mode 5`.
 * @throws RewriteError naming the line that cannot be sandboxed.
 */
export function rewriteAssembly(source: string): string {
  const parsed = parseFile(source);
  const state: FileState = {
    out: [".bundle_align_mode 5"],
    alignLabels: collectAlignedLabels(parsed),
    section: ".text",
    sectionStack: [],
    previous: ".text",
    codeSections: new Map([[".text", true]]),
    bases: new Map(),
    pendingPrefixes: [],
  };
  enterSection(state, ".text", '"ax"');
  for (const { stmt, cursor } of parsed) emitStatement(state, stmt, cursor);
  state.out.push("");
  return state.out.join("\n");
}

function parseFile(source: string): { stmt: Statement; cursor: Cursor }[] {
  const result: { stmt: Statement; cursor: Cursor }[] = [];
  source.split("\n").forEach((rawLine, i) => {
    const cursor = { line: i + 1, source: rawLine };
    for (const piece of splitOutsideStrings(stripComment(rawLine), ";")) {
      for (const stmt of parseStatement(piece)) result.push({ stmt, cursor });
    }
  });
  return result;
}

/** Labels to align: functions and every symbol used other than as a direct branch target. */
function collectAlignedLabels(parsed: { stmt: Statement }[]): Set<string> {
  const names = new Set<string>();
  const addIdentifiers = (text: string) => {
    for (const m of text.matchAll(/[A-Za-z_.$][\w.$]*/g)) names.add(m[0]);
  };
  for (const { stmt } of parsed) {
    if (stmt.kind === "directive") {
      const fn = /^([\w.$]+)\s*,\s*[@%]function/.exec(stmt.args);
      if (stmt.name === ".type" && fn) names.add(fn[1]);
      if (/^\.(long|quad|int|4byte|8byte|word|short|value|2byte)$/.test(stmt.name)) {
        addIdentifiers(stmt.args);
      }
    } else if (stmt.kind === "insn") {
      for (const op of stmt.operands) {
        if (op.kind === "imm") addIdentifiers(op.text);
        if (op.kind === "mem-op") addIdentifiers(op.mem.disp);
      }
    }
  }
  return names;
}

function fail(cursor: Cursor, reason: string): never {
  throw new RewriteError(cursor.line, cursor.source, reason);
}

function isCodeSection(name: string, flags: string): boolean {
  return name === ".text" || name.startsWith(".text.") || /"[^"]*x[^"]*"/.test(flags);
}

function enterSection(state: FileState, name: string, flags: string): void {
  state.previous = state.section;
  state.section = name;
  if (!state.codeSections.has(name)) state.codeSections.set(name, isCodeSection(name, flags));
  if (state.codeSections.get(name) && !state.bases.has(name)) {
    // A label at offset 0 of the section lets call padding compute `. mod 32`;
    // the alignment makes section offsets and addresses agree modulo 32.
    const base = `.Lnacl_section_base_${state.bases.size}`;
    state.bases.set(name, base);
    state.out.push(`${base}:`, "\t.p2align 5");
  }
}

function inCode(state: FileState): boolean {
  return state.codeSections.get(state.section) === true;
}

function emitStatement(state: FileState, stmt: Statement, cursor: Cursor): void {
  switch (stmt.kind) {
    case "label":
      if (inCode(state) && state.alignLabels.has(stmt.name)) state.out.push("\t.p2align 5");
      state.out.push(`${stmt.name}:`);
      return;
    case "directive":
      emitDirective(state, stmt, cursor);
      return;
    case "insn":
      if (stmt.mnemonic === "") {
        state.pendingPrefixes.push(...stmt.prefixes);
        return;
      }
      if (!inCode(state)) fail(cursor, "instructions outside an executable section cannot be run");
      emitInstruction(state, {
        ...stmt,
        prefixes: [...state.pendingPrefixes, ...stmt.prefixes],
      }, cursor);
      state.pendingPrefixes = [];
      return;
  }
}

function emitDirective(
  state: FileState,
  stmt: Extract<Statement, { kind: "directive" }>,
  cursor: Cursor,
): void {
  const { name, args } = stmt;
  if (name.startsWith(".cfi_") || name === ".ident" || name === ".file" || name === ".loc") return;
  if (name.startsWith(".bundle_")) fail(cursor, "bundle directives are added by the rewriter");
  if (name === ".tbss" || name === ".tdata" || /^\.t(bss|data)\b/.test(args)) {
    fail(cursor, "thread-local storage is not available in ZeroVM");
  }
  state.out.push(`\t${stmt.text}`);
  if (name === ".text" || name === ".data" || name === ".bss") enterSection(state, name, "");
  else if (name === ".section" || name === ".pushsection") {
    const [sectionName, ...rest] = args.split(",").map((s) => s.trim());
    if (name === ".pushsection") state.sectionStack.push(state.section);
    enterSection(state, sectionName, rest.join(","));
  } else if (name === ".popsection") {
    enterSection(state, state.sectionStack.pop() ?? ".text", "");
  } else if (name === ".previous") {
    enterSection(state, state.previous, "");
  }
}

type Insn = Extract<Statement, { kind: "insn" }>;

function emitInstruction(state: FileState, insn: Insn, cursor: Cursor): void {
  checkForbidden(insn, cursor);
  const prefixes = insn.prefixes.filter((p) => p !== "addr32" && p !== "notrack" && p !== "bnd");
  const m = insn.mnemonic;
  const base = state.bases.get(state.section)!;
  const out = state.out;

  if (/^ret[lq]?$/.test(m)) {
    if (insn.operands.length > 0) fail(cursor, "ret with an immediate is not supported");
    out.push("\tpopq\t%r11", ...locked(maskedBranch("jmp")));
  } else if (/^leave[lq]?$/.test(m)) {
    out.push("\tmovq\t%rbp, %rsp", "\tpopq\t%r11", ...locked(["movl\t%r11d, %ebp", BP_REBASE]));
  } else if (/^pop[lq]?$/.test(m) && isReg(insn.operands[0], RBP)) {
    out.push("\tpopq\t%r11", ...locked(["movl\t%r11d, %ebp", BP_REBASE]));
  } else if (/^pop[lq]?$/.test(m) && isReg(insn.operands[0], RSP)) {
    fail(cursor, "pop %rsp cannot be sandboxed");
  } else if (isBranchMnemonic(m) && /^(call|jmp)/.test(m)) {
    emitBranch(out, base, insn, cursor);
  } else if (isStringOp(insn)) {
    emitStringOp(out, prefixes, insn, cursor);
  } else if (/^lea[wlq]?$/.test(m)) {
    emitLea(out, insn, cursor);
  } else {
    emitGeneral(out, prefixes, insn, cursor);
  }
}

function checkForbidden(insn: Insn, cursor: Cursor): void {
  const reason = FORBIDDEN.get(insn.mnemonic);
  if (reason) fail(cursor, reason);
  if (/^(in|out)[bwl]?$|^(ins|outs)[bwl]$/.test(insn.mnemonic)) {
    fail(cursor, "port I/O is not allowed in NaCl code");
  }
  if (/^bt[crs]?[wlq]?$/.test(insn.mnemonic) && insn.operands[0]?.kind === "reg") {
    fail(cursor, "bt, btc, btr and bts with a register bit offset are forbidden by the NaCl validators");
  }
  for (const p of insn.prefixes) {
    if (p === "fs" || p === "gs") fail(cursor, "TLS (%fs/%gs) is not available in ZeroVM");
    if (SEGMENT_REGISTERS.has(p)) fail(cursor, `segment prefix ${p} is not allowed in NaCl code`);
  }
  for (const op of insn.operands) {
    const seg = op.kind === "mem-op" ? op.mem.segment : undefined;
    if (seg === "fs" || seg === "gs") fail(cursor, "TLS (%fs/%gs) is not available in ZeroVM");
    if (seg) fail(cursor, `segment override %${seg} is not allowed in NaCl code`);
    if (op.kind === "reg" && SEGMENT_REGISTERS.has(op.name.toLowerCase())) {
      fail(cursor, `segment register %${op.name} cannot be used in NaCl code`);
    }
    for (const r of operandRegisters(op)) {
      const info = gprInfo(r);
      if (info?.family === R11) fail(cursor, "%r11 is reserved as the rewriter's scratch register");
      if (info?.family === R15 && op.kind !== "reg") {
        fail(cursor, "%r15 is the sandbox base: write plain 32-bit addresses, the rewriter adds it");
      }
    }
  }
  for (const r of writtenRegisters(insn)) {
    if (gprInfo(r)?.family === R15) fail(cursor, "%r15 holds the sandbox base and must not be written");
  }
}

function isReg(op: Operand | undefined, family: number): boolean {
  return op?.kind === "reg" && gprInfo(op.name)?.family === family;
}

/** Registers an instruction writes through its explicit operands. */
function writtenRegisters(insn: Insn): string[] {
  const regs = insn.operands.filter((o) => o.kind === "reg").map((o) => (o as { name: string }).name);
  if (/^(xchg|xadd)[bwlq]?$/.test(insn.mnemonic)) return regs;
  const last = insn.operands[insn.operands.length - 1];
  if (!last || last.kind !== "reg" || READ_ONLY_LAST.test(insn.mnemonic)) return [];
  return [last.name];
}

/** Wraps instruction texts in one bundle-locked group. */
function locked(lines: string[]): string[] {
  if (lines.length === 1) return [`\t${lines[0]}`];
  return ["\t.bundle_lock", ...lines.map((l) => `\t${l}`), "\t.bundle_unlock"];
}

function maskedBranch(kind: "jmp" | "call"): string[] {
  return ["andl\t$-32, %r11d", "addq\t%r15, %r11", `${kind}\t*%r11`];
}

/** NOPs placing the next `length` bytes so they end on a 32-byte boundary. */
function callPadding(base: string, length: number): string[] {
  const offset = `(. - ${base})`;
  return [
    // If the call would not fit in this bundle, first pad to its end.
    `\t.nops ((((${offset} & 31) + ${length}) > 32) & ((-${offset}) & 31)), 8`,
    `\t.nops ((-${offset} - ${length}) & 31), 8`,
  ];
}

function emitBranch(out: string[], base: string, insn: Insn, cursor: Cursor): void {
  const isCall = insn.mnemonic.startsWith("call");
  const target = insn.operands[0];
  if (insn.operands.length !== 1) fail(cursor, "expected one branch target");

  if (target.kind === "expr") {
    if (isCall) out.push(...callPadding(base, DIRECT_CALL_BYTES));
    out.push(`\t${insn.mnemonic}\t${target.text}`);
    return;
  }
  out.push(...loadBranchTarget(target, cursor));
  if (isCall) out.push(...callPadding(base, INDIRECT_CALL_BYTES));
  out.push(...locked(maskedBranch(isCall ? "call" : "jmp")));
}

/** Loads an indirect branch target into %r11d. */
function loadBranchTarget(target: Operand, cursor: Cursor): string[] {
  if (target.kind === "reg-indirect") {
    const info = gprInfo(target.name);
    if (!info || info.bits < 32) fail(cursor, "indirect branch through a non-32/64-bit register");
    return [`\tmovl\t%${gprName(info.family, 32)}, %r11d`];
  }
  if (target.kind !== "mem-op") fail(cursor, "unsupported branch target");
  const { pre, mem } = sandboxMemory(target.mem, cursor);
  return locked([...pre, `movl\t${renderMemory(mem)}, %r11d`]);
}

/**
 * Rewrites one memory operand to a form NaCl accepts.
 * Returns the instructions to run first (the `leal` into %r11d, if any).
 */
function sandboxMemory(mem: MemoryOperand, cursor: Cursor): { pre: string[]; mem: MemoryOperand } {
  const base = mem.base ? gprInfo(mem.base) : undefined;
  const index = mem.index ? gprInfo(mem.index) : undefined;
  if (mem.base?.toLowerCase() === "rip" || mem.base?.toLowerCase() === "eip") {
    return { pre: [], mem: { ...mem, base: "rip" } };
  }
  if ((mem.base && !base) || (mem.index && !index)) fail(cursor, "unknown address register");
  if ((base && base.bits < 32) || (index && index.bits < 32)) {
    fail(cursor, "16-bit addressing cannot be sandboxed");
  }
  if (base && (base.family === RSP || base.family === RBP) && !index) {
    return { pre: [], mem: { ...mem, base: gprName(base.family, 64) } };
  }
  if (!base && !index) return { pre: [], mem: { kind: "mem", disp: mem.disp, base: "r15" } };

  const address: MemoryOperand = {
    kind: "mem",
    disp: mem.disp,
    base: base ? gprName(base.family, 64) : undefined,
    index: index ? gprName(index.family, 64) : undefined,
    scale: mem.scale,
  };
  return {
    pre: [`leal\t${renderMemory(address)}, %r11d`],
    mem: { kind: "mem", disp: "", base: "r15", index: "r11" },
  };
}

function isStringOp(insn: Insn): boolean {
  if (!STRING_OPS.test(insn.mnemonic)) return false;
  if (insn.mnemonic.endsWith("d") && insn.operands.length > 0) return false; // SSE movsd/cmpsd
  return insn.operands.every(
    (o) => o.kind === "mem-op" || (o.kind === "reg" && /^(al|ax|eax|rax)$/i.test(o.name)),
  );
}

function emitStringOp(out: string[], prefixes: string[], insn: Insn, cursor: Cursor): void {
  const [, op, sizeLetter] = STRING_OPS.exec(insn.mnemonic)!;
  const size = sizeLetter === "d" ? "l" : sizeLetter;
  if (size === "w" && prefixes.some((p) => p.startsWith("rep"))) {
    fail(cursor, "16-bit string instructions with a rep prefix are rejected by the NaCl validator");
  }
  const usesSi = op === "movs" || op === "lods" || op === "cmps";
  const usesDi = op !== "lods";
  const lines: string[] = [];
  if (usesSi) lines.push("movl\t%esi, %esi", "leaq\t(%r15,%rsi,1), %rsi");
  if (usesDi) lines.push("movl\t%edi, %edi", "leaq\t(%r15,%rdi,1), %rdi");
  lines.push([...prefixes, `${op}${size}`].join(" "));
  out.push(...locked(lines));
}

function emitLea(out: string[], insn: Insn, cursor: Cursor): void {
  const [src, dst] = insn.operands;
  if (src?.kind !== "mem-op" || dst?.kind !== "reg") fail(cursor, "expected lea memory, register");
  const dstInfo = gprInfo(dst.name);
  if (!dstInfo) fail(cursor, "lea needs a general-purpose destination");
  const regs = [src.mem.base, src.mem.index].filter((r): r is string => r !== undefined && !/^[re]?ip$/i.test(r));
  const infos = regs.map((r) => gprInfo(r));
  if (infos.some((i) => !i || i.bits < 32)) fail(cursor, "16-bit addressing cannot be sandboxed");
  const isStack = dstInfo.family === RSP || dstInfo.family === RBP;
  if (dstInfo.bits < 32 && isStack) fail(cursor, "8- and 16-bit writes to %rsp/%rbp cannot be sandboxed");

  // A lea of 64-bit registers is plain 64-bit arithmetic (gcc -mx32 uses it
  // for int64_t): keep it, unless it writes %rsp/%rbp. An addr32 lea becomes
  // the same lea of 64-bit registers with a 32-bit destination, which gives
  // the same zero-extended result.
  const addr32 = infos.some((i) => i!.bits === 32);
  if (!addr32 && !isStack) {
    out.push(`\t${renderInsn([], insn.mnemonic, insn.operands)}`);
    return;
  }
  const widen = (r: string | undefined) => {
    if (!r || /^[re]?ip$/i.test(r)) return r && "rip";
    return gprName(gprInfo(r)!.family, 64);
  };
  const mem: MemoryOperand = { ...src.mem, base: widen(src.mem.base), index: widen(src.mem.index) };
  const bits = dstInfo.bits === 64 ? 32 : dstInfo.bits;
  const dest = bits === 32 ? gprName(dstInfo.family, 32) : dst.name;
  const mnemonic = bits === 32 ? "leal" : insn.mnemonic;
  const lines = [`${mnemonic}\t${renderMemory(mem)}, %${dest}`];
  out.push(...locked([...lines, ...stackRebase(dstInfo.family)]));
}

function stackRebase(family: number): string[] {
  if (family === RSP) return [SP_REBASE];
  if (family === RBP) return [BP_REBASE];
  return [];
}

function emitGeneral(out: string[], prefixes: string[], insn: Insn, cursor: Cursor): void {
  let mnemonic = insn.mnemonic;
  let operands = insn.operands;
  const pre: string[] = [];

  // Memory operands (x86 allows one per instruction outside the string family).
  operands = operands.map((op) => {
    if (op.kind !== "mem-op") return op;
    const result = sandboxMemory(op.mem, cursor);
    pre.push(...result.pre);
    return { ...op, mem: result.mem };
  });

  // Stack and frame pointer writes.
  const post: string[] = [];
  for (const r of writtenRegisters(insn)) {
    const info = gprInfo(r)!;
    if (!info || (info.family !== RSP && info.family !== RBP)) continue;
    if (info.bits < 32) fail(cursor, "8- and 16-bit writes to %rsp/%rbp cannot be sandboxed");
    const op = mnemonic.replace(/[bwlq]$/, "");
    const src = operands[0];
    const isStackCopy = /^movq?$/.test(mnemonic) && src?.kind === "reg" && info.bits === 64 &&
      [RSP, RBP].includes(gprInfo(src.name)?.family ?? -1);
    if (isStackCopy) continue;
    if (!STACK_WRITE_OPS.has(op) && !STACK_WRITE_OPS.has(mnemonic)) {
      fail(cursor, `${mnemonic} cannot write %rsp/%rbp in NaCl code (use mov, add, sub, and, or lea)`);
    }
    if (info.bits === 64) {
      mnemonic = `${STACK_WRITE_OPS.has(mnemonic) ? mnemonic : op}l`;
      operands = operands.map((o) => narrowRegister(o));
    }
    post.push(...stackRebase(info.family));
  }

  let body = [renderInsn(prefixes, mnemonic, operands)];
  if (pre.length > 0) body = fixHighByte(body[0], prefixes, mnemonic, operands, cursor);
  out.push(...locked([...pre, ...body, ...post]));
}

function narrowRegister(op: Operand): Operand {
  if (op.kind !== "reg") return op;
  const info = gprInfo(op.name);
  if (!info || info.bits !== 64) return op;
  return { kind: "reg", name: gprName(info.family, 32) };
}

/**
 * %ah..%bh cannot be encoded with the REX prefix that `(%r15,%r11)` needs:
 * swap the high byte into the low byte around the access. The swap clobbers
 * no flags; %r11d is re-zero-extended right before the access.
 */
function fixHighByte(
  text: string,
  prefixes: string[],
  mnemonic: string,
  operands: Operand[],
  cursor: Cursor,
): string[] {
  const high = operands.find((o) => o.kind === "reg" && gprInfo(o.name)?.high8);
  if (!high || high.kind !== "reg") return [text];
  const family = gprInfo(high.name)!.family;
  const others = operands.filter((o) => o !== high && o.kind === "reg" && gprInfo(o.name)?.family === family);
  if (others.length > 0) fail(cursor, "cannot sandbox an access that uses both halves of a register");
  const low = ["al", "cl", "dl", "bl"][family];
  const swapped = operands.map((o) => (o === high ? { kind: "reg" as const, name: low } : o));
  const swap = `xchgb\t%${high.name}, %${low}`;
  return [swap, "movl\t%r11d, %r11d", renderInsn(prefixes, mnemonic, swapped), swap];
}
