/**
 * A small reader for the AT&T assembly that gcc prints (and that people write
 * by hand for GNU as): statements, operands and register names.
 *
 * It understands only as much as the sandboxing rewriter needs. A line is split
 * into statements at `;` outside strings, comments (`#` and C comments are
 * already gone after the preprocessor; `#` starts a comment here) are dropped,
 * and each statement becomes a label, a directive or an instruction. Operand
 * text is kept verbatim except for memory operands and registers, which are
 * parsed so the rewriter can re-render them with other registers.
 */

/** A general-purpose register: family 0..15 in hardware order, width in bits. */
export interface GprInfo {
  family: number;
  bits: 8 | 16 | 32 | 64;
  /** ah, ch, dh, bh: cannot be encoded together with a REX prefix. */
  high8: boolean;
}

export const RSP = 4;
export const RBP = 5;
export const R11 = 11;
export const R15 = 15;

const NAMES64 = ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi"];
const NAMES32 = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"];
const NAMES16 = ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di"];
const NAMES8 = ["al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil"];
const HIGH8 = ["ah", "ch", "dh", "bh"];

function buildGprTable(): Map<string, GprInfo> {
  const table = new Map<string, GprInfo>();
  for (let i = 0; i < 8; i++) {
    table.set(NAMES64[i], { family: i, bits: 64, high8: false });
    table.set(NAMES32[i], { family: i, bits: 32, high8: false });
    table.set(NAMES16[i], { family: i, bits: 16, high8: false });
    table.set(NAMES8[i], { family: i, bits: 8, high8: false });
  }
  HIGH8.forEach((name, i) => table.set(name, { family: i, bits: 8, high8: true }));
  for (let i = 8; i < 16; i++) {
    table.set(`r${i}`, { family: i, bits: 64, high8: false });
    table.set(`r${i}d`, { family: i, bits: 32, high8: false });
    table.set(`r${i}w`, { family: i, bits: 16, high8: false });
    table.set(`r${i}b`, { family: i, bits: 8, high8: false });
    table.set(`r${i}l`, { family: i, bits: 8, high8: false });
  }
  return table;
}

const GPRS: ReadonlyMap<string, GprInfo> = buildGprTable();

/** Looks up a register name without the `%`; undefined for non-GPRs. */
export function gprInfo(name: string): GprInfo | undefined {
  return GPRS.get(name.toLowerCase());
}

/** The name of a GPR family at a width, e.g. (0, 32) -> "eax". */
export function gprName(family: number, bits: 32 | 64): string {
  if (family < 8) return bits === 64 ? NAMES64[family] : NAMES32[family];
  return bits === 64 ? `r${family}` : `r${family}d`;
}

export const SEGMENT_REGISTERS = new Set(["cs", "ds", "es", "fs", "gs", "ss"]);

/** A memory operand `seg:disp(base,index,scale)`; registers without `%`. */
export interface MemoryOperand {
  kind: "mem";
  segment?: string;
  disp: string;
  base?: string;
  index?: string;
  scale?: string;
}

export type Operand =
  | { kind: "reg"; name: string }
  | { kind: "imm"; text: string }
  | { kind: "mem-op"; mem: MemoryOperand; indirect: boolean }
  | { kind: "reg-indirect"; name: string }
  | { kind: "expr"; text: string };

export type Statement =
  | { kind: "label"; name: string }
  | { kind: "directive"; name: string; args: string; text: string }
  | { kind: "insn"; prefixes: string[]; mnemonic: string; operands: Operand[]; text: string };

export const PREFIXES = new Set([
  "rep", "repe", "repz", "repne", "repnz", "lock", "addr32", "data16", "rex64",
  "notrack", "bnd", "cs", "ds", "es", "fs", "gs", "ss", "data32", "addr16",
]);

/** Removes a `#` comment, ignoring `#` inside string literals. */
export function stripComment(line: string): string {
  return splitOutsideStrings(line, "#")[0];
}

/** Splits at every `sep` that is outside double-quoted strings. */
export function splitOutsideStrings(text: string, sep: string): string[] {
  const parts: string[] = [];
  let inString = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString && ch === "\\") i++;
    else if (ch === '"') inString = !inString;
    else if (!inString && ch === sep) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Splits an operand list at top-level commas (not inside parentheses). */
export function splitOperands(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (ch === "," && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last !== "" || parts.length > 0) parts.push(last);
  return parts;
}

