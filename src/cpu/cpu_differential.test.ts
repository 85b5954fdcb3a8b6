/**
 * Differential test against the host CPU (x86-64, see docs: an AMD EPYC).
 *
 * Each case is a short AT&T instruction sequence that uses no memory and no
 * rsp. At test time gcc builds a harness in which every case is a function
 * that loads registers and RFLAGS from a state block, runs the sequence,
 * and stores them back; the harness prints the sequence's machine code and
 * the final state for each input state. The same bytes then run in the
 * emulator from the same input state, and registers and flags must match.
 *
 * Flags a case lists as undefined (by Intel and AMD documentation) are
 * compared only where our implementation claims the host's behaviour.
 * Skips with a message when gcc or an x86-64 host is missing.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { arch, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GPR_NAMES, TestGuest, getReg, setReg } from "./testing/cpu_harness.js";

/** Arithmetic flags compared: CF PF AF ZF SF OF. */
const ALL = 0x8d5;
const CF = 0x1;
const PF = 0x4;
const AF = 0x10;
const ZF = 0x40;
const SF = 0x80;
const OF = 0x800;

interface Case {
  /** AT&T assembly, ';'-separated instructions. */
  asm: string;
  /** Flags to compare (default ALL). */
  flags?: number;
  /** Adjusts a random input state so the case cannot fault natively. */
  fix?: (state: bigint[]) => void;
}

const CONDITIONS_A = "seto %cl; setb %dl; sete %sil; setbe %dil; sets %bpl; setp %r8b; setl %r9b; setle %r10b";
const CONDITIONS_B = "setno %cl; setae %dl; setne %sil; seta %dil; setns %bpl; setnp %r8b; setge %r9b; setg %r10b";

function aluCases(): Case[] {
  const cases: Case[] = [];
  for (const op of ["add", "or", "adc", "sbb", "and", "sub", "xor", "cmp", "test"]) {
    // Logic ops leave AF undefined.
    const flags = ["or", "and", "xor", "test"].includes(op) ? ALL & ~AF : ALL;
    for (const operands of [
      "%ebx,%eax", "%rbx,%rax", "%bl,%al", "%bh,%ah", "%bx,%ax", "$0x7f,%eax",
      "$-1,%rax", "$0x80,%al", "$0x1234,%cx", "$0x7fffffff,%rdx", "%r9d,%r8d",
    ]) {
      cases.push({ asm: `${op} ${operands}`, flags });
    }
  }
  for (const op of ["inc", "dec", "neg", "not"]) {
    for (const reg of ["%eax", "%rax", "%al", "%ah", "%ax", "%r10"]) cases.push({ asm: `${op} ${reg}` });
  }
  return cases;
}

function shiftCases(): Case[] {
  const cases: Case[] = [];
  for (const op of ["shl", "shr", "sar", "rol", "ror", "rcl", "rcr"]) {
    for (const operands of [
      "$1,%eax", "$0,%eax", "$5,%eax", "$31,%eax", "%cl,%eax", "$63,%rax", "$33,%rax",
      "%cl,%rax", "$1,%rax", "$3,%al", "%cl,%al", "$1,%bh", "$9,%ax", "%cl,%bx", "$8,%al", "$17,%al",
    ]) {
      // Intel leaves OF (count > 1) and AF undefined; we match the host AMD.
      cases.push({ asm: `${op} ${operands}` });
    }
  }
  for (const asm of ["shld $5,%ebx,%eax", "shld %cl,%ebx,%eax", "shrd $7,%ebx,%eax", "shrd %cl,%ebx,%eax",
    "shld $40,%rbx,%rax", "shrd %cl,%rbx,%rax", "shld $1,%ebx,%eax"]) {
    cases.push({ asm });
  }
  return cases;
}

