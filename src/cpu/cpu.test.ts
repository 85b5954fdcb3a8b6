/**
 * Table-driven instruction tests: machine code in, registers, flags and
 * memory out, with hand-computed expectations. Register-only arithmetic is
 * covered more broadly by cpu_differential.test.ts against the host CPU;
 * these tests cover memory, the stack, control flow, string instructions,
 * vector state and the guest faults.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  CODE_START,
  DATA_START,
  R15,
  READ_ONLY_START,
  STACK_TOP,
  TestGuest,
  getReg,
  hexBytes,
  setReg,
} from "./testing/cpu_harness.js";
import type { GprName } from "./testing/cpu_harness.js";
import { SANDBOX_BASE_HI } from "../memory/guest_memory.js";

let guest: TestGuest;
beforeAll(() => {
  guest = new TestGuest();
});

/** Loads `hex`, applies register values, runs to the trailing hlt. */
function run(hex: string, regs: Partial<Record<GprName, bigint>> = {}): void {
  const bytes = hexBytes(hex);
  guest.load(bytes);
  for (const [name, value] of Object.entries(regs)) setReg(guest.cpu, name as GprName, value);
  guest.runToEnd(bytes.length);
}

/** Loads `hex` and returns the stop reason of one run. */
function stopOf(hex: string, regs: Partial<Record<GprName, bigint>> = {}, setup?: () => void): unknown {
  guest.load(hexBytes(hex));
  for (const [name, value] of Object.entries(regs)) setReg(guest.cpu, name as GprName, value);
  setup?.();
  return guest.run();
}

const reg = (name: GprName): bigint => getReg(guest.cpu, name);
const u32 = (address: number): number => guest.memory.view.getUint32(address, true);
const u8 = (address: number): number => guest.memory.u8[address];
const fault = (signal: number, guestAddress: number) => ({
  kind: "fault",
  signal,
  ripHi: SANDBOX_BASE_HI,
  ripLo: guestAddress | 0,
});

describe("memory operands", () => {
  it("mov %ebx,0x10(%r15,%rax,4) stores at guest rax*4+0x10", () => {
    const bytes = hexBytes("41 89 5c 87 10");
    guest.load(bytes);
    setReg(guest.cpu, "rax", BigInt(DATA_START / 4));
    setReg(guest.cpu, "rbx", 0xdeadbeefn);
    guest.runToEnd(bytes.length);
    expect(u32(DATA_START + 0x10)).toBe(0xdeadbeef);
  });

  it("loads sign- and zero-extend and 32-bit loads clear the high half", () => {
    const bytes = hexBytes("41 c6 04 07 80 49 0f be 0c 07 41 0f b7 14 07 41 8b 1c 07");
    // movb $0x80,(%r15,%rax); movsbq (..),%rcx; movzwl (..),%edx; mov (..),%ebx
    guest.load(bytes);
    setReg(guest.cpu, "rax", BigInt(DATA_START));
    setReg(guest.cpu, "rbx", -1n);
    guest.runToEnd(bytes.length);
    expect(reg("rcx")).toBe(0xffffffffffffff80n);
    expect(reg("rdx")).toBe(0x80n);
    expect(reg("rbx")).toBe(0x80n);
  });

  it("64-bit store of a sign-extended immediate writes 8 bytes", () => {
    run("49 c7 04 07 fe ff ff ff", { rax: BigInt(DATA_START) });
    expect(u32(DATA_START)).toBe(0xfffffffe);
    expect(u32(DATA_START + 4)).toBe(0xffffffff);
  });

  it("a high-byte register stores its own byte", () => {
    run("88 67 01", { rax: 0x1234n, rdi: R15 + BigInt(DATA_START) }); // mov %ah,1(%rdi)
    expect(u8(DATA_START + 1)).toBe(0x12);
  });

  it("add to memory reads, adds and writes back with flags", () => {
    guest.load([]);
    guest.memory.view.setUint32(DATA_START, 0xfffffffe, true);
    const bytes = hexBytes("41 83 04 07 05"); // addl $5,(%r15,%rax)
    guest.memory.u8.set(bytes, CODE_START);
    guest.cpu.invalidate(CODE_START, CODE_START + 0x1000);
    setReg(guest.cpu, "rax", BigInt(DATA_START));
    guest.runToEnd(bytes.length);
    expect(u32(DATA_START)).toBe(3);
    expect(guest.cpu.getRflags() & 0x8d5).toBe(0x1 | 0x4 | 0x10); // CF, PF (3 = 2 bits), AF
  });

  it("rip-relative operands address the instruction's own page", () => {
    // mov 0x8(%rip),%eax reads the 4 bytes 8 past the next instruction.
    const bytes = hexBytes("8b 05 08 00 00 00");
    guest.load(bytes);
    guest.memory.view.setUint32(CODE_START + 6 + 8, 0x11223344, true);
    guest.runToEnd(bytes.length);
    expect(reg("rax")).toBe(0x11223344n);
  });

  it("lea computes without touching memory, 32-bit forms truncate", () => {
    run("49 8d 04 07 8d 0c 03", { rax: 0xffffff00n, rbx: 0x200n }); // lea (%r15,%rax),%rax; lea (%rbx,%rax),%ecx
    expect(reg("rax")).toBe(R15 + 0xffffff00n);
    expect(reg("rcx")).toBe(0x100n);
  });
});

