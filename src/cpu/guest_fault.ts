/**
 * A guest fault raised while executing an instruction.
 *
 * Handlers throw it; Cpu.run catches it once, outside the hot loop, and
 * turns it into a "fault" StopReason. It is not an Error subclass, so
 * throwing it captures no stack trace.
 */
export class GuestFault {
  constructor(
    /** Host signal number: 11 SIGSEGV, 8 SIGFPE, 4 SIGILL, 5 SIGTRAP. */
    readonly signal: number,
    /**
     * Host rip to report as halves when it is not the faulting instruction
     * (a jump to a bad target reports the target); hasRip false otherwise.
     */
    readonly hasRip = false,
    readonly ripHi = 0,
    readonly ripLo = 0,
  ) {}
}

export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGFPE = 8;
export const SIGSEGV = 11;
