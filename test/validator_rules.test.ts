/**
 * The V§2 rules one by one: each case is hex code at address 0, the profile
 * ("both" = same verdict in both) and the rule id of the first error, or
 * null when the code is valid. Each rejection names the rule it exercises.
 */
import { describe, expect, it } from "vitest";
import { PROFILE_DIFFERENCES, validateCode } from "../src/validator/index.js";

type Case = [description: string, hex: string, rule: string | null, profile?: "zerovm" | "nacl"];

function pad(hex: string): Uint8Array {
  const bytes = hex.trim() === "" ? [] : hex.trim().split(/\s+/).map((h) => parseInt(h, 16));
  while (bytes.length % 32 !== 0) bytes.push(0x90);
  return Uint8Array.from(bytes);
}

function firstError(hex: string, profile: "zerovm" | "nacl"): string | null {
  const r = validateCode(pad(hex), 0, { profile });
  return r.valid ? null : r.findings.find((f) => f.severity === "error")!.rule;
}

const CASES: Case[] = [
  // Bundles (V§2.2)
  ["instruction crossing a bundle", "90 ".repeat(30) + "48 89 e5", "bundle.crossing"],
  ["long nop with six 66 prefixes", "66 66 66 66 66 66 2e 0f 1f 84 00 00 00 00 00", null],
  ["nop Ev with any address", "0f 1f 00", null],
  ["hlt and ud2", "f4 0f 0b", null],
  // Direct jumps (V§2.3)
  ["aligned target outside the region", "e9 fb 00 00 00", null],
  ["unaligned target outside the region", "e9 fc 00 00 00", "jump.out-of-range"],
  ["target inside an instruction", "eb 01 48 89 e5", "jump.bad-target"],
  ["target at the memory access after mov %eax,%eax", "eb 02 89 c0 41 8b 04 07", "jump.bad-target"],
  ["target at the zero-extending instruction", "eb 00 89 c0 41 8b 04 07", null],
  ["jrcxz", "e3 00", null],
  ["jecxz (67)", "67 e3 00", "prefix.addr32"],
  ["jmp with 66 (ignored in 64-bit mode)", "66 e9 00 00 00 00", "prefix.data16"],
  ["branch hint on jcc", "2e 74 00", null],
  ["branch hint on jmp", "2e eb 00", "prefix.segment"],
  ["loop", "e2 00", null],
  // Indirect jumps (V§2.4)
  ["nacljmp", "83 e0 e0 4c 01 f8 ff e0", null],
  ["naclcall via %r11 (03 form)", "41 83 e3 e0 4d 03 df 41 ff d3", null],
  ["nacljmp via %rsp", "83 e4 e0 4c 01 fc ff e4", null],
  ["mask 0xf0", "83 e0 f0 4c 01 f8 ff e0", "jump.indirect-unsandboxed"],
  ["register mismatch", "83 e0 e0 4c 01 f9 ff e0", "jump.indirect-unsandboxed"],
  ["bare jmp *%rax", "ff e0", "jump.indirect-unsandboxed"],
  ["memory-indirect jmp", "41 ff 27", "jump.indirect-unsandboxed"],
  ["jump into nacljmp", "eb 03 83 e2 e0 4c 01 fa ff e2", "jump.bad-target"],
  ["ret", "c3", "forbidden.control"],
  // Restricted registers (V§2.6)
  ["index restricted by mov", "89 c0 41 8b 04 07", null],
  ["index restricted two instructions back", "89 c0 90 41 8b 0c 07", "memory.bad-index"],
  ["shl does not zero-extend", "c1 e0 02 41 8b 04 07", "memory.bad-index"],
  ["xchg restricts its r/m operand", "87 c3 41 8b 04 1f", null],
  ["xchg does not restrict its reg operand", "87 c3 41 8b 04 07", "memory.bad-index"],
  ["64-bit write does not restrict", "48 89 c0 41 8b 04 07", "memory.bad-index"],
  ["restriction does not cross a bundle", "90 ".repeat(30) + "89 c0 41 8b 04 07", "memory.bad-index"],
  // Memory operands (V§2.7)
  ["base %rax", "8b 00", "memory.bad-base"],
  ["absolute disp32", "8b 04 25 10 00 00 00", "memory.bad-base"],
  ["moffs", "a1 00 00 00 00 00 00 00 00", "forbidden.moffs"],
  ["rip-relative", "8b 05 10 00 00 00", null],
  ["rsp and rbp bases", "8b 04 24 8b 45 f8", null],
  ["segment override on memory", "64 41 8b 07", "prefix.segment"],
  ["lea may use any registers", "48 8d 04 40", null],
  ["prefetch is not an access", "0f 18 00", null],
  // rsp and rbp (V§2.8)
  ["sub $8,%esp ; add %r15,%rsp", "83 ec 08 4c 01 fc", null],
  ["or %r15,%rsp", "89 c4 4c 09 fc", null],
  ["or %r15,%rbp is not a form", "89 c5 4c 09 fd", "stack.rbp-sandboxing"],
  ["lea (%rsp,%r15,1),%rsp", "89 c4 4a 8d 24 3c", null],
  ["lea 0x0(%rbp,%r15,1),%rbp", "89 c5 4a 8d 6c 3d 00", null],
  ["sub $8,%rsp", "48 83 ec 08", "stack.rsp-sandboxing"],
  ["mov %rsp,%rbp and back", "48 89 e5 48 89 ec", null],
  ["and $-16,%rsp", "48 83 e4 f0", null],
  ["and $16,%rsp", "48 83 e4 10", "stack.rsp-sandboxing"],
  ["and with REX.R on %rsp", "4c 83 e4 f0", "stack.rsp-sandboxing"],
  ["%esp write alone", "89 c4", "stack.rsp-sandboxing"],
  ["%esp write across a bundle", "90 ".repeat(30) + "89 c4 4c 01 fc", "stack.rsp-sandboxing"],
  ["pop %rsp", "5c", "stack.rsp-sandboxing"],
  ["push %rsp", "54", null],
  ["%spl", "40 88 c4", "stack.sp-changed"],
  ["%ah", "88 c4", null],
  // r15 (V§2.9)
  ["add $8,%r15", "49 83 c7 08", "r15.changed"],
  ["mov %eax,%r15d", "41 89 c7", "r15.changed"],
  ["r15 as index", "43 8b 04 3f", "memory.bad-index"],
  // Strings (V§2.10)
  ["rep stos", "89 ff 49 8d 3c 3f f3 ab", null],
  ["movs needs rsi then rdi", "89 f6 49 8d 34 37 89 ff 49 8d 3c 3f a4", null],
  ["movs with rdi first", "89 ff 49 8d 3c 3f 89 f6 49 8d 34 37 a4", "string.unsandboxed"],
  ["bare stos", "ab", "string.unsandboxed"],
  ["repnz stos", "89 ff 49 8d 3c 3f f2 ab", "prefix.rep"],
  ["rep stosw with data16", "89 ff 49 8d 3c 3f 66 f3 ab", "prefix.multiple", "zerovm"],
  ["jump into a string superinstruction", "eb 02 89 ff 49 8d 3c 3f ab", "jump.bad-target"],
  // Prefixes (V§2.11)
  ["lock on memory", "f0 41 01 07", null],
  ["lock on a register (not an encoding iced accepts)", "f0 01 c0", "decode.unrecognized"],
  ["lock on a non-lockable instruction", "f0 41 8b 07", "decode.unrecognized"],
  ["66 and f0 in either order", "66 f0 41 01 07 f0 66 41 01 07", null],
  ["duplicate 66", "66 66 01 c8", "prefix.duplicate"],
  ["REX before 66", "48 66 01 c8", "prefix.rex-not-last"],
  ["66 on an 8-bit instruction", "66 00 c0", "prefix.data16"],
  ["rep on add", "f3 01 c0", "prefix.rep"],
  // Forbidden groups (V§2.12)
  ["syscall", "0f 05", "forbidden.system"],
  ["int3", "cc", "forbidden.system"],
  ["pushf", "9c", "forbidden.stack-frame"],
  ["leave", "c9", "forbidden.stack-frame"],
  ["mov to a segment register", "8e d8", "forbidden.segment"],
  ["bt with a register offset", "0f a3 c0", "forbidden.bt-register"],
  ["bt with an immediate", "0f ba e0 03", null],
  ["aesenc", "66 0f 38 dc c1", "forbidden.cpu-feature"],
  ["andn (BMI1)", "c4 e2 78 f2 c1", "profile.vex", "zerovm"],
  ["andn (BMI1)", "c4 e2 78 f2 c1", "forbidden.cpu-feature", "nacl"],
  ["tzcnt", "f3 0f bc c0", null],
  ["cpuid", "0f a2", null],
  ["xlat", "d7", "forbidden.implicit-memory"],
];

