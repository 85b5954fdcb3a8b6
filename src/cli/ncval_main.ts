#!/usr/bin/env node
/**
 * `ncval`: validates NaCl x86-64 code for audits.
 *
 *   ncval [--profile zerovm|nacl] [--json] [--max-errors N] [--hex "BYTES"] [FILE...]
 *
 * An ELF FILE is checked as the loader lays it out (its text plus HLT
 * padding, at its load address); any other FILE is raw code at address 0,
 * checked as given; --hex takes the bytes on the command line. Exit status:
 * 0 every input valid, 1 some input invalid, 2 usage or input errors.
 */
import { readFileSync, realpathSync, writeSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { extractNexeText, type Finding, type Profile, validateCode } from "../validator/index.js";
import { isElf } from "../validator/nexe_text.js";

export const NCVAL_USAGE = `Usage: ncval [--profile zerovm|nacl] [--json] [--max-errors N] [--hex "BYTES"] [FILE...]

Validates x86-64 Native Client code and lists every finding with its guest
offset, rule and disassembly.

  --profile P     zerovm (default): what ZeroVM's validator accepts;
                  nacl: the final Native Client validator's policy
  --json          one JSON object per input per line
  --max-errors N  list at most N findings per input (-1: all, the default)
  --hex "BYTES"   validate these bytes (hex, e.g. "48 89 e5") at address 0
  --help          print this help

An ELF FILE is validated as the loader maps it (text plus HLT padding to
64 KiB, at its load address); any other FILE is raw code at address 0.
Exit status: 0 all inputs valid, 1 an input is invalid, 2 usage or input error.
`;

export interface NcvalIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): Uint8Array;
}

interface NcvalArgs {
  profile: Profile;
  json: boolean;
  maxErrors: number;
  /** Inputs in command-line order. */
  inputs: { kind: "hex" | "file"; value: string }[];
  help: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): NcvalArgs {
  const args: NcvalArgs = { profile: "zerovm", json: false, maxErrors: -1, inputs: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    // --name=value is the same as --name value.
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) throw new UsageError(`Missing value for ${name}`);
      return argv[++i];
    };
    if (name === "--help" || name === "-h") args.help = true;
    else if (name === "--json") args.json = true;
    else if (name === "--profile") args.profile = parseProfile(value());
    else if (name === "--max-errors") args.maxErrors = parseMaxErrors(value());
    else if (name === "--hex") args.inputs.push({ kind: "hex", value: value() });
    else if (name === "--") {
      for (const file of argv.slice(i + 1)) args.inputs.push({ kind: "file", value: file });
      break;
    } else if (name.startsWith("-")) throw new UsageError(`Unknown option: ${JSON.stringify(name)}`);
    else args.inputs.push({ kind: "file", value: arg });
  }
  return args;
}

function parseProfile(text: string): Profile {
  if (text === "zerovm" || text === "nacl") return text;
  throw new UsageError(`Invalid --profile: expected "zerovm" or "nacl", found ${JSON.stringify(text)}`);
}

function parseMaxErrors(text: string): number {
  if (!/^-?\d+$/.test(text) || Number(text) < -1) {
    throw new UsageError(`Invalid --max-errors: expected a non-negative integer or -1, found ${JSON.stringify(text)}`);
  }
  return Number(text);
}

