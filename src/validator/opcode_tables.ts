/**
 * The generated opcode tables, decoded once at import into typed arrays.
 *
 * The data is immutable after decoding (nothing writes to these arrays), so
 * sharing it between sessions in one process is safe.
 */
import { CODE_COUNT as GENERATED_CODE_COUNT, ENCODED } from "./opcode_tables.generated.js";
import { CODE_COUNT, type OpcodeTables } from "./table_builder.js";

function decodeField(name: keyof OpcodeTables): Uint8Array | Uint16Array {
  const entry = ENCODED[name];
  if (!entry) throw new Error(`Opcode tables are missing field "${name}": regenerate them`);
  const raw = Buffer.from(entry[1], "base64");
  const bytes = new Uint8Array(raw.length);
  bytes.set(raw);
  return entry[0] === "u16" ? new Uint16Array(bytes.buffer) : bytes;
}

function loadTables(): OpcodeTables {
  if (GENERATED_CODE_COUNT !== CODE_COUNT) {
    throw new Error(
      `Opcode tables were generated for ${GENERATED_CODE_COUNT} iced Codes but iced has ` +
        `${CODE_COUNT}: run tools/validator_gen_tables`,
    );
  }
  const u8 = (n: keyof OpcodeTables) => decodeField(n) as Uint8Array;
  const u16 = (n: keyof OpcodeTables) => decodeField(n) as Uint16Array;
  return {
    rowKind: u8("rowKind"),
    rowMem: u16("rowMem"),
    rowReg: u16("rowReg"),
    groups8: u16("groups8"),
    groups64: u16("groups64"),
    codeImm: u8("codeImm"),
    codeWrite0: u16("codeWrite0"),
    codeWrite1: u16("codeWrite1"),
    codeImplicit: u16("codeImplicit"),
    codeFlags: u8("codeFlags"),
    codeMnemonic: u16("codeMnemonic"),
    codeCpuid0: u8("codeCpuid0"),
    codeCpuid1: u8("codeCpuid1"),
    codeEncoding: u8("codeEncoding"),
    codeFlow: u8("codeFlow"),
  };
}

export const TABLES: OpcodeTables = loadTables();
