/**
 * Builds the fast path's opcode tables from iced-x86.
 *
 * The fast decoder (decode_fast.ts) never calls iced: it reads prefixes,
 * opcode and ModRM itself and looks the instruction's iced Code up in these
 * tables. Every table entry is checked here against iced on several
 * encodings of the form (each ModRM/SIB/displacement shape and each REX
 * bit), so the fast decoder's lengths and Codes equal iced's by
 * construction; an entry that does not behave regularly is left 0 and the
 * fast decoder hands such instructions to iced (decode_slow.ts).
 *
 * The layout (row keys, row kinds, flags, fields) is in table_layout.ts;
 * the rule classes and policy verdicts per Code come from code_classify.ts.
 *
 * Run by tools/validator_gen_tables.ts; test/validator_tables.test.ts
 * rebuilds them and compares with the committed output.
 */
import {
  Code,
  Decoder,
  DecoderOptions,
  Instruction,
  InstructionInfoFactory,
  OpAccess,
  OpKind,
} from "../decoder/iced.js";
import {
  gprField,
  gprNumber,
  gprWidth,
  LOC_FIXED,
  LOC_OPLOW,
  LOC_REG,
  LOC_RM,
  packWrite,
} from "./code_facts.js";
import { fillRuleClasses } from "./code_classify.js";
import {
  CF_66_IGNORED,
  CF_FAST,
  CF_LOCKABLE,
  CF_MANDATORY_F2F3,
  CF_OP0_WRITE,
  type OpcodeTables,
  ROW_COUNT,
  ROW_MODRM64,
  ROW_MODRM8,
  ROW_NOMODRM,
  ROW_REX_SENSITIVE,
  ROW_SLOW,
  TABLE_FIELDS,
} from "./table_layout.js";

export const CODE_COUNT = Object.keys(Code).length / 2;

const PREFIX_BYTES = [[], [0x66], [0xf3], [0xf2]];
const MAP_BYTES = [[], [0x0f], [0x0f, 0x38], [0x0f, 0x3a]];
const FILLER = new Array<number>(16).fill(0);
const SAMPLE_STRIDE = 40;

/** One-byte opcodes that are prefixes or escapes, never fast rows. */
const MAP0_ESCAPES = new Set([
  0x0f, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3,
  0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b,
  0x4c, 0x4d, 0x4e, 0x4f, 0x62, 0xc4, 0xc5, 0x8f,
  // Implicit memory operands the fast path does not model: moffs and xlat.
  0xa0, 0xa1, 0xa2, 0xa3, 0xd7,
]);
// 0F 20-23 (mov to/from CR/DR) ignore ModRM.mod: irregular, left to iced.
const MAP1_ESCAPES = new Set([0x0f, 0x38, 0x3a, 0x20, 0x21, 0x22, 0x23]);

/** Memory ModRM shapes for reg field r: bytes and extra length beyond ModRM. */
function memShapes(r: number): { tail: number[]; extra: number }[] {
  const reg = r << 3;
  return [
    { tail: [reg], extra: 0 },
    { tail: [0x40 | reg, 0x11], extra: 1 },
    { tail: [0x80 | reg, 1, 2, 3, 4], extra: 4 },
    { tail: [reg | 5, 1, 2, 3, 4], extra: 4 },
    { tail: [reg | 4, 0x24], extra: 1 },
    { tail: [reg | 4, 0x25, 1, 2, 3, 4], extra: 5 },
    { tail: [0x40 | reg | 4, 0x3c, 0x11], extra: 2 },
  ];
}

interface Sample {
  code: number;
  length: number;
}

/** Decodes many byte strings with one iced Decoder. */
class SampleDecoder {
  private readonly instr = new Instruction();

  decodeAll(samples: number[][]): Sample[] {
    const buf = new Uint8Array(samples.length * SAMPLE_STRIDE);
    samples.forEach((s, i) => buf.set(s, i * SAMPLE_STRIDE));
    const decoder = new Decoder(64, buf, DecoderOptions.None);
    try {
      return samples.map((_, i) => {
        decoder.position = i * SAMPLE_STRIDE;
        decoder.decodeOut(this.instr);
        return { code: this.instr.code, length: this.instr.length };
      });
    } finally {
      decoder.free();
    }
  }