describe("faults", () => {
  it("hlt faults with SIGSEGV at its own address", () => {
    expect(stopOf("90 f4")).toEqual(fault(11, CODE_START + 1));
  });

  it("ud2 is SIGILL and bytes that do not decode are SIGILL", () => {
    expect(stopOf("0f 0b")).toEqual(fault(4, CODE_START));
    expect(stopOf("90 0f 04")).toEqual(fault(4, CODE_START + 1));
  });

  it("int3 is SIGTRAP", () => {
    expect(stopOf("cc")).toEqual(fault(5, CODE_START));
  });

  it("div by zero and quotient overflow are SIGFPE", () => {
    expect(stopOf("f7 f1", { rax: 1n, rcx: 0n })).toEqual(fault(8, CODE_START));
    expect(stopOf("f7 f1", { rax: 0n, rdx: 1n, rcx: 1n })).toEqual(fault(8, CODE_START));
    expect(stopOf("f7 f9", { rax: 0x80000000n, rdx: 0xffffffffn, rcx: 0xffffffffn })).toEqual(fault(8, CODE_START));
  });

  it("a load from a page without access is SIGSEGV", () => {
    expect(stopOf("41 8b 0c 07", { rax: 0x32000n })).toEqual(fault(11, CODE_START));
  });

  it("a store to a read-only page is SIGSEGV and leaves memory alone", () => {
    expect(stopOf("41 c7 04 07 01 00 00 00", { rax: BigInt(READ_ONLY_START) })).toEqual(fault(11, CODE_START));
    expect(u32(READ_ONLY_START)).toBe(0);
  });

  it("an access crossing into a page without access faults", () => {
    // Read-only page 0x31000 is followed by the unmapped 0x32000.
    expect(stopOf("41 8b 0c 07", { rax: 0x31ffen })).toEqual(fault(11, CODE_START));
    run("41 8b 0c 07", { rax: 0x31ffcn });
  });

  it("an address outside the sandbox (32-bit register as base) is SIGSEGV", () => {
    expect(stopOf("8b 00", { rax: 0x30000n })).toEqual(fault(11, CODE_START));
  });

  it("a jump outside the sandbox faults at the target", () => {
    expect(stopOf("ff e0", { rax: 0x30000n })).toEqual({ kind: "fault", signal: 11, ripHi: 0, ripLo: 0x30000 });
  });

  it("a jump to a page without PROT_EXEC faults at the target", () => {
    expect(stopOf("ff e0", { rax: R15 + BigInt(DATA_START) })).toEqual(fault(11, DATA_START));
  });

  it("a faulting push leaves rsp unchanged", () => {
    const stop = stopOf("53", { rsp: R15 + 0xfffff000n - 0x1000n });
    expect(stop).toEqual(fault(11, CODE_START));
    expect(reg("rsp")).toBe(R15 + 0xffffe000n);
  });
});

describe("unimplemented instructions", () => {
  it("stop the run naming the instruction and its guest address", () => {
    expect(stopOf("90 0f a2")).toEqual({
      kind: "unimplemented",
      code: "Cpuid",
      text: "cpuid",
      guestAddress: CODE_START + 1,
    });
  });

  it("include segment-prefixed memory operands", () => {
    const stop = stopOf("64 8b 00") as { kind: string; code: string };
    expect(stop.kind).toBe("unimplemented");
    expect(stop.code).toBe("Mov_r32_rm32");
  });
});

