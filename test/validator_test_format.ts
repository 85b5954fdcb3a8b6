/**
 * Reader for Native Client's `.test` validator corpus format
 * (docs/nacl-validator.md §3.1): cases separated by dash lines, sections
 * `@name:` with two-space-indented content, `@hex:` chunks (a line ending
 * in `\\` continues the chunk on the next line).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface CorpusCase {
  /** `file.test#index` (index 0-based within the file). */
  name: string;
  sections: Map<string, string[]>;
  /** The code bytes, concatenated. */
  bytes: Uint8Array;
  /** Start offsets of the chunks (each an indivisible (super)instruction). */
  chunkStarts: number[];
}

/** Parses one `.test` file. Throws naming the file and line on a format error. */
export function parseTestFile(text: string, fileName: string): CorpusCase[] {
  const cases: CorpusCase[] = [];
  let sections = new Map<string, string[]>();
  let current: string[] | null = null;
  const finish = () => {
    if (sections.size > 0) cases.push(makeCase(`${fileName}#${cases.length}`, sections));
    sections = new Map();
    current = null;
  };
  text.split("\n").forEach((line, i) => {
    if (/^-{3,}\s*$/.test(line)) return finish();
    const header = /^@([\w-]+):\s*$/.exec(line);
    if (header) {
      current = [];
      sections.set(header[1], current);
    } else if (line.startsWith("  ") && current) {
      current.push(line.slice(2));
    } else if (line.trim() !== "" || current === null) {
      if (line.trim() === "") return;
      throw new Error(`${fileName}:${i + 1}: expected a section header or an indented line`);
    } else {
      current.push("");
    }
  });
  finish();
  return cases;
}

function makeCase(name: string, sections: Map<string, string[]>): CorpusCase {
  const bytes: number[] = [];
  const chunkStarts: number[] = [];
  let continued = false;
  for (const raw of sections.get("hex") ?? []) {
    let line = raw.replace(/#.*$/, "").trim();
    const continues = line.endsWith("\\\\");
    if (continues) line = line.slice(0, -2).trim();
    const values = line === "" ? [] : line.split(/\s+/).map((h) => parseInt(h, 16));
    if (values.length > 0 && !continued) chunkStarts.push(bytes.length);
    bytes.push(...values);
    continued = continues || (continued && values.length === 0);
  }
  return { name, sections, bytes: Uint8Array.from(bytes), chunkStarts };
}

/** Reads every `.test` file of a folder, in name order. */
export function readCorpus(folder: string): CorpusCase[] {
  return readdirSync(folder)
    .filter((f) => f.endsWith(".test"))
    .sort()
    .flatMap((f) => parseTestFile(readFileSync(join(folder, f), "utf8"), f));
}

/** `@rdfa_output`: verdict and the first error offset (undefined when none). */
export function rdfaGolden(c: CorpusCase): { valid: boolean; firstError?: number } | undefined {
  const lines = c.sections.get("rdfa_output");
  if (!lines) return undefined;
  let firstError: number | undefined;
  for (const line of lines) {
    const rc = /^return code: (\d+)/.exec(line);
    if (rc) return { valid: rc[1] === "0", firstError };
    const m = /^([0-9a-f]+): /.exec(line);
    if (m && firstError === undefined) firstError = parseInt(m[1], 16);
  }
  throw new Error(`${c.name}: @rdfa_output has no return code line`);
}

/** `@rval`: verdict and the address of the first instruction with an error. */
export function rvalGolden(c: CorpusCase): { valid: boolean; firstError?: number } | undefined {
  const lines = c.sections.get("rval");
  if (!lines) return undefined;
  let lastAddress: number | undefined;
  let firstError: number | undefined;
  let valid: boolean | undefined;
  for (const line of lines) {
    const at = /^VALIDATOR: ([0-9a-f]{16}): /.exec(line);
    if (at) lastAddress = parseInt(at[1], 16);
    if (/^VALIDATOR: ERROR:/.test(line) && firstError === undefined) firstError = lastAddress;
    if (/\*\*\* .* is safe \*\*\*/.test(line)) valid = true;
    if (/\*\*\* .* IS UNSAFE \*\*\*/.test(line)) valid = false;
  }
  if (valid === undefined) throw new Error(`${c.name}: @rval has no verdict line`);
  return { valid, firstError };
}