  /** Decodes one sample and returns a fresh Instruction the caller frees. */
  decodeOne(bytes: number[]): Instruction {
    const buf = new Uint8Array(SAMPLE_STRIDE);
    buf.set(bytes);
    const decoder = new Decoder(64, buf, DecoderOptions.None);
    try {
      return decoder.decode();
    } finally {
      decoder.free();
    }
  }

  free(): void {
    this.instr.free();
  }
}

function rexVariants(w: number): number[][] {
  const base = w ? 0x48 : 0x40;
  return w ? [[0x48], [0x49], [0x4a], [0x4c]] : [[], [base], [0x41], [0x42], [0x44]];
}

interface RowContext {
  map: number;
  prefix: number;
  w: number;
  opcode: number;
}

function head(ctx: RowContext, rex: number[]): number[] {
  return [...PREFIX_BYTES[ctx.prefix], ...rex, ...MAP_BYTES[ctx.map], ctx.opcode];
}

/**
 * Decodes `tail` under every REX variant of the row; returns the common
 * Code and the length without REX, or null when they disagree.
 */
function uniform(
  dec: SampleDecoder,
  ctx: RowContext,
  tails: { tail: number[]; extra: number }[],
): { code: number; baseLength: number; rexSensitive: boolean } | null {
  const variants = rexVariants(ctx.w);
  const samples: number[][] = [];
  for (const t of tails) {
    for (const rex of variants) samples.push([...head(ctx, rex), ...t.tail, ...FILLER]);
  }
  const out = dec.decodeAll(samples);
  const first = out[0];
  if (first.code === Code.INVALID) return null;
  const firstRex = variants[0].length;
  const baseLength = first.length - firstRex - tails[0].extra;
  let rexSensitive = false;
  for (let t = 0; t < tails.length; t++) {
    for (let v = 0; v < variants.length; v++) {
      const s = out[t * variants.length + v];
      const expected = baseLength + variants[v].length + tails[t].extra;
      if (s.length !== expected) return null;
      if (s.code !== first.code) {
        if (v === 0 || variants[v].length === 0) return null;
        rexSensitive = true;
      }
    }
  }
  return { code: first.code, baseLength, rexSensitive };
}

function sampleScore(tail: number[], modrm: boolean): number {
  if (!modrm || tail[0] < 0xc0) return 0;
  return 4 + ((tail[0] & 7) === 2 ? 2 : 0) + (((tail[0] >> 3) & 7) === 1 ? 1 : 0);
}

class Builder {
  readonly rowKind = new Uint8Array(ROW_COUNT);
  readonly rowMem = new Uint16Array(ROW_COUNT);
  readonly rowReg = new Uint16Array(ROW_COUNT);
  private readonly groups8: number[] = [];
  private readonly groups64: number[] = [];
  private readonly groupIndex = new Map<string, number>();
  readonly codeImm = new Uint8Array(CODE_COUNT).fill(255);
  readonly codeSample = new Map<number, { ctx: RowContext; tail: number[]; modrm: boolean }>();
  readonly conflicts = new Set<number>();
  readonly seenPlain = new Set<number>();
  readonly seenRep = new Set<number>();
  readonly seenNone = new Set<number>();
  readonly seen66 = new Set<number>();
  private readonly dec = new SampleDecoder();

  group(codes: number[]): number {
    const key = codes.join(",");
    const known = this.groupIndex.get(key);
    if (known !== undefined) return known;
    const target = codes.length === 8 ? this.groups8 : this.groups64;
    const index = target.length / codes.length;
    target.push(...codes);
    this.groupIndex.set(key, index);
    return index;
  }