function mulDivCases(): Case[] {
  // mul/imul: Intel leaves SF ZF AF PF undefined; AMD keeps them, as we do.
  const mulFlags = ALL;
  const cases: Case[] = [
    "mull %ebx", "mulq %rbx", "mulb %bl", "mulw %bx", "imull %ebx", "imulq %rbx", "imulb %bl",
    "imulw %bx", "imul %ebx,%eax", "imul %rbx,%rax", "imul $0x12345,%ebx,%eax", "imul $-3,%rbx,%rax",
    "imul %bx,%ax", "imul $7,%ecx,%ecx",
  ].map((asm) => ({ asm, flags: mulFlags }));
  const nonZero = (s: bigint[], i: number, mask: bigint) => {
    if ((s[i] & mask) === 0n || (s[i] & mask) === mask) s[i] = (s[i] & ~mask) | 3n;
  };
  cases.push(
    { asm: "divl %ebx", flags: 0, fix: (s) => { nonZero(s, 3, 0xffffffffn); s[2] = (s[2] & 0xffffffffn) % (s[3] & 0xffffffffn); } },
    { asm: "divq %rbx", flags: 0, fix: (s) => { nonZero(s, 3, 0xffffffffffffffffn); s[2] %= s[3]; } },
    { asm: "divb %bl", flags: 0, fix: (s) => { nonZero(s, 3, 0xffn); s[0] = (s[0] & ~0xff00n) | (((s[0] >> 8n) & 0xffn) % (s[3] & 0xffn)) << 8n; } },
    { asm: "divw %bx", flags: 0, fix: (s) => { nonZero(s, 3, 0xffffn); s[2] = (s[2] & 0xffffn) % (s[3] & 0xffffn); } },
    { asm: "cltd; idivl %ebx", flags: 0, fix: (s) => nonZero(s, 3, 0xffffffffn) },
    { asm: "cqto; idivq %rbx", flags: 0, fix: (s) => nonZero(s, 3, 0xffffffffffffffffn) },
    { asm: "cwtd; idivw %bx", flags: 0, fix: (s) => nonZero(s, 3, 0xffffn) },
    { asm: "cbtw; idivb %bl", flags: 0, fix: (s) => nonZero(s, 3, 0xffn) },
  );
  return cases;
}

function otherCases(): Case[] {
  const scan = ALL & ~(CF | OF | SF | AF | PF);
  const cases: Case[] = [
    { asm: "bt %ebx,%eax", flags: CF },
    { asm: "bt $35,%rax", flags: CF },
    { asm: "bts %rbx,%rax", flags: CF },
    { asm: "btr $3,%eax", flags: CF },
    { asm: "btc %ebx,%eax", flags: CF },
    { asm: "btc %bx,%ax", flags: CF },
    { asm: "bsf %ebx,%eax", flags: scan },
    { asm: "bsr %rbx,%rax", flags: scan },
    { asm: "bsf %bx,%ax", flags: scan },
    { asm: "tzcnt %ebx,%eax", flags: CF | ZF },
    { asm: "lzcnt %rbx,%rax", flags: CF | ZF },
    { asm: "popcnt %ebx,%eax" },
    { asm: "popcnt %rbx,%rax" },
    { asm: "bswap %eax" },
    { asm: "bswap %rax" },
    { asm: "movzbl %bh,%eax" },
    { asm: "movsbq %bl,%rax" },
    { asm: "movswl %bx,%eax" },
    { asm: "movslq %ebx,%rax" },
    { asm: "movzwq %bx,%rax" },
    { asm: "movsbw %bl,%ax" },
    { asm: "cbtw" },
    { asm: "cwtl" },
    { asm: "cltq" },
    { asm: "cwtd" },
    { asm: "cltd" },
    { asm: "cqto" },
    { asm: "xchg %ebx,%eax" },
    { asm: "xchg %bl,%ah" },
    { asm: "xchg %rbx,%rcx" },
    { asm: "xchg %eax,%eax" },
    { asm: "cmovne %ebx,%eax" },
    { asm: "cmovl %rbx,%rax" },
    { asm: "cmovb %ebx,%eax" },
    { asm: "cmovg %bx,%ax" },
    { asm: "lea 0x10(%rax,%rbx,4),%ecx" },
    { asm: "lea -8(%rax,%rbx,8),%rcx" },
    { asm: "lea (%rax),%cx" },
    { asm: "mov %ebx,%eax" },
    { asm: "mov %bl,%ah" },
    { asm: "mov %bx,%ax" },
    { asm: "movabs $0x123456789abcdef0,%rax" },
    { asm: "mov $-5,%rax" },
    { asm: "mov $-5,%eax" },
    { asm: "xadd %ebx,%eax" },
    { asm: "xadd %rbx,%rax" },
    { asm: "cmpxchg %ebx,%ecx" },
    { asm: "cmpxchg %rbx,%rcx" },
    { asm: "cmpxchg %bl,%cl" },
    { asm: "clc" },
    { asm: "stc" },
    { asm: "cmc" },
    { asm: "lahf" },
    { asm: "sahf" },
  ];
  // Every condition after each way of setting flags.
  for (const setter of [
    "cmp %ebx,%eax", "cmp %rbx,%rax", "cmp %bl,%al", "cmp %bx,%ax", "test %ebx,%eax", "test %rbx,%rax",
    "add %ebx,%eax", "add %rbx,%rax", "adc %ebx,%eax", "sbb %rbx,%rax", "inc %eax", "dec %rax",
    "neg %eax", "shl $1,%eax", "shr $1,%rax", "sar $3,%eax", "and %bl,%al", "sub %bx,%ax",
    "imul %ebx,%eax", "bt $5,%eax", "cmp $-1,%eax", "cmp %eax,%eax",
  ]) {
    cases.push({ asm: `${setter}; ${CONDITIONS_A}`, flags: 0 });
    cases.push({ asm: `${setter}; ${CONDITIONS_B}`, flags: 0 });
  }
  return cases;
}

