import { describe, expect, it } from "vitest";
import { rewriteAssembly, RewriteError } from "./rewriter.js";

/** The rewritten instructions and directives, without the file preamble. */
function body(asm: string): string[] {
  return rewriteAssembly(`\t.text\n${asm}\n`)
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith(".Lnacl_section_base") && l !== ".p2align 5" &&
      l !== ".bundle_align_mode 5" && l !== ".text");
}

function refusal(asm: string): string {
  try {
    rewriteAssembly(`\t.text\n${asm}\n`);
  } catch (err) {
    if (err instanceof RewriteError) return err.message;
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("rewriter memory operands", () => {
  it("routes a register-based access through leal into r11d and r15", () => {
    expect(body("movl 4(%edi,%eax,4), %edx")).toEqual([
      ".bundle_lock", "leal\t4(%rdi,%rax,4), %r11d", "movl\t(%r15,%r11), %edx", ".bundle_unlock",
    ]);
  });

  it("widens esp and ebp bases without a scratch register", () => {
    expect(body("movl %eax, -8(%ebp)")).toEqual(["movl\t%eax, -8(%rbp)"]);
    expect(body("movl 12(%esp), %ecx")).toEqual(["movl\t12(%rsp), %ecx"]);
  });

  it("uses the scratch register for an indexed stack access", () => {
    expect(body("movl -8(%ebp,%ecx,4), %eax")).toEqual([
      ".bundle_lock", "leal\t-8(%rbp,%rcx,4), %r11d", "movl\t(%r15,%r11), %eax", ".bundle_unlock",
    ]);
  });

  it("bases an absolute address on r15 and keeps rip-relative ones", () => {
    expect(body("movl counter, %eax")).toEqual(["movl\tcounter(%r15), %eax"]);
    expect(body("addl $1, g+4(%rip)")).toEqual(["addl\t$1, g+4(%rip)"]);
  });

  it("swaps a high-byte register around a sandboxed access", () => {
    expect(body("movb %ah, 1(%edi)")).toEqual([
      ".bundle_lock", "leal\t1(%rdi), %r11d", "xchgb\t%ah, %al", "movl\t%r11d, %r11d",
      "movb\t%al, (%r15,%r11)", "xchgb\t%ah, %al", ".bundle_unlock",
    ]);
  });

  it("turns an addr32 leaq into a leal of 64-bit registers", () => {
    expect(body("leaq 8(%edi,%esi), %rax")).toEqual(["leal\t8(%rdi,%rsi), %eax"]);
  });

  it("keeps a lea of 64-bit registers, which is 64-bit arithmetic", () => {
    expect(body("leaq (%rbx,%rax), %rdx")).toEqual(["leaq\t(%rbx,%rax), %rdx"]);
  });

  it("narrows a 64-bit lea into rsp and rebases it", () => {
    expect(body("leaq -16(%rbp), %rsp")).toEqual([
      ".bundle_lock", "leal\t-16(%rbp), %esp", "leaq\t(%rsp,%r15,1), %rsp", ".bundle_unlock",
    ]);
  });
});

describe("rewriter control flow", () => {
  it("replaces ret with a masked jump through r11", () => {
    expect(body("ret")).toEqual([
      "popq\t%r11", ".bundle_lock", "andl\t$-32, %r11d", "addq\t%r15, %r11", "jmp\t*%r11", ".bundle_unlock",
    ]);
  });

  it("pads a direct call so it ends on a bundle boundary", () => {
    const lines = body("call foo");
    expect(lines[0]).toMatch(/^\.nops .*\+ 5\) > 32\)/);
    expect(lines[1]).toMatch(/^\.nops \(\(-\(\. - \.Lnacl_section_base_0\) - 5\) & 31\), 8$/);
    expect(lines[2]).toBe("call\tfoo");
  });

  it("masks an indirect call through a copy in r11", () => {
    const lines = body("call *%rax");
    expect(lines[0]).toBe("movl\t%eax, %r11d");
    expect(lines[2]).toMatch(/- 10\) & 31\), 8$/);
    expect(lines.slice(3)).toEqual([
      ".bundle_lock", "andl\t$-32, %r11d", "addq\t%r15, %r11", "call\t*%r11", ".bundle_unlock",
    ]);
  });

  it("loads a memory jump target (jump table) into r11 before masking", () => {
    expect(body("jmp *.L4(,%ebx,4)")).toEqual([
      ".bundle_lock", "leal\t.L4(,%rbx,4), %r11d", "movl\t(%r15,%r11), %r11d", ".bundle_unlock",
      ".bundle_lock", "andl\t$-32, %r11d", "addq\t%r15, %r11", "jmp\t*%r11", ".bundle_unlock",
    ]);
  });

  it("aligns functions and address-taken labels but not plain branch targets", () => {
    const out = rewriteAssembly(
      "\t.text\n\t.type f, @function\nf:\n\tjmp .L2\n.L2:\n.L5:\n\tnop\n\t.section .rodata\n\t.long .L5\n",
    );
    expect(out).toMatch(/\.p2align 5\nf:/);
    expect(out).toMatch(/\.p2align 5\n\.L5:/);
    expect(out).not.toMatch(/\.p2align 5\n\.L2:/);
  });
});

