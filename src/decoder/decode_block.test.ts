/**
 * decodeBlock turns guest code into the records the CPU executes: operands
 * copied out of iced-x86, fast forms, fused compare+branch, followed jumps,
 * dropped nops, dead-flag twins, and fault records for code that cannot run.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { decodeBlock, decodeRange } from "./decode_block.js";
import { NO_REG_SLOT, Op } from "./insn.js";
import { GuestMemory, PROT_EXEC, PROT_READ, SANDBOX_BASE_HI } from "../memory/guest_memory.js";

const CODE = 0x20000;
let memory: GuestMemory;

beforeEach(() => {
  memory ??= new GuestMemory();
  memory.pageProt.fill(0);
  memory.u8.fill(0xf4, CODE, CODE + 0x2000);
  memory.protect(CODE, CODE + 0x1000, PROT_READ | PROT_EXEC);
});

function code(hex: string, at = CODE): void {
  memory.u8.set(hex.split(" ").map((b) => parseInt(b, 16)), at);
}

describe("decodeBlock", () => {
  it("copies register and memory operands into a fast-form record", () => {
    code("41 8b 5c 87 10"); // mov 0x10(%r15,%rax,4),%ebx
    const [insn] = decodeBlock(memory, CODE).insns;
    expect(insn.op).toBe(Op.MovRM32);
    expect([insn.r0, insn.base, insn.index, insn.scale, insn.dispLo, insn.size]).toEqual([6, 30, 0, 4, 0x10, 4]);
    expect([insn.guestAddress, insn.nextAddress]).toEqual([CODE, CODE + 5]);
  });

  it("resolves rip-relative operands to host addresses", () => {
    code("8b 05 08 00 00 00"); // mov 0x8(%rip),%eax
    const [insn] = decodeBlock(memory, CODE).insns;
    expect([insn.base, insn.index, insn.dispHi, insn.dispLo]).toEqual([NO_REG_SLOT, NO_REG_SLOT, SANDBOX_BASE_HI, CODE + 14]);
  });

  it("drops nops but counts them", () => {
    code("90 66 90 0f 1f 00 31 c0"); // nop; xchg %ax,%ax; nopl (%rax); xor %eax,%eax
    const block = decodeBlock(memory, CODE);
    expect(block.insns.map((i) => i.guestAddress)).toEqual([CODE + 6, CODE + 8]);
    expect(block.count).toBeGreaterThanOrEqual(5);
    expect(block.insns[0].countBefore).toBe(3);
  });

  it("follows a direct jump into the sandbox", () => {
    code("eb 1e"); // jmp +0x20
    code("31 c0 f4", CODE + 0x20); // xor %eax,%eax; hlt
    const block = decodeBlock(memory, CODE);
    expect(block.insns.map((i) => i.op)).toEqual([Op.XorRR32, Op.Hlt]);
    expect(block.ranges).toEqual([CODE, CODE + 2, CODE + 0x20, CODE + 0x23]);
    expect(block.count).toBe(3);
  });

  it("fuses a compare with the jcc that follows it", () => {
    code("39 c8 75 02"); // cmp %ecx,%eax; jne +2
    const block = decodeBlock(memory, CODE);
    expect(block.insns).toHaveLength(1);
    const [fused] = block.insns;
    expect([fused.op, fused.cc, fused.targetLo, fused.targetHi]).toEqual([Op.CmpRRJcc, 5, CODE + 6, SANDBOX_BASE_HI]);
    expect(block.endAddress).toBe(CODE + 4);
  });

  it("drops flag bookkeeping that is overwritten before any read", () => {
    code("01 d8 01 d1 c3"); // add %ebx,%eax; add %edx,%ecx; ret
    const ops = decodeBlock(memory, CODE).insns.map((i) => i.op);
    expect(ops).toEqual([Op.AddRR32NF, Op.AddRR32, Op.Ret]);
  });

  it("keeps flags that a later instruction reads", () => {
    code("01 d8 0f 94 c1 01 d1 c3"); // add; sete %cl; add; ret
    const ops = decodeBlock(memory, CODE).insns.map((i) => i.op);
    expect(ops).toEqual([Op.AddRR32, Op.Setcc, Op.AddRR32, Op.Ret]);
  });

  it("records a fetch fault for a block in a page without PROT_EXEC", () => {
    const [insn] = decodeBlock(memory, CODE + 0x1000).insns;
    expect([insn.op, insn.guestAddress]).toEqual([Op.FetchFault, CODE + 0x1000]);
  });

  it("records a fetch fault for an instruction cut by a page without PROT_EXEC", () => {
    code("31 c0 b8 01", CODE + 0xffc); // xor; mov $imm32 whose bytes run into the next page
    const insns = decodeBlock(memory, CODE + 0xffc).insns;
    expect(insns.map((i) => [i.op, i.guestAddress])).toEqual([
      [Op.XorRR32, CODE + 0xffc],
      [Op.FetchFault, CODE + 0xffe],
    ]);
  });

  it("records invalid bytes as an illegal instruction", () => {
    code("90 0f 04");
    expect(decodeBlock(memory, CODE).insns.map((i) => i.op)).toEqual([Op.Illegal]);
  });

  it("names unimplemented instructions with their Code and GNU text", () => {
    code("0f a2"); // cpuid
    const [insn] = decodeBlock(memory, CODE).insns;
    expect([insn.op, insn.codeName, insn.text]).toEqual([Op.Unimplemented, "Cpuid", "cpuid"]);
  });

  it("separates scalar movsd from the string movsd", () => {
    code("f2 0f 10 c1 a5"); // movsd %xmm1,%xmm0; movsl
    expect(decodeBlock(memory, CODE).insns.map((i) => i.op).slice(0, 2)).toEqual([Op.MovScalar, Op.Movs]);
  });
});

describe("decodeRange", () => {
  it("lists every instruction in order, nops included, without following jumps", () => {
    code("90 eb 00 31 c0");
    const insns = decodeRange(memory, CODE, CODE + 5);
    expect(insns.map((i) => i.op)).toEqual([Op.Nop, Op.Jmp, Op.XorRR32]);
  });
});