/** Parses hex bytes: pairs of hex digits, separated by whitespace or not. */
export function parseHexBytes(text: string): Uint8Array {
  const compact = text.replace(/\s+/g, "");
  if (!/^([0-9a-fA-F]{2})*$/.test(compact) || text.split(/\s+/).some((t) => t.length % 2 !== 0)) {
    throw new UsageError(`Invalid --hex value: expected hex bytes like "48 89 e5", found ${JSON.stringify(text)}`);
  }
  const out = new Uint8Array(compact.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(compact.slice(2 * i, 2 * i + 2), 16);
  return out;
}

interface Input {
  label: string;
  code: Uint8Array;
  base: number;
}

function loadFile(path: string, io: NcvalIo): Input {
  let bytes: Uint8Array;
  try {
    bytes = io.readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new Error(`Cannot read ${JSON.stringify(path)}: ${code}`);
  }
  if (!isElf(bytes)) return { label: path, code: bytes, base: 0 };
  try {
    const text = extractNexeText(bytes);
    return { label: path, code: text.text, base: text.base };
  } catch (error) {
    throw new Error(`Cannot validate ${JSON.stringify(path)}: ${(error as Error).message}`);
  }
}

function hex(n: number): string {
  return "0x" + n.toString(16);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function formatText(
  input: Input,
  profile: Profile,
  valid: boolean,
  findings: Finding[],
  total: { errors: number; warnings: number },
): string {
  const where = `${input.code.length} bytes at ${hex(input.base)}, ${profile} profile`;
  const verdict = valid ? "valid" : "INVALID";
  const counts = `${plural(total.errors, "error")}, ${plural(total.warnings, "warning")}`;
  const lines = [`${input.label}: ${verdict} (${where}; ${counts})`];
  for (const f of findings) {
    const tag = f.severity === "warning" ? "warning " : "";
    lines.push(`  ${hex(f.offset)}: ${tag}${f.rule}: ${f.message}`);
    if (f.bytes || f.text) lines.push(`      ${f.bytes.padEnd(30)} ${f.text}`);
  }
  return lines.join("\n") + "\n";
}

function formatJson(input: Input, profile: Profile, valid: boolean, findings: Finding[]): string {
  return JSON.stringify({
    input: input.label,
    valid,
    profile,
    findings: findings.map((f) => ({
      offset: f.offset,
      rule: f.rule,
      message: f.message,
      severity: f.severity,
      bytes: f.bytes,
      text: f.text,
    })),
  }) + "\n";
}

/** Runs ncval with `argv` (without node and script); returns the exit status. */
export function runNcval(argv: readonly string[], io: NcvalIo): number {
  let args: NcvalArgs;
  const inputs: (() => Input)[] = [];
  try {
    args = parseArgs(argv);
    if (args.help) {
      io.stdout(NCVAL_USAGE);
      return 0;
    }
    const hexCount = args.inputs.filter((i) => i.kind === "hex").length;
    let hexIndex = 0;
    for (const { kind, value } of args.inputs) {
      if (kind === "file") {
        inputs.push(() => loadFile(value, io));
        continue;
      }
      const code = parseHexBytes(value);
      const label = hexCount > 1 ? `--hex#${++hexIndex}` : "--hex";
      inputs.push(() => ({ label, code, base: 0 }));
    }
    if (inputs.length === 0) throw new UsageError("No input: give a FILE or --hex \"BYTES\"");
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`ncval: ${error.message}\nTry "ncval --help".\n`);
    return 2;
  }

  let status = 0;
  for (const load of inputs) {
    let input: Input;
    try {
      input = load();
    } catch (error) {
      io.stderr(`ncval: ${(error as Error).message}\n`);
      status = 2;
      continue;
    }
    const max = args.maxErrors < 0 ? Number.POSITIVE_INFINITY : args.maxErrors;
    const options = { profile: args.profile, maxFindings: max };
    const result = validateCode(input.code, input.base, options);
    const shown = result.findings;
    io.stdout(args.json
      ? formatJson(input, args.profile, result.valid, shown)
      : formatText(input, args.profile, result.valid, shown, result.counts));
    if (!result.valid && status === 0) status = 1;
  }
  return status;
}

const invokedDirectly = process.argv[1] !== undefined &&
  realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  process.exitCode = runNcval(process.argv.slice(2), {
    stdout: (t) => writeSync(1, t),
    stderr: (t) => writeSync(2, t),
    readFile: (p) => readFileSync(p),
  });
}
