/**
 * Interpreter throughput on ZeroVM's noise demo (guest instructions/second).
 *
 * Loads ../shared/nexes/zerovm-demo/noise.nexe into the CPU alone (through
 * the test stand-in src/cpu/testing/nexe_runner.ts: no session, validator
 * or channels) and services its traps minimally: TrapWrite counts bytes and
 * succeeds until the limit (default 64 MiB), then the run stops. The first
 * MiB of output must hash to native ZeroVM's /dev/stdout etag of the oracle
 * case noise_file_1m, so a wrong interpreter cannot post a time.
 *
 * Reports wall-clock rate and rate per CPU second (steadier on a shared
 * machine), median of the rounds.
 *
 * Usage: npx tsc -p . && node dist/bench/cpu_noise.js [MiB=64] [rounds=3]
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadNexe, runNexe } from "../src/cpu/testing/nexe_runner.js";

/** Native ZeroVM's /dev/stdout etag for noise with PutSize 1 MiB (oracle case noise_file_1m). */
const ORACLE_FIRST_MIB_SHA1 = "3fd601c848c17b69ba79f7720bee40918013dbc5";
const MIB = 2 ** 20;

interface RoundResult {
  instructions: number;
  wallSeconds: number;
  cpuSeconds: number;
  bytesWritten: number;
  firstMibSha1: string;
}

function runRound(elf: Uint8Array, limitBytes: number): RoundResult {
  const nexe = loadNexe(elf);
  const hash = createHash("sha1");
  let written = 0;
  const write = (channel: number, bytes: Uint8Array): number | null => {
    if (written >= limitBytes) return null;
    if (written < MIB) hash.update(bytes.subarray(0, MIB - written));
    written += bytes.length;
    return bytes.length;
  };
  const wallStart = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const outcome = runNexe(nexe, { write });
  const used = process.cpuUsage(cpuStart);
  const wallSeconds = Number(process.hrtime.bigint() - wallStart) / 1e9;
  if (outcome.kind !== "ended by handler") throw new Error(`noise stopped early: ${JSON.stringify(outcome)}`);
  return {
    instructions: nexe.cpu.instructionCount,
    wallSeconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    bytesWritten: written,
    firstMibSha1: hash.digest("hex"),
  };
}

/**
 * Machine-speed reference: a minimal switch interpreter over an array of
 * op objects (the shape of the "A1" probe in docs/emulator-performance.md,
 * 127 M ops/s when that note was written), so figures taken on a busy or
 * slower VM can be compared. Returns M ops per second.
 */
function referenceSwitchRate(): number {
  interface ProbeOp {
    kind: number;
    a: number;
    b: number;
    imm: number;
  }
  const program: ProbeOp[] = [
    { kind: 0, a: 0, b: 1, imm: 0 }, { kind: 1, a: 0, b: 0, imm: 13 }, { kind: 2, a: 1, b: 0, imm: 0 },
    { kind: 3, a: 2, b: 1, imm: 7 }, { kind: 4, a: 0, b: 2, imm: 0 }, { kind: 5, a: 3, b: 0, imm: 1 },
    { kind: 6, a: 3, b: 0, imm: 0 },
  ];
  const regs = new Int32Array(8);
  const memory = new DataView(new ArrayBuffer(1 << 16));
  let flag = 0;
  const run = (iterations: number): number => {
    regs[3] = iterations;
    regs[1] = 12345;
    let ops = 0;
    for (;;) {
      for (let i = 0; i < program.length; i++) {
        const op = program[i];
        ops++;
        switch (op.kind) {
          case 0: regs[op.a] = regs[op.b]; break;
          case 1: regs[op.a] ^= regs[op.a] << op.imm; break;
          case 2: regs[op.a] = (regs[op.a] + regs[op.b]) | 0; break;
          case 3: memory.setInt32((regs[op.b] & 0xfff) << 2, regs[op.a] + op.imm, true); break;
          case 4: regs[op.a] ^= memory.getInt32((regs[op.b] & 0xfff) << 2, true); break;
          case 5: flag = regs[op.a] = (regs[op.a] - op.imm) | 0; break;
          default: if (flag === 0) return ops; break;
        }
      }
    }
  };
  run(1e6);
  const start = process.hrtime.bigint();
  const ops = run(2e7);
  return ops / (Number(process.hrtime.bigint() - start) / 1e9) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

function main(): void {
  const mib = Number(process.argv[2] ?? 64);
  const rounds = Number(process.argv[3] ?? 3);
  const path = fileURLToPath(new URL("../../../shared/nexes/zerovm-demo/noise.nexe", import.meta.url));
  const elf = new Uint8Array(readFileSync(path));
  const wall: number[] = [];
  const perCpu: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const r = runRound(elf, mib * MIB);
    if (r.bytesWritten >= MIB && r.firstMibSha1 !== ORACLE_FIRST_MIB_SHA1) {
      throw new Error(`noise output differs from native ZeroVM: sha1 ${r.firstMibSha1}`);
    }
    wall.push(r.instructions / r.wallSeconds / 1e6);
    perCpu.push(r.instructions / r.cpuSeconds / 1e6);
    console.log(
      `round ${round + 1}: ${r.instructions} insns in ${r.wallSeconds.toFixed(3)} s: ` +
        `${wall[round].toFixed(1)} M insn/s wall, ${perCpu[round].toFixed(1)} M per CPU second`,
    );
  }
  const reference = referenceSwitchRate();
  console.log(`reference switch loop on this machine now: ${reference.toFixed(1)} M ops/s`);
  console.log(
    `cpu_noise interpreter: median ${median(wall).toFixed(1)} M guest insn/s wall ` +
      `(${Math.min(...wall).toFixed(1)}-${Math.max(...wall).toFixed(1)}), ` +
      `${median(perCpu).toFixed(1)} M per CPU second; node ${process.version}, ${mib} MiB`,
  );
}

main();