describe("rewriter stack and frame pointer", () => {
  it("rebases esp after a 32-bit write, keeping the flags (lea)", () => {
    expect(body("subl $40, %esp")).toEqual([
      ".bundle_lock", "subl\t$40, %esp", "leaq\t(%rsp,%r15,1), %rsp", ".bundle_unlock",
    ]);
  });

  it("turns a 64-bit rsp update into the 32-bit one plus rebase", () => {
    expect(body("addq $16, %rsp")).toEqual([
      ".bundle_lock", "addl\t$16, %esp", "leaq\t(%rsp,%r15,1), %rsp", ".bundle_unlock",
    ]);
  });

  it("rebases ebp after movl %esp, %ebp and keeps movq %rsp, %rbp", () => {
    expect(body("movl %esp, %ebp")).toEqual([
      ".bundle_lock", "movl\t%esp, %ebp", "leaq\t0(%rbp,%r15,1), %rbp", ".bundle_unlock",
    ]);
    expect(body("movq %rsp, %rbp")).toEqual(["movq\t%rsp, %rbp"]);
  });

  it("restores rbp through r11 for pop and leave", () => {
    const pop = ["popq\t%r11", ".bundle_lock", "movl\t%r11d, %ebp", "leaq\t0(%rbp,%r15,1), %rbp", ".bundle_unlock"];
    expect(body("popq %rbp")).toEqual(pop);
    expect(body("leave")).toEqual(["movq\t%rbp, %rsp", ...pop]);
  });
});

describe("rewriter string instructions", () => {
  it("rebases rsi then rdi before rep movsb and drops addr32", () => {
    expect(body("addr32 rep movsl")).toEqual([
      ".bundle_lock", "movl\t%esi, %esi", "leaq\t(%r15,%rsi,1), %rsi", "movl\t%edi, %edi",
      "leaq\t(%r15,%rdi,1), %rdi", "rep movsl", ".bundle_unlock",
    ]);
  });

  it("rebases only rdi for stos and scas", () => {
    expect(body("rep stosq")).toEqual([
      ".bundle_lock", "movl\t%edi, %edi", "leaq\t(%r15,%rdi,1), %rdi", "rep stosq", ".bundle_unlock",
    ]);
  });

  it("does not mistake SSE movsd for a string instruction", () => {
    expect(body("movsd %xmm0, 8(%ebp)")).toEqual(["movsd\t%xmm0, 8(%rbp)"]);
  });
});

describe("rewriter refusals", () => {
  const cases: [string, string, RegExp][] = [
    ["TLS", "movl %fs:0, %eax", /TLS/],
    ["rdtsc", "rdtsc", /rdtsc is not allowed/],
    ["syscall", "syscall", /system calls/],
    ["a write to r15", "addq $8, %r15", /r15 holds the sandbox base/],
    ["r15 in an address", "movl (%r15,%rax), %eax", /sandbox base/],
    ["the scratch register", "movl %r11d, %eax", /r11 is reserved/],
    ["a 16-bit rsp write", "movw %ax, %sp", /8- and 16-bit writes/],
    ["pop %rsp", "popq %rsp", /pop %rsp/],
    ["ret with an immediate", "ret $8", /immediate/],
    ["a register bit test", "btl %ecx, %esi", /register bit offset/],
    ["rep stosw", "rep stosw", /16-bit string/],
    ["xlat", "xlatb", /implicit memory operand/],
    ["16-bit addressing", "movl (%bx), %eax", /16-bit addressing/],
  ];
  for (const [what, asm, message] of cases) {
    it(`refuses ${what} and names the line`, () => {
      const text = refusal(asm);
      expect(text).toMatch(message);
      expect(text).toMatch(/^Cannot sandbox line 2 /);
    });
  }

  it("refuses thread-local sections", () => {
    expect(() => rewriteAssembly("\t.section .tbss,\"awT\",@nobits\n")).toThrow(/thread-local/);
  });
});