function vectorCases(): Case[] {
  const cases: Case[] = [];
  for (const op of ["add", "sub", "mul", "div", "min", "max", "sqrt"]) {
    cases.push({ asm: `${op}sd %xmm1,%xmm0` }, { asm: `${op}ss %xmm3,%xmm2` });
  }
  for (const asm of [
    "ucomisd %xmm1,%xmm0", "comisd %xmm0,%xmm1", "ucomiss %xmm3,%xmm2", "comiss %xmm2,%xmm3",
    "cvtsi2sd %eax,%xmm0", "cvtsi2sd %rax,%xmm0", "cvtsi2ss %rax,%xmm1", "cvtsi2ss %ebx,%xmm1",
    "cvttsd2si %xmm0,%eax", "cvttsd2si %xmm0,%rax", "cvtsd2si %xmm0,%eax", "cvtsd2si %xmm1,%rcx",
    "cvttss2si %xmm2,%rax", "cvttss2si %xmm3,%ecx", "cvtss2si %xmm2,%eax", "cvtss2sd %xmm2,%xmm0",
    "cvtsd2ss %xmm0,%xmm3", "movsd %xmm1,%xmm0", "movss %xmm3,%xmm2",
    "pxor %xmm1,%xmm0", "pand %xmm1,%xmm0", "por %xmm1,%xmm0", "pandn %xmm1,%xmm0", "xorps %xmm2,%xmm3",
    "pcmpeqb %xmm1,%xmm0", "pcmpeqw %xmm1,%xmm0", "pcmpeqd %xmm0,%xmm0", "pcmpgtb %xmm1,%xmm0",
    "pcmpgtd %xmm1,%xmm0", "paddb %xmm1,%xmm0", "paddw %xmm1,%xmm0", "paddd %xmm1,%xmm0",
    "paddq %xmm1,%xmm0", "psubb %xmm1,%xmm0", "psubw %xmm1,%xmm0", "psubd %xmm1,%xmm0",
    "psubq %xmm1,%xmm0", "pmuludq %xmm1,%xmm0", "pmovmskb %xmm0,%eax", "pshufd $0x1b,%xmm1,%xmm0",
    "punpckldq %xmm1,%xmm0", "punpcklqdq %xmm1,%xmm0", "punpcklbw %xmm1,%xmm0", "punpcklwd %xmm1,%xmm0",
    "psrldq $3,%xmm0", "pslldq $5,%xmm0", "psllq $7,%xmm0", "psrlq %xmm1,%xmm0", "pslld $5,%xmm0",
    "psrld $31,%xmm0", "psrad $5,%xmm0", "psllw $3,%xmm0", "psrlw $17,%xmm0", "psraw $20,%xmm0",
    "movmskpd %xmm0,%eax", "movmskps %xmm2,%ecx", "movd %xmm0,%eax", "movq %xmm0,%rax",
    "movd %eax,%xmm0", "movq %rax,%xmm0", "movq %xmm1,%xmm0", "movdqa %xmm1,%xmm0",
    "punpckhbw %xmm1,%xmm0", "punpckhwd %xmm1,%xmm0", "punpckhdq %xmm1,%xmm0", "punpckhqdq %xmm1,%xmm0",
    "unpcklpd %xmm1,%xmm0", "unpckhpd %xmm1,%xmm0", "unpcklps %xmm3,%xmm2", "unpckhps %xmm3,%xmm2",
    "packuswb %xmm1,%xmm0", "addpd %xmm1,%xmm0", "subpd %xmm1,%xmm0", "mulpd %xmm1,%xmm0",
    "divpd %xmm1,%xmm0", "addps %xmm3,%xmm2", "subps %xmm3,%xmm2", "mulps %xmm3,%xmm2", "divps %xmm3,%xmm2",
  ]) {
    cases.push({ asm });
  }
  return cases;
}

