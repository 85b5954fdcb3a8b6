/**
 * Rule ids of the sandbox rules and their messages (policy rules are in
 * policy.ts POLICY_REASONS). A finding's `rule` is one of these ids; the
 * message explains it to an auditor.
 */
export const RULE_MESSAGES = {
  "bundle.misaligned-region": "code region does not start at a 32-byte boundary",
  "bundle.partial": "code size is not a multiple of 32 bytes",
  "bundle.empty": "empty code region",
  "bundle.crossing": "instruction crosses a 32-byte bundle boundary",
  "decode.unrecognized": "unrecognized instruction",
  "forbidden.undefined-form": "test with ModRM.reg = 1 is an undocumented alias",
  "prefix.rex-not-last": "REX prefix is not the last prefix",
  "prefix.addr32": "address-size prefix 67 is not allowed",
  "prefix.duplicate": "duplicated prefix",
  "prefix.segment": "segment prefix is not allowed",
  "prefix.lock": "lock prefix on an instruction that cannot be locked",
  "prefix.rep": "rep/repne prefix on an instruction that does not take it",
  "prefix.data16": "operand-size prefix 66 has no meaning on this instruction",
  "prefix.multiple": "more than one legacy (non-REX) prefix",
  "memory.bad-base": "improper memory address - bad base",
  "memory.bad-index":
    "improper memory address - bad index (not zero-extended by the previous instruction)",
  "r15.changed": "error - %r15 is changed",
  "stack.sp-changed": "error - %spl or %sp is changed",
  "stack.bp-changed": "error - %bpl or %bp is changed",
  "stack.rsp-sandboxing": "improper %rsp sandboxing",
  "stack.rbp-sandboxing": "improper %rbp sandboxing",
  "jump.out-of-range": "direct jump out of range",
  "jump.bad-target": "bad jump target: not an instruction boundary outside superinstructions",
  "jump.indirect-unsandboxed":
    "indirect jump or call is not a nacljmp/naclcall (and $-32 ; add %r15 ; jmp/call, one register)",
  "call.alignment": "bad call alignment: the return address is not at a bundle start",
  "string.unsandboxed":
    "string instruction without its %rsi/%rdi sandboxing before it in the same bundle",
} as const;

export type SandboxRule = keyof typeof RULE_MESSAGES;