  noteCode(ctx: RowContext, code: number, imm: number, tail: number[], modrm: boolean): void {
    if (imm < 0 || imm > 8) {
      this.conflicts.add(code);
      return;
    }
    if (this.codeImm[code] !== 255 && this.codeImm[code] !== imm) this.conflicts.add(code);
    this.codeImm[code] = imm;
    // Prefer a register-form sample (it shows writes to the ModRM.rm register)
    // whose reg and rm fields (rcx, rdx) differ from each other and from rax.
    const known = this.codeSample.get(code);
    if (!known || sampleScore(tail, modrm) > sampleScore(known.tail, known.modrm)) {
      this.codeSample.set(code, { ctx, tail, modrm });
    }
    (ctx.prefix >= 2 ? this.seenRep : this.seenPlain).add(code);
    if (ctx.prefix <= 1) (ctx.prefix === 0 ? this.seenNone : this.seen66).add(code);
  }

  buildRow(ctx: RowContext): void {
    const row = ((ctx.map * 4 + ctx.prefix) * 2 + ctx.w) * 256 + ctx.opcode;
    if (ctx.map === 0 && MAP0_ESCAPES.has(ctx.opcode)) return;
    if (ctx.map === 1 && MAP1_ESCAPES.has(ctx.opcode)) return;
    const fixed = PREFIX_BYTES[ctx.prefix].length + MAP_BYTES[ctx.map].length + 1;

    // No ModRM: the bytes after the opcode never change code or length.
    const probe = [
      memShapes(0)[0],
      memShapes(0)[3],
      memShapes(7)[0],
      { tail: [0xc0], extra: 0 },
      { tail: [0xff], extra: 0 },
    ];
    const noModrm = uniform(this.dec, ctx, probe.map((p) => ({ tail: p.tail, extra: 0 })));
    if (noModrm) {
      this.rowKind[row] = ROW_NOMODRM | (noModrm.rexSensitive ? ROW_REX_SENSITIVE : 0);
      this.rowReg[row] = noModrm.code;
      this.noteCode(ctx, noModrm.code, noModrm.baseLength - fixed, [0], false);
      return;
    }

    let rexSensitive = false;
    const mem: number[] = [];
    const reg: number[] = [];
    for (let r = 0; r < 8; r++) {
      const m = uniform(this.dec, ctx, memShapes(r));
      mem.push(m ? m.code : 0);
      if (m) {
        rexSensitive ||= m.rexSensitive;
        this.noteCode(ctx, m.code, m.baseLength - fixed - 1, memShapes(r)[0].tail, true);
      }
      for (let rm = 0; rm < 8; rm++) {
        const tail = [0xc0 | (r << 3) | rm];
        const g = uniform(this.dec, ctx, [{ tail, extra: 0 }]);
        reg.push(g ? g.code : 0);
        if (g) {
          rexSensitive ||= g.rexSensitive;
          this.noteCode(ctx, g.code, g.baseLength - fixed - 1, tail, true);
        }
      }
    }
    if (mem.every((c) => c === 0) && reg.every((c) => c === 0)) return;
    const rmFree = reg.every((c, i) => c === reg[i & ~7]);
    const shape = rmFree ? ROW_MODRM8 : ROW_MODRM64;
    this.rowKind[row] = shape | (rexSensitive ? ROW_REX_SENSITIVE : 0);
    this.rowMem[row] = this.group(mem);
    this.rowReg[row] = this.group(rmFree ? reg.filter((_, i) => (i & 7) === 0) : reg);
  }

  /** Clears table slots whose Code had inconsistent immediate sizes. */
  dropConflicts(): void {
    const drop = (arr: number[]) => arr.forEach((c, i) => this.conflicts.has(c) && (arr[i] = 0));
    drop(this.groups8);
    drop(this.groups64);
    for (let row = 0; row < ROW_COUNT; row++) {
      if ((this.rowKind[row] & 7) === ROW_NOMODRM && this.conflicts.has(this.rowReg[row])) {
        this.rowKind[row] = ROW_SLOW;
        this.rowReg[row] = 0;
      }
    }
    for (const c of this.conflicts) this.codeImm[c] = 255;
  }

  tables(): { groups8: Uint16Array; groups64: Uint16Array } {
    return { groups8: Uint16Array.from(this.groups8), groups64: Uint16Array.from(this.groups64) };
  }

