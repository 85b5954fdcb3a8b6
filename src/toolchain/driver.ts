/**
 * The nacl-cc pipeline: C (or assembly) to a ZeroVM nexe with the system
 * toolchain (docs/toolchain.md).
 *
 *   .c   gcc -mx32 -S (r15 and r11 reserved)  -> rewriteAssembly -> as -> .o
 *   .S   gcc -E (preprocess)                   -> rewriteAssembly -> as -> .o
 *   .s                                            rewriteAssembly -> as -> .o
 *   link  ld -T <our script> crt0.o objects libnaclc.a -> patch header -> check
 *
 * The runtime (src/toolchain/runtime) is compiled the same way into a static
 * archive, so a program only gets the members it uses and a missing function
 * fails at link time. Every step runs in a private temporary directory; no
 * path, time or user name reaches the nexe (no debug info, no .comment,
 * symbols stripped), so equal inputs give equal bytes.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { rewriteAssembly, RewriteError } from "./rewriter.js";
import { NEXE_LINKER_SCRIPT } from "./linker_script.js";
import { patchNaclHeader } from "./nexe_image.js";

/** A tool failed or an input was refused; the message is for users. */
export class ToolchainError extends Error {
  override name = "ToolchainError";
}

/** Options shared by compiling and linking. */
export interface CompileOptions {
  /** gcc optimisation level, default 2. */
  optLevel?: 0 | 1 | 2 | 3;
  includeDirs?: string[];
  /** `name` or `name=value`, as for gcc -D. */
  defines?: string[];
}

/** The external programs nacl-cc runs. */
export const REQUIRED_TOOLS = ["gcc", "as", "ld", "ar"] as const;

/** Flags that make gcc -mx32 code the rewriter can sandbox (nacl-toolchain.md 4.2). */
export const GCC_NACL_FLAGS: readonly string[] = [
  "-mx32", "-ffreestanding", "-fno-pic", "-fno-pie", "-mno-red-zone",
  "-fno-omit-frame-pointer", "-fno-asynchronous-unwind-tables", "-fno-unwind-tables",
  "-fno-exceptions", "-fno-math-errno", "-fno-stack-protector", "-fcf-protection=none",
  "-ffixed-r15", "-ffixed-r11", "-fno-tree-loop-distribute-patterns", "-falign-functions=32",
  "-fno-reorder-blocks-and-partition", "-fno-ident",
  "-fno-bit-tests", "-mtune-ctrl=^use_bt", "-Werror=implicit-function-declaration", "-D__ZEROVM__=1", "-D__native_client__=1",
];

/** Names the required tools that are not on PATH. */
export function missingTools(): string[] {
  return REQUIRED_TOOLS.filter((tool) => {
    const probe = spawnSync(tool, ["--version"], { encoding: "utf8" });
    return probe.error !== undefined || probe.status !== 0;
  });
}

/** Finds the package's runtime sources (headers and C files). */
export function runtimeDirectory(): string {
  // Works from src/toolchain (vitest) and from dist/src/toolchain (built).
  let dir = fileURLToPath(new URL(".", import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, "src", "toolchain", "runtime");
    if (existsSync(join(candidate, "include", "zvm.h"))) return candidate;
    const here = join(dir, "runtime");
    if (existsSync(join(here, "include", "zvm.h"))) return here;
    dir = resolve(dir, "..");
  }
  throw new ToolchainError("Cannot find the nacl-cc runtime: expected src/toolchain/runtime in the package");
}

function run(tool: string, args: string[], what: string): string {
  const result = spawnSync(tool, args, { encoding: "utf8", maxBuffer: 64 << 20 });
  if (result.error) {
    throw new ToolchainError(
      `Cannot run ${tool}: ${result.error.message}\n` +
        "nacl-cc needs gcc and GNU binutils (as, ld, ar) on PATH; run tools/setup.sh to install them",
    );
  }
  if (result.status !== 0) {
    throw new ToolchainError(`${what} failed (${tool} exit status ${result.status}):\n${result.stderr.trim()}`);
  }
  return result.stdout;
}

/** gcc's own header directory (stdint.h, stddef.h, stdarg.h, limits.h, ...). */
function gccIncludeDir(): string {
  return run("gcc", ["-mx32", "-print-file-name=include"], "Locating gcc's headers").trim();
}

function preprocessorFlags(options: CompileOptions, runtime: string): string[] {
  return [
    "-nostdinc",
    ...(options.includeDirs ?? []).map((d) => `-I${d}`),
    "-isystem", join(runtime, "include"),
    "-isystem", gccIncludeDir(),
    ...(options.defines ?? []).map((d) => `-D${d}`),
  ];
}

function rewriteFile(asmPath: string, outPath: string, inputName: string): void {
  try {
    writeFileSync(outPath, rewriteAssembly(readFileSync(asmPath, "utf8")));
  } catch (err) {
    if (err instanceof RewriteError) {
      const origin = extname(inputName) === ".c" ? " (in the assembly gcc generated)" : "";
      throw new ToolchainError(`${inputName}: ${err.message}${origin}`);
    }
    throw err;
  }
}