describe("validator rules", () => {
  for (const [description, hex, rule, only] of CASES) {
    const profiles = only ? [only] : (["zerovm", "nacl"] as const);
    for (const profile of profiles) {
      it(`${description} (${profile}): ${rule ?? "valid"}`, () => {
        expect(firstError(hex, profile)).toBe(rule);
      });
    }
  }
});

/** One case per row of PROFILE_DIFFERENCES: [hex, code as given (unpadded)?]. */
const DIFFERENCE_CASES: Record<string, { hex: string; unpadded?: boolean }> = {
  rejectRdtsc: { hex: "0f 31" },
  rejectLahfSahf: { hex: "9f 9e" },
  rejectClflush: { hex: "41 0f ae 3f" },
  rejectTwoLegacyPrefixes: { hex: "66 f2 0f 38 f1 c0" },
  rejectVex: { hex: "c5 f4 58 c2" },
  allowAvxFeatures: { hex: "c4 e2 71 99 d0" },
  exactStringLea: { hex: "89 ff 49 8d 7c 3f 10 aa" },
  requireWholeBundles: { hex: "90", unpadded: true },
  trimTrailingHalts: { hex: "eb 28" + " f4".repeat(62), unpadded: true },
  rejectEmpty: { hex: "", unpadded: true },
};

