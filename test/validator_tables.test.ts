/**
 * The committed opcode tables equal what tools/validator_gen_tables builds
 * from the installed iced-x86 today (CI fails on any drift).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { buildOpcodeTables, renderOpcodeTables } from "../src/validator/table_builder.js";

describe("validator opcode tables", () => {
  it("are reproduced exactly by the generator", () => {
    const require = createRequire(import.meta.url);
    const version = (require("iced-x86/package.json") as { version: string }).version;
    const committed = readFileSync(new URL("../src/validator/opcode_tables.generated.ts", import.meta.url), "utf8");
    expect(renderOpcodeTables(buildOpcodeTables(), version) === committed).toBe(true);
  });
});