/** Straight-line sequences whose inner flag results are dead (no-flags fast forms). */
function deadFlagCases(): Case[] {
  return [
    "add %ebx,%eax; sub %ecx,%edx; and $0x7f,%esi; or %ebx,%edi; xor %eax,%r8d; add $5,%r9d; sub $-3,%r10d; and %ecx,%r11d; cmp %eax,%ebx",
    "shl $3,%eax; shr $5,%ebx; sar $7,%ecx; imul $0x41a7,%edx,%edx; add %rbx,%rax; test %edx,%edx",
    "imul $-7,%ebx,%eax; add %ecx,%eax; js 1f; inc %esi; 1: sar $1,%edx",
    "rol $5,%eax; ror $13,%ebx; rol $31,%ecx; xor %eax,%ebx; add %ecx,%ebx",
    "sub $1,%eax; mov %ebx,%edx; and $0xffff,%ebx; sar $0x10,%edx; imul $0x41a7,%edx,%edx; imul $0x41a7,%ebx,%ebx; mov %edx,%ecx; and $0x7fff,%edx; shr $0xf,%ecx; shl $0x10,%edx; add %ebx,%ecx; add %ecx,%edx",
  ].map((asm) => ({ asm }));
}

/** loop/loopcc/jrcxz with a small count in rcx. */
function loopCases(): Case[] {
  // rcx = 0 would loop 2^64 times: counts are 1-5 (0-1 for jrcxz).
  const smallCount = (s: bigint[]) => {
    s[1] = (s[1] % 5n) + 1n;
  };
  return [
    { asm: "1: add %ebx,%eax; loop 1b", fix: smallCount },
    { asm: "1: inc %ebx; cmp %ebx,%eax; loope 1b", fix: smallCount },
    { asm: "1: dec %eax; test $3,%eax; loopne 1b", fix: smallCount },
    { asm: "jrcxz 1f; inc %eax; 1: inc %edx", fix: (s: bigint[]) => { s[1] %= 2n; } },
  ];
}

const CASES: Case[] = [
  ...aluCases(), ...shiftCases(), ...mulDivCases(), ...otherCases(), ...vectorCases(), ...deadFlagCases(),
  ...loopCases(),
];

/** Interesting doubles and singles for the xmm inputs. */
const DOUBLES = [0, -0, 1, -1.5, 2.5, 3.5, 1e300, -1e-310, 2 ** 31, -(2 ** 31) - 0.5, 2 ** 63, 1 / 3, Infinity, -Infinity, NaN];
const SINGLES = [0, -0, 1, -2.5, 0.5, 1.5, 3e38, 1e-40, 2 ** 31, -(2 ** 40), 1 / 3, Infinity, NaN];

