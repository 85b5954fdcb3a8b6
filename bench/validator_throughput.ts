/**
 * Validator throughput in MB/s (median of timed runs) per profile on real
 * nexes (../shared/nexes: NW.js, Lind) and on a 4 MiB buffer of valid code
 * generated here. Run: npx tsc -p . && node dist/bench/validator_throughput.js
 *
 * MB/s counts validated bytes (text plus HLT padding to 64 KiB, as the
 * loader validates it), 1 MB = 10^6 bytes. Each input's verdict is checked
 * before its time is trusted.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { extractNexeText, type Profile, validateCode } from "../src/validator/index.js";

const NEXES = fileURLToPath(new URL("../../../shared/nexes/", import.meta.url));
const RUNS = 15;
const WARMUP = 3;

interface Input {
  name: string;
  code: Uint8Array;
  base: number;
  /** Expected verdict per profile. */
  expected: Record<Profile, boolean>;
}

/** Building blocks of the synthetic code: each a valid (super)instruction. */
const PIECES: number[][] = [
  [0x89, 0xc0, 0x41, 0x8b, 0x0c, 0x07], // mov %eax,%eax ; mov (%r15,%rax),%ecx
  [0x89, 0xd2, 0x41, 0x89, 0x1c, 0x17], // mov %edx,%edx ; mov %ebx,(%r15,%rdx)
  [0x83, 0xec, 0x10, 0x4c, 0x01, 0xfc], // sub $16,%esp ; add %r15,%rsp
  [0x89, 0xff, 0x49, 0x8d, 0x3c, 0x3f, 0xf3, 0xab], // rep stos superinstruction
  [0x83, 0xe1, 0xe0, 0x4c, 0x01, 0xf9, 0xff, 0xe1], // nacljmp %rcx
  [0xf2, 0x0f, 0x10, 0x44, 0x24, 0x08], // movsd 8(%rsp),%xmm0
  [0x48, 0x8b, 0x45, 0xf8], // mov -8(%rbp),%rax
  [0x01, 0xd8], // add %ebx,%eax
  [0x48, 0x8d, 0x04, 0x40], // lea (%rax,%rax,2),%rax
  [0x74, 0x00], // je next
  [0x41, 0x8b, 0x47, 0x10], // mov 0x10(%r15),%eax
  [0x0f, 0xaf, 0xc1], // imul %ecx,%eax
  [0x50], // push %rax
  [0x58], // pop %rax
];
/** naclcall ending exactly at a bundle end: and, add, call *%rdx. */
const NACLCALL = [0x83, 0xe2, 0xe0, 0x4c, 0x01, 0xfa, 0xff, 0xd2];

/** A deterministic 4 MiB buffer of valid code (pseudo-random mix of PIECES). */
function syntheticCode(size: number): Uint8Array {
  const out = new Uint8Array(size).fill(0x90);
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 16;
  for (let bundle = 0; bundle < size; bundle += 32) {
    let p = bundle;
    const withCall = next() % 4 === 0;
    const limit = bundle + 32 - (withCall ? NACLCALL.length : 0);
    for (;;) {
      const piece = PIECES[next() % PIECES.length];
      if (p + piece.length > limit) break;
      out.set(piece, p);
      p += piece.length;
    }
    if (withCall) out.set(NACLCALL, limit);
  }
  return out;
}

function nexeInput(path: string, expected: Record<Profile, boolean>): Input | undefined {
  const file = NEXES + path;
  if (!existsSync(file)) return undefined;
  const text = extractNexeText(readFileSync(file));
  return { name: path, code: text.text, base: text.base, expected };
}

function lindNexes(): string[] {
  return existsSync(NEXES + "lind") ? readdirSync(NEXES + "lind").filter((f) => f.endsWith(".nexe")).sort() : [];
}

function inputs(): Input[] {
  const both = { zerovm: true, nacl: true };
  const list: (Input | undefined)[] = [
    nexeInput("nwjs/nacl_irt_x86_64.nexe", { zerovm: false, nacl: true }),
    nexeInput("nwjs/pnacl_public_x86_64_ld_nexe.nexe", both),
    nexeInput("nwjs/pnacl_public_x86_64_pnacl_sz_nexe.nexe", both),
    ...lindNexes().map((n) => nexeInput(`lind/${n}`, both)),
    { name: "synthetic 4 MiB", code: syntheticCode(4 << 20), base: 0x20000, expected: both },
  ];
  return list.filter((i): i is Input => i !== undefined);
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function measure(input: Input, profile: Profile): { mbps: number; min: number; max: number } {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const t0 = performance.now();
    const result = validateCode(input.code, input.base, { profile, maxFindings: 10 });
    const t1 = performance.now();
    if (result.valid !== input.expected[profile]) {
      const first = result.findings[0];
      throw new Error(`${input.name} (${profile}): unexpected verdict ${result.valid}` +
        (first ? ` at 0x${first.offset.toString(16)} ${first.rule} ${first.text}` : ""));
    }
    if (i >= WARMUP) times.push(t1 - t0);
  }
  const mb = input.code.length / 1e6;
  return { mbps: mb / (median(times) / 1000), min: mb / (Math.max(...times) / 1000), max: mb / (Math.min(...times) / 1000) };
}

function main(): void {
  if (!existsSync(NEXES)) console.log(`validator bench: ../shared/nexes not found at ${NEXES}; synthetic input only`);
  console.log(`validator throughput (node ${process.version}, median of ${RUNS} runs after ${WARMUP} warm-up)`);
  for (const profile of ["zerovm", "nacl"] as Profile[]) {
    for (const input of inputs()) {
      const m = measure(input, profile);
      console.log(`${profile.padEnd(6)} ${input.name.padEnd(46)} ${(input.code.length / 1e6).toFixed(2).padStart(6)} MB ` +
        `${m.mbps.toFixed(1).padStart(6)} MB/s (range ${m.min.toFixed(1)}-${m.max.toFixed(1)})`);
    }
  }
}

main();