describe("stack and control flow", () => {
  it("push and pop move rsp by 8 and keep 64-bit values", () => {
    run("50 5b 6a fd 59", { rax: 0x1122334455667788n }); // push rax; pop rbx; push $-3; pop rcx
    expect(reg("rbx")).toBe(0x1122334455667788n);
    expect(reg("rcx")).toBe(0xfffffffffffffffdn);
    expect(reg("rsp")).toBe(R15 + BigInt(STACK_TOP));
  });

  it("push and pop memory operands", () => {
    guest.load([]);
    run("41 ff 34 07 41 8f 44 07 08", { rax: BigInt(DATA_START) }); // push (%r15,%rax); pop 8(%r15,%rax)
    expect(reg("rsp")).toBe(R15 + BigInt(STACK_TOP));
  });

  it("call pushes the host return address and ret returns to it", () => {
    // call +5 (to the add); add $8,%rsp would drop it, so instead: call; (target) pop %rbx
    run("e8 00 00 00 00 5b");
    expect(reg("rbx")).toBe(R15 + BigInt(CODE_START + 5));
  });

  it("ret imm16 pops the return address then releases the arguments", () => {
    // call +3 -> ret $16 at +8; the return lands on the hlt after "ret".
    const bytes = hexBytes("e8 03 00 00 00 f4 f4 f4 c2 10 00");
    guest.load(bytes);
    const stop = guest.run();
    expect(stop).toEqual(fault(11, CODE_START + 5));
    expect(reg("rsp")).toBe(R15 + BigInt(STACK_TOP) + 16n);
  });

  it("the NaCl indirect call sequence reaches the thunk after pushing", () => {
    // mov $0x10000,%eax; and $-32,%eax; add %r15,%rax; call *%rax, with the
    // trampoline code at 0x10000 made executable for the test.
    guest.load(hexBytes("b8 00 00 01 00 83 e0 e0 4c 01 f8 ff d0"));
    guest.memory.protect(0x10000, 0x11000, 5);
    guest.memory.u8.set(hexBytes("48 b8 00 00 11 ca fe 5a 00 00 ff d0 f4"), 0x10000);
    guest.cpu.invalidate(0x10000, 0x11000);
    expect(guest.run()).toEqual({ kind: "thunk" });
    const sp = Number(reg("rsp") - R15);
    expect(sp).toBe(STACK_TOP - 16);
    expect(guest.memory.view.getUint32(sp, true)).toBe(0x1000c);
    expect(guest.memory.view.getUint32(sp + 4, true)).toBe(SANDBOX_BASE_HI);
    expect(guest.memory.view.getUint32(sp + 8, true)).toBe(CODE_START + 13);
    guest.memory.protect(0x10000, 0x11000, 0);
  });

  it("conditional branches follow the flags of the last compare", () => {
    // cmp %ecx,%eax; jne +2; inc %ebx (skipped when unequal); inc %edx
    const code = "39 c8 75 02 ff c3 ff c2";
    run(code, { rax: 1n, rcx: 2n });
    expect([reg("rbx"), reg("rdx")]).toEqual([0n, 1n]);
    run(code, { rax: 2n, rcx: 2n });
    expect([reg("rbx"), reg("rdx")]).toEqual([1n, 1n]);
  });

  it("leave restores rsp from rbp and pops rbp", () => {
    guest.load([]);
    const frame = R15 + BigInt(STACK_TOP - 64);
    guest.memory.view.setUint32(STACK_TOP - 64, 0xabcdef, true);
    const bytes = hexBytes("c9");
    guest.memory.u8.set(bytes, CODE_START);
    guest.cpu.invalidate(CODE_START, CODE_START + 0x1000);
    setReg(guest.cpu, "rbp", frame);
    guest.runToEnd(1);
    expect(reg("rsp")).toBe(frame + 8n);
    expect(reg("rbp")).toBe(0xabcdefn);
  });

  it("pushfq and popfq carry the arithmetic flags and DF", () => {
    run("f9 fd 9c f8 fc 9d"); // stc; std; pushfq; clc; cld; popfq
    expect(guest.cpu.getRflags() & 0x401).toBe(0x401);
  });
});