/** Deterministic input states: 16 GPRs + RFLAGS per state. */
function inputStates(count: number, seed: number): bigint[][] {
  let x = BigInt(seed) | 1n;
  const next = (): bigint => {
    x ^= (x << 13n) & 0xffffffffffffffffn;
    x ^= x >> 7n;
    x ^= (x << 17n) & 0xffffffffffffffffn;
    return x;
  };
  const edges = [0n, 1n, 0x7fn, 0x80n, 0xffn, 0x7fffn, 0x8000n, 0x7fffffffn, 0x80000000n,
    0xffffffffn, 0x100000000n, 0x7fffffffffffffffn, 0x8000000000000000n, 0xffffffffffffffffn];
  const states: bigint[][] = [];
  for (let s = 0; s < count; s++) {
    const state: bigint[] = [];
    for (let r = 0; r < 16; r++) {
      const pick = next() % 4n;
      const raw = next();
      state.push(pick === 0n ? edges[Number(raw % BigInt(edges.length))] : pick === 1n ? raw & 0xffffffffn : pick === 2n ? raw & 0x3fn : raw);
    }
    state[4] = 0n; // rsp is not an input
    state.push((next() & BigInt(ALL)) | 2n);
    for (let x = 0; x < 4; x++) {
      const kind = next() % 3n;
      const view = new DataView(new ArrayBuffer(16));
      for (let lane = 0; lane < (kind === 0n ? 2 : 4); lane++) {
        const pick = Number(next() % 16n);
        if (kind === 0n) view.setFloat64(lane * 8, pick < DOUBLES.length ? DOUBLES[pick] : Number(next() % 1000n) - 500, true);
        else if (kind === 1n) view.setFloat32(lane * 4, pick < SINGLES.length ? SINGLES[pick] : Number(next() % 1000n) / 7, true);
        else view.setUint32(lane * 4, Number(next() & 0xffffffffn), true);
      }
      state.push(view.getBigUint64(0, true), view.getBigUint64(8, true));
    }
    states.push(state);
  }
  return states;
}

const STATES_PER_CASE = 10;

/** Sets xmm0-3 from 8 qwords (low qword first). */
function setXmm(xmm: Int32Array, qwords: bigint[]): void {
  qwords.forEach((q, i) => {
    xmm[2 * i] = Number(q & 0xffffffffn) | 0;
    xmm[2 * i + 1] = Number(q >> 32n) | 0;
  });
}

function getXmm(xmm: Int32Array): bigint[] {
  return Array.from({ length: 8 }, (_, i) => (BigInt(xmm[2 * i + 1] >>> 0) << 32n) | BigInt(xmm[2 * i] >>> 0));
}

function harnessSources(states: bigint[][][]): { asm: string; c: string } {
  const loads = GPR_NAMES.map((name, i) => (i === 4 || i === 7 ? "" : `  mov ${i * 8}(%rdi),%${name}\n`)).join("");
  const stores = GPR_NAMES.map((name, i) => (i === 4 || i === 7 ? "" : `  mov %${name},${i * 8}(%rdi)\n`)).join("");
  let asm = ".text\n";
  CASES.forEach((c, n) => {
    asm += `.globl case_${n}\ncase_${n}:\n  push %rbx\n  push %rbp\n  push %r12\n  push %r13\n  push %r14\n  push %r15\n`;
    asm += `  mov %rdi,state_ptr(%rip)\n  pushq 128(%rdi)\n  popfq\n${loads}`;
    asm += `  movdqu 136(%rdi),%xmm0\n  movdqu 152(%rdi),%xmm1\n  movdqu 168(%rdi),%xmm2\n  movdqu 184(%rdi),%xmm3\n`;
    asm += `  mov 56(%rdi),%rdi\n`;
    asm += `.globl case_${n}_start\ncase_${n}_start:\n  ${c.asm.split(";").join("\n  ")}\n.globl case_${n}_end\ncase_${n}_end:\n`;
    asm += `  pushfq\n  push %rdi\n  mov state_ptr(%rip),%rdi\n  popq 56(%rdi)\n  popq 128(%rdi)\n${stores}`;
    asm += `  movdqu %xmm0,136(%rdi)\n  movdqu %xmm1,152(%rdi)\n  movdqu %xmm2,168(%rdi)\n  movdqu %xmm3,184(%rdi)\n`;
    asm += `  pop %r15\n  pop %r14\n  pop %r13\n  pop %r12\n  pop %rbp\n  pop %rbx\n  ret\n`;
  });
  asm += ".data\nstate_ptr: .quad 0\n";

  let c = "#include <stdio.h>\n#include <stdint.h>\n";
  c += CASES.map((_, n) => `void case_${n}(uint64_t*); extern unsigned char case_${n}_start[], case_${n}_end[];`).join("\n");
  c += `\nstatic void (*fns[])(uint64_t*) = {${CASES.map((_, n) => `case_${n}`).join(",")}};\n`;
  c += `static unsigned char *starts[] = {${CASES.map((_, n) => `case_${n}_start`).join(",")}};\n`;
  c += `static unsigned char *ends[] = {${CASES.map((_, n) => `case_${n}_end`).join(",")}};\n`;
  const flat = states.flat().map((s) => `{${s.map((v) => `0x${v.toString(16)}ULL`).join(",")}}`);
  c += `static uint64_t states[][25] = {${flat.join(",\n")}};\n`;
  c += `int main(void) {\n  for (int n = 0; n < ${CASES.length}; n++) {\n`;
  c += `    for (unsigned char *p = starts[n]; p < ends[n]; p++) printf("%02x", *p);\n    printf("\\n");\n`;
  c += `    for (int s = 0; s < ${STATES_PER_CASE}; s++) {\n      uint64_t st[25];\n`;
  c += `      for (int i = 0; i < 25; i++) st[i] = states[n * ${STATES_PER_CASE} + s][i];\n`;
  c += `      fns[n](st);\n      for (int i = 0; i < 25; i++) printf("%llx ", (unsigned long long)st[i]);\n      printf("\\n");\n    }\n  }\n  return 0;\n}\n`;
  return { asm, c };
}