  free(): void {
    this.dec.free();
  }

  decodeOne(bytes: number[]): Instruction {
    return this.dec.decodeOne(bytes);
  }
}

const WRITE_ACCESS = new Set<number>([
  OpAccess.Write,
  OpAccess.CondWrite,
  OpAccess.ReadWrite,
  OpAccess.ReadCondWrite,
]);

/** Written-register descriptors of one Code, from samples varying REX.R and REX.B. */
function analyzeWrites(
  b: Builder,
  info: InstanceType<typeof InstructionInfoFactory>,
  sample: { ctx: RowContext; tail: number[]; modrm: boolean },
): { w0: number; w1: number; implicit: number; op0: boolean } {
  const { ctx, tail } = sample;
  const rexBase = ctx.w ? 0x48 : 0x40;
  const make = (rex: number) => [...head(ctx, [rex]), ...tail, ...FILLER];
  const base = b.decodeOne(make(rexBase));
  const withR = b.decodeOne(make(rexBase | 4));
  const withB = b.decodeOne(make(rexBase | 1));
  try {
    const facts = info.info(base);
    const writes: { desc: number; op: number; num: number }[] = [];
    for (let i = 0; i < base.opCount; i++) {
      if (base.opKind(i) !== OpKind.Register) continue;
      const reg = base.opRegister(i);
      if (gprNumber(reg) < 0 || !WRITE_ACCESS.has(facts.opAccess(i))) continue;
      const field = gprField(reg);
      let loc = LOC_FIXED;
      if (gprField(withR.opRegister(i)) === field + 8) loc = LOC_REG;
      else if (gprField(withB.opRegister(i)) === field + 8) loc = sample.modrm ? LOC_RM : LOC_OPLOW;
      const num = gprNumber(reg);
      writes.push({ desc: packWrite(loc, gprWidth(reg), num), op: i, num });
    }
    let implicit = 0;
    for (const u of facts.usedRegisters()) {
      const num = gprNumber(u.register);
      if (num < 0 || !WRITE_ACCESS.has(u.access)) continue;
      if (writes.some((w) => w.num === num)) continue;
      implicit |= 1 << num;
    }
    facts.free();
    return {
      w0: writes[0]?.desc ?? 0,
      w1: writes[1]?.desc ?? 0,
      implicit,
      op0: writes.length > 0 && writes[0].op === 0,
    };
  } finally {
    base.free();
    withR.free();
    withB.free();
  }
}

/** True when `F0` + the sample decodes to the same Code (iced checks lockability). */
function isLockable(
  b: Builder,
  code: number,
  sample: { ctx: RowContext; tail: number[] },
): boolean {
  const { ctx, tail } = sample;
  const memTail = (tail[0] & 0xc0) === 0xc0 ? [tail[0] & 0x38] : tail;
  const instr = b.decodeOne([0xf0, ...head(ctx, ctx.w ? [0x48] : []), ...memTail, ...FILLER]);
  try {
    return instr.code === code && instr.hasLockPrefix;
  } finally {
    instr.free();
  }
}

/** Builds all tables. Takes a few seconds (about a million iced decodes). */
export function buildOpcodeTables(): OpcodeTables {
  const b = new Builder();
  try {
    for (let map = 0; map < 4; map++) {
      for (let prefix = 0; prefix < 4; prefix++) {
        for (let w = 0; w < 2; w++) {
          for (let opcode = 0; opcode < 256; opcode++) b.buildRow({ map, prefix, w, opcode });
        }
      }
    }
    b.dropConflicts();
    const { groups8, groups64 } = b.tables();
    const t: OpcodeTables = {
      rowKind: b.rowKind,
      rowMem: b.rowMem,
      rowReg: b.rowReg,
      groups8,
      groups64,
      codeImm: b.codeImm,
      codeWrite0: new Uint16Array(CODE_COUNT),
      codeWrite1: new Uint16Array(CODE_COUNT),
      codeImplicit: new Uint16Array(CODE_COUNT),
      codeFlags: new Uint8Array(CODE_COUNT),
      codeMnemonic: new Uint16Array(CODE_COUNT),
      codeCpuid0: new Uint8Array(CODE_COUNT),
      codeCpuid1: new Uint8Array(CODE_COUNT),
      codeEncoding: new Uint8Array(CODE_COUNT),
      codeFlow: new Uint8Array(CODE_COUNT),
      codeClass: new Uint8Array(CODE_COUNT),
      codeExtra: new Uint8Array(CODE_COUNT),
      codeString: new Uint8Array(CODE_COUNT),
      verdictZerovm: new Uint8Array(CODE_COUNT),
      verdictNacl: new Uint8Array(CODE_COUNT),
      codeSpecial: new Uint8Array(CODE_COUNT),
      codePrefixOk: new Uint8Array(CODE_COUNT),
      laneZerovm: new Uint8Array(CODE_COUNT),
      laneNacl: new Uint8Array(CODE_COUNT),
    };
    fillStaticFacts(t);
    fillFastFacts(b, t);
    fillRuleClasses(t);
    return t;
  } finally {
    b.free();
  }
}

