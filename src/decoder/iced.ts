/**
 * The one door to iced-x86.
 *
 * Every module that needs the decoder, the formatter or iced's enums imports
 * them from here, so the wasm module is loaded once and a later change of
 * decoder version touches one file. iced-x86 is CommonJS and instantiates
 * its wasm synchronously on first load.
 *
 * It is loaded with require, not import: an ESM import of a CommonJS file
 * makes Node scan its 18 000 lines for export names (cjs-module-lexer), which
 * cost about 90 ms of every `zerovm` process start (measured with
 * --cpu-prof); require skips that scan.
 */
import { createRequire } from "node:module";

type IcedModule = typeof import("iced-x86");
const iced = createRequire(import.meta.url)("iced-x86") as IcedModule;

export const {
  Code,
  Decoder,
  DecoderOptions,
  Formatter,
  FormatterSyntax,
  Instruction,
  Mnemonic,
  OpKind,
  Register,
  FlowControl,
  InstructionInfoFactory,
  MemorySize,
  CpuidFeature,
  OpAccess,
  RflagsBits,
  ConditionCode,
} = iced;

export type Code = import("iced-x86").Code;
export type Decoder = import("iced-x86").Decoder;
export type Instruction = import("iced-x86").Instruction;
export type Formatter = import("iced-x86").Formatter;
export type Mnemonic = import("iced-x86").Mnemonic;
export type OpKind = import("iced-x86").OpKind;
export type Register = import("iced-x86").Register;