function hasGcc(): boolean {
  return arch() === "x64" && spawnSync("gcc", ["--version"]).status === 0;
}

const gccMissing = !hasGcc();

describe.skipIf(gccMissing)("cpu matches the host CPU", () => {
  if (gccMissing) return;
  const states = CASES.map((c, n) => {
    const list = inputStates(STATES_PER_CASE, 0x9e3779b9 + n * 7919);
    if (c.fix) for (const s of list) c.fix(s);
    return list;
  });
  const dir = mkdtempSync(join(tmpdir(), "zerovm-ts-cpu-diff-"));
  let output: string[];
  try {
    const { asm, c } = harnessSources(states);
    writeFileSync(join(dir, "cases.S"), asm);
    writeFileSync(join(dir, "main.c"), c);
    execFileSync("gcc", ["-O0", "-o", join(dir, "harness"), join(dir, "main.c"), join(dir, "cases.S")]);
    output = execFileSync(join(dir, "harness"), { maxBuffer: 64 << 20, timeout: 60_000 })
      .toString()
      .trim()
      .split("\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const guest = new TestGuest();
  CASES.forEach((c, n) => {
    it(`${c.asm}`, () => {
      const block = output.slice(n * (STATES_PER_CASE + 1), (n + 1) * (STATES_PER_CASE + 1));
      const bytes = block[0].match(/../g)!.map((h) => parseInt(h, 16));
      // CPU_DIFF_ALL_FLAGS=1 also compares flags documented as undefined (exploration).
      const mask = process.env.CPU_DIFF_ALL_FLAGS ? ALL : c.flags ?? ALL;
      for (let s = 0; s < STATES_PER_CASE; s++) {
        const input = states[n][s];
        const expected = block[s + 1].trim().split(" ").map((h) => BigInt(`0x${h}`));
        guest.load(bytes);
        const cpu = guest.cpu;
        GPR_NAMES.forEach((name, i) => {
          if (i !== 4) setReg(cpu, name, input[i]);
        });
        cpu.setRflags(Number(input[16]));
        setXmm(cpu.xmm, input.slice(17, 25));
        guest.runToEnd(bytes.length);
        const actual = GPR_NAMES.map((name, i) => (i === 4 ? 0n : getReg(cpu, name)));
        const want = expected.slice(0, 16).map((v, i) => (i === 4 ? 0n : v));
        const describeState = `input ${input.map((v) => v.toString(16)).join(" ")}`;
        expect(actual.map((v) => v.toString(16)), describeState).toEqual(want.map((v) => v.toString(16)));
        expect((cpu.getRflags() & mask).toString(16), `flags, ${describeState}`).toBe(
          (Number(expected[16]) & mask).toString(16),
        );
        expect(getXmm(cpu.xmm).map((v) => v.toString(16)), `xmm0-3, ${describeState}`).toEqual(
          expected.slice(17, 25).map((v) => v.toString(16)),
        );
      }
    });
  });
});

describe.runIf(gccMissing)("cpu matches the host CPU", () => {
  it.skip("needs gcc on an x86-64 host to build the native harness", () => {});
});


