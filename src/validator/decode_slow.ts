/**
 * iced-x86 decoding for the instructions the fast path hands over, and the
 * disassembly text of findings.
 *
 * One SlowDecoder lives for one validation run; its iced objects are made
 * on first use (most runs on compiler output never need them) and freed by
 * free(), which the caller must reach (try/finally).
 */
import {
  Code,
  Decoder,
  DecoderOptions,
  Formatter,
  FormatterSyntax,
  Instruction,
  InstructionInfoFactory,
  OpAccess,
  OpKind,
  Register,
} from "../decoder/iced.js";
import { gprNumber, gprWidth } from "./code_facts.js";
import {
  BASE_ABSOLUTE,
  BASE_OTHER,
  BASE_RIP,
  INDEX_VECTOR,
  type Insn,
  scanPrefixes,
} from "./insn.js";
import { CODE_COUNT, TABLES } from "./opcode_tables.js";

// The generated tables are indexed by iced Code: they must describe the
// same Codes as the iced-x86 loaded here (checked once, when iced loads).
if (Code[CODE_COUNT - 1] === undefined || Code[CODE_COUNT] !== undefined) {
  throw new Error(
    `Opcode tables were generated for ${CODE_COUNT} iced Codes, which does not match the ` +
      "installed iced-x86: run tools/validator_gen_tables",
  );
}

const WRITES = new Set<number>([
  OpAccess.Write,
  OpAccess.CondWrite,
  OpAccess.ReadWrite,
  OpAccess.ReadCondWrite,
]);

export class SlowDecoder {
  private decoder: Decoder | null = null;
  private instr: Instruction | null = null;
  private infoFactory: InstanceType<typeof InstructionInfoFactory> | null = null;
  private formatter: Formatter | null = null;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly end: number,
  ) {}

  private decodeAt(start: number, address?: number): Instruction {
    if (!this.decoder) {
      this.decoder = new Decoder(64, this.bytes.subarray(0, this.end), DecoderOptions.None);
      this.instr = new Instruction();
    }
    this.decoder.position = start;
    if (address !== undefined) this.decoder.ip = BigInt(address);
    this.decoder.decodeOut(this.instr!);
    return this.instr!;
  }

  /** Fills `insn` (already reset at its start) from iced. */
  decode(insn: Insn): void {
    insn.slow = true;
    scanPrefixes(this.bytes, insn.start, this.end, insn);
    const instr = this.decodeAt(insn.start);
    insn.code = instr.code;
    if (instr.code === Code.INVALID) {
      insn.length = 0;
      return;
    }
    insn.length = instr.length;
    insn.encoding = TABLES.codeEncoding[instr.code];
    const imm = TABLES.codeImm[instr.code];
    insn.immSize = imm === 255 ? 0 : imm;
    this.readOperands(instr, insn);
  }

  private readOperands(instr: Instruction, insn: Insn): void {
    this.infoFactory ??= new InstructionInfoFactory();
    const info = this.infoFactory.info(instr);
    try {
      const explicit: number[] = [];
      for (let i = 0; i < instr.opCount; i++) {
        const kind = instr.opKind(i);
        if (kind === OpKind.Memory) this.readMemory(instr, insn);
        if (kind !== OpKind.Register) continue;
        const reg = instr.opRegister(i);
        const num = gprNumber(reg);
        if (num < 0 || !WRITES.has(info.opAccess(i))) continue;
        explicit.push(num);
        if (insn.write0 < 0) {
          insn.write0 = num;
          insn.width0 = gprWidth(reg);
          insn.op0Write = i === 0;
        } else if (insn.write1 < 0) {
          insn.write1 = num;
          insn.width1 = gprWidth(reg);
        }
      }
      for (const used of info.usedRegisters()) {
        const num = gprNumber(used.register);
        if (num >= 0 && WRITES.has(used.access) && !explicit.includes(num)) {
          insn.implicitWrites |= 1 << num;
        }
      }
    } finally {
      info.free();
    }
  }

  private readMemory(instr: Instruction, insn: Insn): void {
    const base = instr.memoryBase;
    const index = instr.memoryIndex;
    if (base === Register.None) insn.memBase = BASE_ABSOLUTE;
    else if (base === Register.RIP) insn.memBase = BASE_RIP;
    else if (base >= Register.RAX && base <= Register.R15) insn.memBase = base - Register.RAX;
    else insn.memBase = BASE_OTHER;
    if (index === Register.None) insn.memIndex = -1;
    else if (index >= Register.RAX && index <= Register.R15) insn.memIndex = index - Register.RAX;
    else insn.memIndex = INDEX_VECTOR;
  }

  /** Length of the instruction at `start`, 1 when it does not decode. */
  lengthAt(start: number): number {
    const instr = this.decodeAt(start);
    return instr.code === Code.INVALID ? 1 : instr.length;
  }

  /** GNU-syntax disassembly of the instruction at `start` (guest address `address`). */
  disassemble(start: number, address: number): string {
    const instr = this.decodeAt(start, address);
    if (instr.code === Code.INVALID) return "(bad)";
    if (!this.formatter) {
      this.formatter = new Formatter(FormatterSyntax.Gas);
      this.formatter.uppercaseHex = false;
      this.formatter.branchLeadingZeros = false;
      this.formatter.spaceAfterOperandSeparator = true;
    }
    return this.formatter.format(instr);
  }

  free(): void {
    this.decoder?.free();
    this.instr?.free();
    this.infoFactory?.free();
    this.formatter?.free();
    this.decoder = null;
    this.instr = null;
    this.infoFactory = null;
    this.formatter = null;
  }
}
