/**
 * Runs one case of ../shared/oracle/cases.json through our `zerovm` and
 * compares what a user can see with what native ZeroVM did: the exit code,
 * stdout with the two CPU-time numbers masked, stderr, and every file the
 * session produced (size and SHA-256).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { PROJECT_DIR, SHARED_DIR } from "./shared_dir.js";

export interface Blob {
  size: number;
  sha256: string;
  b64?: string;
  head_b64?: string;
  pattern_seed?: number;
}

export interface OracleCase {
  name: string;
  group: string;
  nexe: string | null;
  argv: string[];
  manifest_template?: string;
  stdin: { kind: string } & Partial<Blob>;
  inputs: Array<{ name: string } & Blob>;
  expected: {
    exit_code: number;
    stdout: Blob;
    stderr: Blob;
    files: Array<{ name: string } & Blob>;
  };
}

/** Loads the cases of the given groups. */
export function loadCases(groups: readonly string[]): OracleCase[] {
  const data = JSON.parse(readFileSync(join(SHARED_DIR, "oracle", "cases.json"), "utf8"));
  return (data.cases as OracleCase[]).filter((c) => groups.includes(c.group));
}

/** The bytes of a blob: inline base64, or the documented generated pattern. */
export function blobBytes(blob: Blob): Buffer {
  if (blob.pattern_seed !== undefined && blob.b64 === undefined) {
    const bytes = Buffer.alloc(blob.size);
    for (let i = 0; i < blob.size; i++) bytes[i] = (i * 7 + (i >> 8) + blob.pattern_seed) & 0xff;
    return bytes;
  }
  return Buffer.from(blob.b64 ?? "", "base64");
}

const sha256 = (data: Uint8Array): string => createHash("sha256").update(data).digest("hex");

/** What our run produced, normalised for comparison. */
export interface Observed {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  files: Record<string, { size: number; sha256: string }>;
}

/** Masks the two CPU-time numbers of the report's accounting line. */
export function maskCpuTimes(stdout: Buffer): string {
  const text = stdout.toString("latin1");
  const lines = text.split("\n");
  // The report is the last 7 lines; the accounting line is 5th of them.
  const at = lines.length - 4;
  if (at >= 0 && /^\d+\.\d\d \d+\.\d\d /.test(lines[at])) {
    lines[at] = lines[at].replace(/^\d+\.\d\d \d+\.\d\d /, "X.XX X.XX ");
  }
  return lines.join("\n");
}

const ZEROVM = join(PROJECT_DIR, "dist/src/cli/zerovm_main.js");

/**
 * Runs zerovm with real pipes as stdin, stdout and stderr, as the native
 * oracle did. (Node gives a child socket pairs, not pipes, and ZeroVM
 * refuses a socket as a channel source, rightly.) Arguments: io folder,
 * stdin source, node, script, zerovm arguments; exits with zerovm's status.
 */
const PIPE_SCRIPT = `
io=$1; input=$2; shift 2
mkfifo "$io/out.fifo" "$io/err.fifo"
cat "$io/out.fifo" > "$io/stdout" & out=$!
cat "$io/err.fifo" > "$io/stderr" & err=$!
cat "$input" | "$@" > "$io/out.fifo" 2> "$io/err.fifo"
status=$?
wait $out $err
exit $status
`;

/** Runs one case in a fresh directory and collects what a user sees. */
export function runCase(c: OracleCase, workRoot: string): Observed {
  const runDir = mkdtempSync(join(workRoot, `${c.name}-`));
  const nexeDir = join(SHARED_DIR, "oracle", "nexe");
  const manifestName = basename(c.argv.at(-1) ?? "case.manifest");
  const fill = (t: string): string => t.replaceAll("{RUN}", runDir).replaceAll("{NEXE}", nexeDir);

  if (c.group === "manifest") {
    // The native suite ran in one folder holding every manifest and dummy.nexe.
    for (const other of loadCases(["manifest"])) {
      writeFileSync(join(runDir, basename(other.argv.at(-1)!)), fill(other.manifest_template ?? ""));
    }
    copyFileSync(join(nexeDir, "dummy.nexe"), join(runDir, "dummy.nexe"));
  } else if (c.manifest_template != null && c.name !== "cmd_missing_manifest") {
    writeFileSync(join(runDir, manifestName), fill(c.manifest_template));
  }
  const before = new Set(readdirSync(runDir));
  for (const input of c.inputs) {
    writeFileSync(join(runDir, input.name), blobBytes(input));
    before.add(input.name);
  }

  const args = c.argv.map((a, i) => (i === c.argv.length - 1 && a.endsWith(".manifest") ? manifestName : a));
  const io = mkdtempSync(join(workRoot, `${c.name}-io-`));
  const stdinSource = c.stdin.kind === "pipe" ? join(io, "stdin") : "/dev/null";
  if (c.stdin.kind === "pipe") writeFileSync(stdinSource, blobBytes(c.stdin as Blob));
  const result = spawnSync("bash", ["-c", PIPE_SCRIPT, "zerovm-case", io, stdinSource, process.execPath, ZEROVM, ...args], {
    cwd: runDir,
    stdio: "ignore",
    timeout: 60_000,
  });
  const stdout = readFileSync(join(io, "stdout"));
  const stderr = readFileSync(join(io, "stderr"));

  const files: Observed["files"] = {};
  for (const name of readdirSync(runDir)) {
    if (before.has(name)) continue;
    const data = readFileSync(join(runDir, name));
    files[name] = { size: statSync(join(runDir, name)).size, sha256: sha256(data) };
  }
  return {
    exitCode: result.status,
    stdout: maskCpuTimes(stdout),
    stderr: stderr.toString("latin1"),
    files,
  };
}

/** The expected observation of a case, normalised the same way. */
export function expectedOf(c: OracleCase): Observed {
  const files: Observed["files"] = {};
  for (const f of c.expected.files) files[f.name] = { size: f.size, sha256: f.sha256 };
  return {
    exitCode: c.expected.exit_code,
    stdout: maskCpuTimes(blobBytes(c.expected.stdout)),
    stderr: blobBytes(c.expected.stderr).toString("latin1"),
    files,
  };
}

/** A scratch root for case directories. */
export function makeWorkRoot(): string {
  const root = join(tmpdir(), "zerovm-ts-oracle");
  mkdirSync(root, { recursive: true });
  return mkdtempSync(join(root, "run-"));
}
