/**
 * Regenerates src/validator/opcode_tables.generated.ts from iced-x86.
 *
 * Usage: npx tsc -p . && node dist/tools/validator_gen_tables.js [--check]
 * With --check it writes nothing and exits 1 when the committed file differs
 * from what iced-x86 produces today (CI runs the same comparison as a test).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { buildOpcodeTables, renderOpcodeTables } from "../src/validator/table_builder.js";

const target = new URL("../../src/validator/opcode_tables.generated.ts", import.meta.url);
const require = createRequire(import.meta.url);
const icedVersion = (require("iced-x86/package.json") as { version: string }).version;
const text = renderOpcodeTables(buildOpcodeTables(), icedVersion);

if (process.argv.includes("--check")) {
  const committed = readFileSync(target, "utf8");
  if (committed !== text) {
    process.stderr.write("validator_gen_tables: opcode_tables.generated.ts is out of date\n");
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
}