/**
 * Compiles one .c, .s or .S file to a sandboxed object file.
 *
 * @param input source path; its extension selects the route.
 * @param output the .o to write.
 * @param work a scratch directory for intermediate files.
 * @throws ToolchainError on compiler errors and refused instructions.
 */
export function compileToObject(input: string, output: string, work: string, options: CompileOptions = {}): void {
  const runtime = runtimeDirectory();
  const stem = join(work, basename(input).replace(/\.[^.]+$/, ""));
  const raw = `${stem}.x32.s`;
  const sandboxed = `${stem}.nacl.s`;
  const ext = extname(input);

  if (ext === ".c") {
    const level = `-O${options.optLevel ?? 2}`;
    run("gcc", [...GCC_NACL_FLAGS, level, ...preprocessorFlags(options, runtime), "-S", "-o", raw, input],
      `Compiling ${input}`);
  } else if (ext === ".S") {
    run("gcc", ["-E", "-P", "-x", "assembler-with-cpp", ...preprocessorFlags(options, runtime),
      "-D__ASSEMBLER__=1", "-o", raw, input], `Preprocessing ${input}`);
  } else if (ext === ".s") {
    copyFileSync(input, raw);
  } else {
    throw new ToolchainError(`Cannot compile ${JSON.stringify(input)}: expected a .c, .s, .S or .o file`);
  }
  rewriteFile(raw, sandboxed, input);
  run("as", ["--64", "-o", output, sandboxed], `Assembling ${input}`);
}

/** The compiled runtime: the start-up object and the library archive. */
export interface Runtime {
  crt0: string;
  archive: string;
}

const RUNTIME_MEMBERS = ["zvm", "string", "ctype", "malloc", "stdlib", "printf", "stdio"];

/** Compiles the runtime into `work` (always at -O2). */
export function buildRuntime(work: string): Runtime {
  const lib = join(runtimeDirectory(), "lib");
  const crt0 = join(work, "crt0.o");
  compileToObject(join(lib, "crt0.c"), crt0, work, { optLevel: 2 });
  const objects = RUNTIME_MEMBERS.map((name) => {
    const object = join(work, `${name}.o`);
    compileToObject(join(lib, `${name}.c`), object, work, { optLevel: 2 });
    return object;
  });
  const archive = join(work, "libnaclc.a");
  // D: deterministic archive (no timestamps, uids or modes).
  run("ar", ["rcsD", archive, ...objects], "Archiving the runtime");
  return { crt0, archive };
}

/**
 * Links objects with the runtime into a nexe and writes the NaCl header bytes.
 * @returns the nexe bytes (also written to `output`).
 */
export function linkNexe(objects: string[], runtime: Runtime | undefined, output: string, work: string): Uint8Array {
  const script = join(work, "nexe.ld");
  writeFileSync(script, NEXE_LINKER_SCRIPT);
  const linked = join(work, "linked.nexe");
  run("ld", ["-n", "-static", "-nostdlib", "-s", "--build-id=none", "-z", "norelro",
    "-z", "noexecstack", "--no-dynamic-linker", "-T", script, "-o", linked,
    ...(runtime ? [runtime.crt0, ...objects, runtime.archive] : objects)], "Linking");
  const image = new Uint8Array(readFileSync(linked));
  patchNaclHeader(image);
  writeFileSync(output, image);
  return image;
}

/** Runs `body` with a fresh scratch directory, removed afterwards. */
export function withWorkDir<T>(body: (work: string) => T): T {
  const work = mkdtempSync(join(tmpdir(), "nacl-cc-"));
  try {
    return body(work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Builds a nexe from sources and objects (the whole `nacl-cc -o` path).
 * @param runtime a prebuilt runtime to reuse, or undefined to build one.
 */
export function buildNexe(
  inputs: string[],
  output: string,
  options: CompileOptions = {},
  runtime?: Runtime,
): Uint8Array {
  return withWorkDir((work) => {
    const objects = inputs.map((input, i) => {
      if (extname(input) === ".o") return input;
      const object = join(work, `input${i}.o`);
      compileToObject(input, object, work, options);
      return object;
    });
    return linkNexe(objects, runtime ?? buildRuntime(work), output, work);
  });
}

/**
 * Assembles a hand-written .S file exactly as written (no sandboxing
 * rewrite, no runtime) into a nexe: for fixtures, including the deliberately
 * invalid ones. The file must define `_start` first in its text.
 */
export function assembleRawNexe(source: string, output: string, includeDirs: string[]): Uint8Array {
  return withWorkDir((work) => {
    const preprocessed = join(work, "raw.s");
    const object = join(work, "raw.o");
    run("gcc", ["-E", "-P", "-x", "assembler-with-cpp", ...includeDirs.map((d) => `-I${d}`),
      "-o", preprocessed, source], `Preprocessing ${source}`);
    run("as", ["--64", "-o", object, preprocessed], `Assembling ${source}`);
    return linkNexe([object], undefined, output, work);
  });
}
