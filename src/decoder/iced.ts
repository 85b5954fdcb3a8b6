/**
 * The one door to iced-x86.
 *
 * Every module that needs the decoder, the formatter or iced's enums imports
 * them from here, so the wasm module is loaded once and a later change of
 * decoder version touches one file. iced-x86 is CommonJS and instantiates
 * its wasm synchronously on first import.
 */
import iced from "iced-x86";

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

export type Code = iced.Code;
export type Decoder = iced.Decoder;
export type Instruction = iced.Instruction;
export type Formatter = iced.Formatter;
export type Mnemonic = iced.Mnemonic;
export type OpKind = iced.OpKind;
export type Register = iced.Register;