describe("string instructions", () => {
  const lea = "49 8d bf 00 00 03 00 49 8d b7 00 01 03 00"; // rdi = 0x30000, rsi = 0x30100 (host)

  function fillSource(): void {
    for (let i = 0; i < 64; i++) guest.memory.u8[DATA_START + 0x100 + i] = i + 1;
  }

  it("rep movsb copies rcx bytes forward and advances rsi, rdi", () => {
    const bytes = hexBytes(`${lea} b9 05 00 00 00 f3 a4`);
    guest.load(bytes);
    fillSource();
    guest.runToEnd(bytes.length);
    expect(Array.from(guest.memory.u8.subarray(DATA_START, DATA_START + 6))).toEqual([1, 2, 3, 4, 5, 0]);
    expect(reg("rcx")).toBe(0n);
    expect(reg("rdi")).toBe(R15 + BigInt(DATA_START + 5));
    expect(reg("rsi")).toBe(R15 + BigInt(DATA_START + 0x105));
  });

  it("rep with rcx = 0 does nothing", () => {
    const bytes = hexBytes(`${lea} 31 c9 f3 48 a5`);
    guest.load(bytes);
    fillSource();
    guest.runToEnd(bytes.length);
    expect(u32(DATA_START)).toBe(0);
    expect(reg("rdi")).toBe(R15 + BigInt(DATA_START));
  });

  it("rep movsq with DF = 1 copies backwards", () => {
    // rdi = 0x30008, rsi = 0x30108, rcx = 2, std, rep movsq
    const bytes = hexBytes("49 8d bf 08 00 03 00 49 8d b7 08 01 03 00 b9 02 00 00 00 fd f3 48 a5");
    guest.load(bytes);
    fillSource();
    guest.runToEnd(bytes.length);
    expect(Array.from(guest.memory.u8.subarray(DATA_START, DATA_START + 16))).toEqual(
      Array.from({ length: 16 }, (_, i) => i + 1),
    );
    expect(reg("rdi")).toBe(R15 + BigInt(DATA_START - 8));
  });

  it("overlapping forward rep movsb replicates the pattern like hardware", () => {
    // rsi = 0x30100, rdi = 0x30101, rcx = 4: each byte copies the previous one.
    const bytes = hexBytes("49 8d bf 01 01 03 00 49 8d b7 00 01 03 00 b9 04 00 00 00 f3 a4");
    guest.load(bytes);
    fillSource();
    guest.runToEnd(bytes.length);
    expect(Array.from(guest.memory.u8.subarray(DATA_START + 0x100, DATA_START + 0x106))).toEqual([1, 1, 1, 1, 1, 6]);
  });

  it("rep stosl fills with eax", () => {
    const bytes = hexBytes(`${lea} b9 03 00 00 00 b8 44 33 22 11 f3 ab`);
    run(bytes.map((b) => b.toString(16)).join(" "));
    expect([u32(DATA_START), u32(DATA_START + 8), u32(DATA_START + 12)]).toEqual([0x11223344, 0x11223344, 0]);
  });

  it("rep movs faults at the element that crosses into a read-only page", () => {
    // rdi = 0x30ffe (2 bytes before the read-only page), rcx = 4.
    const bytes = hexBytes("49 8d bf fe 0f 03 00 49 8d b7 00 01 03 00 b9 04 00 00 00 f3 a4");
    guest.load(bytes);
    fillSource();
    expect(guest.run()).toEqual(fault(11, CODE_START + 19));
    expect(reg("rcx")).toBe(2n);
    expect(u8(DATA_START + 0xffe)).toBe(1);
    expect(reg("rdi")).toBe(R15 + BigInt(READ_ONLY_START));
  });

  it("repe cmpsb stops at the first difference", () => {
    const bytes = hexBytes(`${lea} b9 08 00 00 00 f3 a6`);
    guest.load(bytes);
    fillSource();
    guest.memory.u8.set([1, 2, 9], DATA_START);
    guest.runToEnd(bytes.length);
    expect(reg("rcx")).toBe(5n);
    expect(guest.cpu.getRflags() & 0x40).toBe(0); // ZF clear: stopped on a mismatch
  });

  it("repne scasb finds al", () => {
    const bytes = hexBytes(`${lea} b9 10 00 00 00 b0 03 f2 ae`);
    guest.load(bytes);
    guest.memory.u8.set([1, 2, 3, 4], DATA_START);
    guest.runToEnd(bytes.length);
    expect(reg("rdi")).toBe(R15 + BigInt(DATA_START + 3));
    expect(reg("rcx")).toBe(13n);
  });

  it("lodsl loads eax and zero-extends", () => {
    const bytes = hexBytes(`${lea} 48 c7 c0 ff ff ff ff ad`);
    guest.load(bytes);
    fillSource();
    guest.runToEnd(bytes.length);
    expect(reg("rax")).toBe(0x04030201n);
  });
});