/** Mnemonic, CPUID features, encoding and flow control of every Code. */
function fillStaticFacts(t: OpcodeTables): void {
  for (let code = 0; code < CODE_COUNT; code++) {
    const instr = Instruction.create(code as Code);
    try {
      t.codeMnemonic[code] = instr.mnemonic;
      const features = instr.cpuidFeatures();
      t.codeCpuid0[code] = features[0] ?? 0;
      t.codeCpuid1[code] = features[1] ?? 0;
      t.codeEncoding[code] = instr.encoding;
      t.codeFlow[code] = instr.flowControl;
    } finally {
      instr.free();
    }
  }
}

/** Write descriptors and flags of the Codes reachable by the fast path. */
function fillFastFacts(b: Builder, t: OpcodeTables): void {
  const info = new InstructionInfoFactory();
  try {
    for (const [code, sample] of b.codeSample) {
      if (b.conflicts.has(code)) continue;
      const w = analyzeWrites(b, info, sample);
      t.codeWrite0[code] = w.w0;
      t.codeWrite1[code] = w.w1;
      t.codeImplicit[code] = w.implicit;
      let flags = CF_FAST | (w.op0 ? CF_OP0_WRITE : 0);
      if (b.seenRep.has(code) && !b.seenPlain.has(code)) flags |= CF_MANDATORY_F2F3;
      if (b.seenNone.has(code) && b.seen66.has(code)) flags |= CF_66_IGNORED;
      if (sample.modrm && isLockable(b, code, sample)) flags |= CF_LOCKABLE;
      t.codeFlags[code] = flags;
    }
  } finally {
    info.free();
  }
}


/** Renders the tables as the TypeScript module src/validator/opcode_tables.generated.ts. */
export function renderOpcodeTables(t: OpcodeTables, icedVersion: string): string {
  const lines = [
    "// Generated by tools/validator_gen_tables.ts from iced-x86 " + icedVersion + ".",
    "// Do not edit: rebuild with `npx tsc -p . && node dist/tools/validator_gen_tables.js`.",
    "// Each field is a little-endian typed array in base64 (see table_builder.ts).",
    "",
    `export const ICED_VERSION = ${JSON.stringify(icedVersion)};`,
    `export const CODE_COUNT = ${CODE_COUNT};`,
    `export const CODE_NOP_RM16 = ${Code.Nop_rm16};`,
    "",
    "export const ENCODED: Record<string, [string, string]> = {",
  ];
  for (const name of TABLE_FIELDS) {
    const arr = t[name];
    const kind = arr instanceof Uint16Array ? "u16" : "u8";
    const b64 = Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength).toString("base64");
    lines.push(`  ${name}: [${JSON.stringify(kind)},`);
    for (let i = 0; i < b64.length; i += 96) {
      const last = i + 96 >= b64.length;
      lines.push(`    ${JSON.stringify(b64.slice(i, i + 96))}${last ? "]," : " +"}`);
    }
    if (b64.length === 0) lines.push(`    ""],`);
  }
  lines.push("};", "");
  return lines.join("\n");
}