/** Parses `seg:disp(base,index,scale)` or a bare expression used as memory. */
export function parseMemory(text: string): MemoryOperand {
  let rest = text.trim();
  let segment: string | undefined;
  const seg = /^%([a-z]s):/i.exec(rest);
  if (seg) {
    segment = seg[1].toLowerCase();
    rest = rest.slice(seg[0].length);
  }
  const m = /^(.*)\(([^()]*)\)$/.exec(rest);
  if (m && (m[2].trim() === "" || m[2].includes("%") || m[2].trim().startsWith(","))) {
    const fields = m[2].split(",").map((f) => f.trim());
    const reg = (f: string | undefined) => (f && f.startsWith("%") ? f.slice(1) : undefined);
    return {
      kind: "mem",
      segment,
      disp: m[1].trim(),
      base: reg(fields[0]),
      index: reg(fields[1]),
      scale: fields[2] || undefined,
    };
  }
  return { kind: "mem", segment, disp: rest };
}

/** Renders a memory operand back to AT&T text. */
export function renderMemory(mem: MemoryOperand): string {
  const seg = mem.segment ? `%${mem.segment}:` : "";
  if (!mem.base && !mem.index) return seg + mem.disp;
  const base = mem.base ? `%${mem.base}` : "";
  const index = mem.index ? `,%${mem.index}` + (mem.scale ? `,${mem.scale}` : "") : "";
  return `${seg}${mem.disp}(${base}${index})`;
}

function parseOperand(text: string, branch: boolean): Operand {
  if (text.startsWith("*")) {
    const inner = text.slice(1).trim();
    if (inner.startsWith("%") && !/^%[a-z]s:/i.test(inner)) {
      return { kind: "reg-indirect", name: inner.slice(1) };
    }
    return { kind: "mem-op", mem: parseMemory(inner), indirect: true };
  }
  if (text.startsWith("$")) return { kind: "imm", text };
  if (text.startsWith("%") && !/^%[a-z]s:/i.test(text)) return { kind: "reg", name: text.slice(1) };
  // A bare expression is a branch target for jumps and calls, memory otherwise.
  if (branch) return { kind: "expr", text };
  return { kind: "mem-op", mem: parseMemory(text), indirect: false };
}

/** True for mnemonics whose bare operand is a code address, not memory. */
export function isBranchMnemonic(mnemonic: string): boolean {
  return /^(j[a-z]+|call[lq]?|loop[a-z]*|xbegin)$/.test(mnemonic);
}

/** Parses one statement (no `;`, no comment). Returns undefined when empty. */
export function parseStatement(raw: string): Statement[] {
  const out: Statement[] = [];
  let text = raw.trim();

  // Leading labels: `name:` possibly several.
  for (;;) {
    const m = /^([A-Za-z_.$][\w.$@]*|\d+)\s*:(?!:)/.exec(text);
    if (!m) break;
    out.push({ kind: "label", name: m[1] });
    text = text.slice(m[0].length).trim();
  }
  if (text === "") return out;

  if (text.startsWith(".")) {
    const m = /^(\.[\w.]+)\s*(.*)$/s.exec(text)!;
    out.push({ kind: "directive", name: m[1].toLowerCase(), args: m[2].trim(), text });
    return out;
  }

  const words = text.split(/\s+/);
  const prefixes: string[] = [];
  while (words.length > 0 && PREFIXES.has(words[0].toLowerCase())) {
    prefixes.push(words.shift()!.toLowerCase());
  }
  if (words.length === 0) {
    out.push({ kind: "insn", prefixes, mnemonic: "", operands: [], text });
    return out;
  }
  const mnemonic = words[0].toLowerCase();
  const afterMnemonic = text.slice(text.indexOf(words[0]) + words[0].length).trim();
  const branch = isBranchMnemonic(mnemonic);
  const operands = splitOperands(afterMnemonic).map((o) => parseOperand(o, branch));
  out.push({ kind: "insn", prefixes, mnemonic, operands, text });
  return out;
}

/** Renders one operand back to AT&T text. */
export function renderOperand(op: Operand): string {
  switch (op.kind) {
    case "reg":
      return `%${op.name}`;
    case "imm":
    case "expr":
      return op.text;
    case "reg-indirect":
      return `*%${op.name}`;
    case "mem-op":
      return (op.indirect ? "*" : "") + renderMemory(op.mem);
  }
}

/** Renders an instruction from its parts. */
export function renderInsn(prefixes: string[], mnemonic: string, operands: Operand[]): string {
  const head = [...prefixes, mnemonic].join(" ");
  if (operands.length === 0) return head;
  return `${head}\t${operands.map(renderOperand).join(", ")}`;
}

/** Names every GPR the operand mentions (registers without `%`). */
export function operandRegisters(op: Operand): string[] {
  switch (op.kind) {
    case "reg":
    case "reg-indirect":
      return [op.name];
    case "mem-op":
      return [op.mem.base, op.mem.index].filter((r): r is string => r !== undefined);
    default:
      return [];
  }
}