describe("vector and control-word state", () => {
  it("movdqu loads and stores 16 bytes; pxor clears; pcmpeqd sets all ones", () => {
    const bytes = hexBytes(
      "f3 41 0f 6f 0c 07 66 0f 6f d1 f3 41 0f 7f 54 07 10 66 0f ef c9 66 0f 76 c0 66 0f d7 d8",
    ); // movdqu (..),%xmm1; movdqa %xmm1,%xmm2; movdqu %xmm2,0x10(..); pxor; pcmpeqd; pmovmskb %xmm0,%ebx
    guest.load(bytes);
    for (let i = 0; i < 16; i++) guest.memory.u8[DATA_START + i] = 0xa0 + i;
    setReg(guest.cpu, "rax", BigInt(DATA_START));
    guest.runToEnd(bytes.length);
    expect(Array.from(guest.memory.u8.subarray(DATA_START + 16, DATA_START + 32))).toEqual(
      Array.from({ length: 16 }, (_, i) => 0xa0 + i),
    );
    expect(Array.from(guest.cpu.xmm.subarray(4, 8))).toEqual([0, 0, 0, 0]);
    expect(Array.from(guest.cpu.xmm.subarray(0, 4))).toEqual([-1, -1, -1, -1]);
    expect(reg("rbx")).toBe(0xffffn);
  });

  it("movdqa from a misaligned address faults", () => {
    expect(stopOf("66 41 0f 6f 0c 07", { rax: BigInt(DATA_START + 8) })).toEqual(fault(11, CODE_START));
  });

  it("movd and movq move between GPRs and xmm, zeroing upper lanes", () => {
    run("66 0f 6e d8 66 0f 7e d9 66 48 0f 6e e0 66 48 0f 7e e2", { rax: 0x1122334455667788n });
    expect(reg("rcx")).toBe(0x55667788n);
    expect(reg("rdx")).toBe(0x1122334455667788n);
    expect(Array.from(guest.cpu.xmm.subarray(12, 16))).toEqual([0x55667788, 0, 0, 0]);
  });

  it("pshufd reverses lanes with 0x1b", () => {
    const bytes = hexBytes("f3 41 0f 6f 0c 07 66 0f 70 d1 1b");
    guest.load(bytes);
    guest.memory.view.setUint32(DATA_START, 1, true);
    guest.memory.view.setUint32(DATA_START + 4, 2, true);
    guest.memory.view.setUint32(DATA_START + 8, 3, true);
    guest.memory.view.setUint32(DATA_START + 12, 4, true);
    setReg(guest.cpu, "rax", BigInt(DATA_START));
    guest.runToEnd(bytes.length);
    expect(Array.from(guest.cpu.xmm.subarray(8, 12))).toEqual([4, 3, 2, 1]);
  });

  it("stmxcsr/ldmxcsr and fnstcw/fldcw/fninit round-trip", () => {
    // stmxcsr (..); fnstcw 4(..); fldcw 8(..) (0x027f); fninit
    const bytes = hexBytes("41 0f ae 1c 07 41 d9 7c 07 04 41 d9 6c 07 08");
    guest.load(bytes);
    guest.memory.view.setUint16(DATA_START + 8, 0x027f, true);
    setReg(guest.cpu, "rax", BigInt(DATA_START));
    guest.runToEnd(bytes.length);
    expect(u32(DATA_START)).toBe(0x1f80);
    expect(guest.memory.view.getUint16(DATA_START + 4, true)).toBe(0x037f);
    expect(guest.cpu.fpuControlWord).toBe(0x027f);
    run("db e3");
    expect(guest.cpu.fpuControlWord).toBe(0x037f);
  });

  it("ldmxcsr with reserved bits set faults", () => {
    guest.load(hexBytes("41 0f ae 14 07"));
    guest.memory.view.setUint32(DATA_START, 0x10000, true);
    setReg(guest.cpu, "rax", BigInt(DATA_START));
    expect(guest.run()).toEqual(fault(11, CODE_START));
  });

  it("resetVectorState zeroes xmm and resets the FPU control word but keeps MXCSR", () => {
    guest.cpu.xmm.fill(7);
    guest.cpu.fpuControlWord = 0x27f;
    guest.cpu.mxcsr = 0x1fa0;
    guest.cpu.resetVectorState();
    expect(guest.cpu.xmm.every((v) => v === 0)).toBe(true);
    expect(guest.cpu.fpuControlWord).toBe(0x37f);
    expect(guest.cpu.mxcsr).toBe(0x1fa0);
    guest.cpu.mxcsr = 0x1f80;
  });
});

