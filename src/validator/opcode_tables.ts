/**
 * The generated opcode tables, decoded once at import into typed arrays.
 *
 * The data is immutable after decoding (nothing writes to these arrays), so
 * sharing it between sessions in one process is safe. Loading needs no
 * iced-x86: decode_slow.ts checks, when it loads iced, that the tables were
 * generated for the same set of Codes.
 */
import { CODE_COUNT, ENCODED } from "./opcode_tables.generated.js";
import { type OpcodeTables, TABLE_FIELDS } from "./table_layout.js";

export { CODE_COUNT, CODE_NOP_RM16 } from "./opcode_tables.generated.js";

function decodeField(name: keyof OpcodeTables): Uint8Array | Uint16Array {
  const entry = ENCODED[name];
  if (!entry) throw new Error(`Opcode tables are missing field "${name}": regenerate them`);
  const raw = Buffer.from(entry[1], "base64");
  const bytes = new Uint8Array(raw.length);
  bytes.set(raw);
  return entry[0] === "u16" ? new Uint16Array(bytes.buffer) : bytes;
}

function loadTables(): OpcodeTables {
  const t: Partial<Record<keyof OpcodeTables, Uint8Array | Uint16Array>> = {};
  for (const name of TABLE_FIELDS) t[name] = decodeField(name);
  return t as OpcodeTables;
}

export const TABLES: OpcodeTables = loadTables();
