/**
 * Whole-session benchmarks for `npm run bench` (issue #2):
 *
 * - noise.nexe writing 64 MiB to /dev/null: guest instructions per second
 *   of the interpreter (native ZeroVM: about 2.4 G/s, 110 MB/s);
 * - copy.nexe copying a 256 MiB file to /dev/null: channel throughput
 *   (native: about 4.4 GB/s);
 * - hello.nexe start-up, in-process (runSession) and as a whole `zerovm`
 *   process (native: 5.3 ms per process), beside a bare `node` start for
 *   reference.
 *
 * Each result is checked (report state, bytes moved) before its time is
 * trusted. Medians over several runs after a warm-up.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runSession, type SessionResult } from "../src/session/session.js";

const here = dirname(fileURLToPath(import.meta.url));
const projectDir = join(here, "..", "..");
const demoNexes = join(projectDir, "..", "shared", "nexes", "zerovm-demo");
const zerovmScript = join(projectDir, "dist", "src", "cli", "zerovm_main.js");

function manifest(program: string, channels: string[], memoryBytes = 33554432): string {
  return [
    "Version = 20130611",
    `Program = ${program}`,
    `Memory = ${memoryBytes}, 0`,
    "Timeout = 600",
    ...channels.map((c) => `Channel = ${c}`),
    "",
  ].join("\n");
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

function timed(run: () => SessionResult): { ms: number; result: SessionResult } {
  const start = performance.now();
  const result = run();
  return { ms: performance.now() - start, result };
}

function check(result: SessionResult, what: string): void {
  if (result.report.exitState !== "ok") {
    throw new Error(`${what}: session failed: ${result.report.exitState}`);
  }
}

function benchNoise(): void {
  const bytes = 64 * 1024 * 1024;
  const text = manifest(join(demoNexes, "noise.nexe"), [
    "/dev/null, /dev/stdin, 0, 0, 1, 1, 0, 0",
    `/dev/null, /dev/stdout, 0, 0, 0, 0, 100000000, ${bytes}`,
    "/dev/null, /dev/stderr, 0, 0, 0, 0, 1, 1",
  ]);
  const runs = [1, 2, 3].map(() => timed(() => runSession({ text })));
  for (const { result } of runs) {
    check(result, "noise");
    if (result.report.accounting.localPutBytes !== bytes) throw new Error("noise: wrong byte count");
  }
  const ms = median(runs.map((r) => r.ms));
  const instructions = runs[0].result.instructions;
  console.log(
    `noise-64M interpreter: ${(ms / 1000).toFixed(2)} s, ` +
      `${(instructions / ms / 1000).toFixed(1)} M guest instructions/s, ` +
      `${(bytes / ms / 1000).toFixed(1)} MB/s (native ZeroVM: 2400 M/s, 110 MB/s)`,
  );
}

function benchCopy(work: string): void {
  const bytes = 256 * 1024 * 1024;
  const input = join(work, "copy-input.data");
  const data = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i += 4096) data[i] = i & 0xff;
  writeFileSync(input, data);
  const text = manifest(join(demoNexes, "copy.nexe"), [
    `${input}, /dev/stdin, 0, 0, 100000, ${bytes * 2}, 0, 0`,
    `/dev/null, /dev/stdout, 0, 0, 0, 0, 100000, ${bytes * 2}`,
    "/dev/null, /dev/stderr, 0, 0, 0, 0, 1, 1",
  ]);
  const runs = [1, 2, 3].map(() => timed(() => runSession({ text })));
  for (const { result } of runs) {
    check(result, "copy");
    if (result.report.accounting.localPutBytes !== bytes) throw new Error("copy: wrong byte count");
  }
  const ms = median(runs.map((r) => r.ms));
  console.log(
    `copy-256M: ${ms.toFixed(0)} ms, ${(bytes / ms / 1e6).toFixed(2)} GB/s (native ZeroVM: 4.4 GB/s)`,
  );
}

function benchHello(work: string): void {
  const text = manifest(join(demoNexes, "hello.nexe"), [
    "/dev/null, /dev/stdin, 0, 0, 1, 1, 0, 0",
    "/dev/null, /dev/stdout, 0, 0, 0, 0, 100, 1000",
    "/dev/null, /dev/stderr, 0, 0, 0, 0, 100, 1000",
  ]);
  for (let i = 0; i < 5; i++) check(runSession({ text }), "hello");
  const inProcess = Array.from({ length: 30 }, () => timed(() => runSession({ text })).ms);

  const manifestPath = join(work, "hello.manifest");
  writeFileSync(manifestPath, text);
  const spawnTimes = (args: string[]): number[] =>
    Array.from({ length: 15 }, () => {
      const start = performance.now();
      const result = spawnSync(process.execPath, args, { stdio: "ignore" });
      if (result.status !== 0) throw new Error(`hello: ${args.join(" ")} exited ${result.status}`);
      return performance.now() - start;
    });
  const whole = spawnTimes([zerovmScript, manifestPath]);
  const bare = spawnTimes(["-e", "0"]);
  console.log(
    `hello start-up: in-process ${median(inProcess).toFixed(2)} ms, whole zerovm process ` +
      `${median(whole).toFixed(1)} ms (bare node ${median(bare).toFixed(1)} ms; native ZeroVM 5.3 ms)`,
  );
}

if (!existsSync(demoNexes)) {
  console.log(`../shared is absent (looked for ${demoNexes}): skipping the session benchmarks`);
} else {
  const work = mkdtempSync(join(tmpdir(), "zerovm-ts-bench-"));
  try {
    benchHello(work);
    benchNoise();
    benchCopy(work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