describe("dispatcher", () => {
  it("counts nops and followed jumps as instructions", () => {
    guest.load(hexBytes("90 66 90 eb 00 2e 66 0f 1f 84 00 00 00 00 00"));
    const before = guest.cpu.instructionCount;
    expect(guest.run()).toEqual(fault(11, CODE_START + 15));
    expect(guest.cpu.instructionCount - before).toBe(4);
  });

  it("stops for the budget at a block boundary and resumes", () => {
    // loop: inc %eax; jmp loop
    guest.load(hexBytes("ff c0 eb fc"));
    expect(guest.cpu.run(1000)).toEqual({ kind: "budget" });
    const count = Number(reg("rax"));
    expect(count).toBeGreaterThanOrEqual(500);
    expect(guest.cpu.run(1000)).toEqual({ kind: "budget" });
    expect(Number(reg("rax"))).toBeGreaterThan(count);
  });

  it("invalidate makes new code visible", () => {
    guest.load(hexBytes("b8 01 00 00 00"));
    guest.runToEnd(5);
    guest.memory.u8.set(hexBytes("b8 02 00 00 00"), CODE_START);
    guest.cpu.rip = CODE_START;
    guest.cpu.invalidate(CODE_START + 1, CODE_START + 2);
    guest.runToEnd(5);
    expect(reg("rax")).toBe(2n);
  });

  it("getRflags materialises lazy flags and setRflags restores them", () => {
    run("39 c8", { rax: 1n, rcx: 2n }); // cmp: 1 - 2 borrows
    expect(guest.cpu.getRflags()).toBe(0x202 | 0x1 | 0x4 | 0x10 | 0x80);
    guest.cpu.setRflags(0x246);
    expect(guest.cpu.getRflags()).toBe(0x246);
  });
});

describe("known differences, pinned as they are today (src/cpu/README.md)", () => {
  it("div leaves the arithmetic flags unchanged (AMD changes them)", () => {
    guest.load([]);
    const bytes = hexBytes("f9 f7 f1"); // stc; div %ecx
    guest.memory.u8.set(bytes, CODE_START);
    guest.cpu.invalidate(CODE_START, CODE_START + 0x1000);
    setReg(guest.cpu, "rax", 7n);
    setReg(guest.cpu, "rcx", 2n);
    guest.runToEnd(bytes.length);
    expect(reg("rax")).toBe(3n);
    expect(guest.cpu.getRflags() & 0x8d5).toBe(0x1);
  });

  it("x87 arithmetic is unimplemented", () => {
    const stop = stopOf("d8 c1") as { kind: string; code: string }; // fadd %st(1),%st
    expect([stop.kind, stop.code]).toEqual(["unimplemented", "Fadd_st0_sti"]);
  });

  it("floating point never raises MXCSR exception flags", () => {
    // pxor %xmm1,%xmm1; divsd %xmm1,%xmm0 (1/0 would set ZE natively); stmxcsr (%r15,%rax)
    const bytes = hexBytes("66 0f ef c9 f2 0f 5e c1 41 0f ae 1c 07");
    guest.load(bytes);
    guest.cpu.xmmF64[0] = 1;
    setReg(guest.cpu, "rax", BigInt(DATA_START));
    guest.runToEnd(bytes.length);
    expect(guest.cpu.xmmF64[0]).toBe(Infinity);
    expect(u32(DATA_START)).toBe(0x1f80);
  });
});
