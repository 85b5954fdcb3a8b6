#!/usr/bin/env node
/**
 * nacl-cc: a C compiler driver producing NaCl-valid ZeroVM nexes.
 *
 *   nacl-cc [-O0|-O1|-O2|-O3] [-I dir] [-D name[=value]] [-c] -o out file...
 *
 * Inputs are .c, .s, .S and .o (from an earlier -c). With -c there must be
 * one source and the output is a sandboxed object; otherwise the output is
 * a nexe that nacl-cc checks itself (bundles, call alignment) and, when the
 * project's validator is present, validates. Exit status: 0 success, 1 a
 * compile, link or check failure, 2 a usage error.
 */
import { realpathSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compileToObject, buildNexe, withWorkDir, ToolchainError, type CompileOptions } from "../toolchain/driver.js";
import { verifyNexe } from "../toolchain/verify.js";

const USAGE = `Usage: nacl-cc [-O0|-O1|-O2|-O3] [-I dir] [-D name[=value]] [-c] -o out file...

Compiles C (.c) and assembly (.s, .S) with gcc -mx32, sandboxes the assembly
for Native Client, and links a ZeroVM nexe (or, with -c, an object file).

Options:
  -O0 -O1 -O2 -O3   optimisation level (default -O2)
  -I dir            add a header search directory
  -D name[=value]   define a preprocessor macro
  -c                compile one source to an object file, do not link
  -o out            output file (required)
  --no-verify       skip the validator run after linking (bundle checks still run)
  --help            show this help
`;

/** Parsed command line. */
export interface NaclCcArgs {
  options: CompileOptions;
  compileOnly: boolean;
  output: string;
  inputs: string[];
  verify: boolean;
}

/** A usage error: the message is printed with the usage hint, exit 2. */
export class UsageError extends Error {}

/** Parses nacl-cc's arguments (without node and the script path). */
export function parseArgs(argv: string[]): NaclCcArgs | "help" {
  const options: CompileOptions = { includeDirs: [], defines: [] };
  const inputs: string[] = [];
  let output: string | undefined;
  let compileOnly = false;
  let verify = true;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (flag: string) => {
      if (arg.length > flag.length) return arg.slice(flag.length);
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`Missing value after ${flag}`);
      return next;
    };
    if (arg === "--help" || arg === "-h") return "help";
    else if (/^-O[0-3]$/.test(arg)) options.optLevel = Number(arg[2]) as 0 | 1 | 2 | 3;
    else if (arg.startsWith("-I")) options.includeDirs!.push(value("-I"));
    else if (arg.startsWith("-D")) options.defines!.push(value("-D"));
    else if (arg.startsWith("-o")) output = value("-o");
    else if (arg === "-c") compileOnly = true;
    else if (arg === "--no-verify") verify = false;
    else if (arg.startsWith("-")) throw new UsageError(`Unknown option ${JSON.stringify(arg)}`);
    else inputs.push(arg);
  }
  if (output === undefined) throw new UsageError("Missing -o: name the output file");
  if (inputs.length === 0) throw new UsageError("No input files: expected .c, .s, .S or .o files");
  if (compileOnly && inputs.length !== 1) throw new UsageError("-c takes exactly one source file");
  return { options, compileOnly, output, inputs, verify };
}

/** Runs nacl-cc; returns the process exit status. */
export async function main(argv: string[]): Promise<number> {
  let args: NaclCcArgs | "help";
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`nacl-cc: ${err.message}\nTry "nacl-cc --help".\n`);
    return 2;
  }
  if (args === "help") {
    process.stdout.write(USAGE);
    return 0;
  }

  try {
    if (args.compileOnly) {
      const { inputs, output, options } = args;
      withWorkDir((work) => compileToObject(inputs[0], output, work, options));
      return 0;
    }
    const image = buildNexe(args.inputs, args.output, args.options);
    const report = await verifyNexe(image, { runValidator: args.verify });
    for (const note of report.notes) process.stderr.write(`nacl-cc: ${note}\n`);
    if (report.problems.length === 0) return 0;
    for (const problem of report.problems) process.stderr.write(`nacl-cc: ${problem}\n`);
    writeFileSync(args.output, new Uint8Array(0));
    process.stderr.write(`nacl-cc: ${args.output} is not a valid nexe; emptied it\n`);
    return 1;
  } catch (err) {
    if (!(err instanceof ToolchainError)) throw err;
    process.stderr.write(`nacl-cc: ${err.message}\n`);
    return 1;
  }
}

// Run only as a program, not when a test imports parseArgs.
const invokedDirectly = process.argv[1] !== undefined &&
  realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
