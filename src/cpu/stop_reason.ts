/**
 * Why `Cpu.run` returned control to the session.
 *
 * Host addresses are given as two uint32 halves because a 64-bit rip need not
 * fit a JS number exactly (a `ret` may pop any value).
 */
export type StopReason =
  /**
   * Control reached host address 0x5AFECA110000, the dispatch thunk that
   * every trampoline slot calls: a trap. rip has not moved past the call;
   * the trampoline's return address is at guest [rsp].
   */
  | { kind: "thunk" }
  /**
   * A guest fault: `signal` is the host signal ZeroVM would see (11 SIGSEGV,
   * 8 SIGFPE, 4 SIGILL) and the rip halves are the host address of the
   * faulting instruction (or of the bad jump target).
   */
  | { kind: "fault"; signal: number; ripHi: number; ripLo: number }
  /** An instruction the CPU does not implement yet: the session must end. */
  | {
      kind: "unimplemented";
      /** iced-x86 Code name, e.g. "Cpuid". */
      code: string;
      /** Mnemonic and operands in GNU syntax, e.g. "cpuid". */
      text: string;
      guestAddress: number;
    }
  /** The instruction budget given to `run` was used up. */
  | { kind: "budget" };

/** Host address of ZeroVM's syscall dispatch thunk (zerovm-spec.md §1.3). */
export const THUNK_HI = 0x5afe;
export const THUNK_LO = 0xca110000 | 0;