describe("validator profile differences (V§2.16)", () => {
  for (const d of PROFILE_DIFFERENCES) {
    it(`${d.key}: ${d.description}`, () => {
      const c = DIFFERENCE_CASES[d.key];
      expect(c).toBeDefined();
      const hexBytes = c.hex.trim() === "" ? [] : c.hex.trim().split(/\s+/).map((h) => parseInt(h, 16));
      const bytes = c.unpadded ? Uint8Array.from(hexBytes) : pad(c.hex);
      const zerovm = validateCode(bytes, 0, { profile: "zerovm" }).valid;
      const nacl = validateCode(bytes, 0, { profile: "nacl" }).valid;
      // A profile that applies a rejecting rule rejects; one that applies a permissive rule accepts.
      const rejecting = d.key !== "allowAvxFeatures";
      expect(zerovm).toBe(rejecting ? !d.zerovm : d.zerovm);
      expect(nacl).toBe(rejecting ? !d.nacl : d.nacl);
    });
  }
});

describe("validator findings", () => {
  it("carry guest offset, rule, message, bytes and disassembly", () => {
    const r = validateCode(pad("90 c3"), 0x20000);
    expect(r.findings[0]).toEqual({
      offset: 0x20001,
      rule: "forbidden.control",
      message: "return, far or interrupt control transfer",
      severity: "error",
      bytes: "c3",
      text: "ret",
    });
  });

  it("report a misaligned call as a warning on valid code", () => {
    const r = validateCode(pad("e8 00 00 00 00"), 0);
    expect(r.valid).toBe(true);
    expect(r.findings.map((f) => [f.rule, f.severity])).toEqual([["call.alignment", "warning"]]);
  });

  it("are capped by maxFindings while the counts stay complete", () => {
    const r = validateCode(pad("c3 c3 c3"), 0, { maxFindings: 1 });
    expect(r.findings).toHaveLength(1);
    expect(r.counts.errors).toBe(3);
  });

  it("reject an unaligned region start", () => {
    expect(validateCode(pad("90"), 0x20001).findings[0].rule).toBe("bundle.misaligned-region");
  });
});
