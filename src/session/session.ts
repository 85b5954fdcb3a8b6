/**
 * One ZeroVM session, from manifest to report.
 *
 * The start-up order decides what the report shows when something fails,
 * so it follows ZeroVM's (zerovm-spec.md §3.3): parse the manifest, check
 * that the program exists, read and load the ELF, validate, mount the
 * channels, size the heap, write the user manifest, check the timeout, stop
 * here for `-F`, then run. Every failure is a SessionError carrying ZeroVM's
 * exit code and exit-state text; whatever happened, the channels are closed
 * and the seven-line report is built from the state reached.
 *
 * A session owns its memory, CPU and channels: several can run in one
 * process. It is synchronous: guest code runs in slices of a few million
 * instructions, and the wall clock is checked between slices to enforce the
 * manifest's Timeout.
 */
import { Accounting, type Channel } from "../channels/channel.js";
import { createChannels, mountChannels, sortForDismount } from "../channels/mount.js";
import { Cpu } from "../cpu/cpu.js";
import type { StopReason } from "../cpu/stop_reason.js";
import { parseNexe, placeNexe, readProgram } from "../elf/index.js";
import type { NexeImage } from "../elf/index.js";
import { parseManifest } from "../manifest/parse_manifest.js";
import { readManifestFile } from "../manifest/read_manifest.js";
import type { Manifest } from "../manifest/manifest_types.js";
import {
  GuestMemory,
  PROT_EXEC,
  PROT_NONE,
  PROT_READ,
  PROT_WRITE,
  RESERVATION_END,
  RESERVATION_START,
  SANDBOX_BASE_HI,
} from "../memory/guest_memory.js";
import { MemoryMap } from "../memory/memory_map.js";
import { ENTRY_RFLAGS, handleTrap } from "../trap/trap_handler.js";
import { TRAMPOLINE_START, writeTrampoline } from "../trap/trampoline.js";
import {
  lowestAliasAddress,
  STACK_SIZE,
  STACK_START,
  writeUserManifest,
} from "../trap/user_manifest.js";
import { formatReport, type Report } from "./report.js";
import { SessionError } from "./session_error.js";
import { Trace } from "./trace.js";
import { createSessionValidator } from "./session_validator.js";
import { siteError } from "./zerovm_sites.js";

/** How a session is started: the switches of the `zerovm` command. */
export interface SessionOptions {
  /** `-s`: skip validation (validator state stays 2). */
  skipValidation?: boolean;
  /** `-F`: stop after loading, validating and mounting. */
  quitBeforeRun?: boolean;
  /** `-P` sets this false: no preallocation of write files. */
  preallocate?: boolean;
  /** `-T`: absolute path of the call-trace file. */
  tracePath?: string;
  /** Instructions per CPU slice between clock checks. */
  sliceInstructions?: number;
  /**
   * The validator for the text and TrapJail ranges; the NaCl validator with
   * ZeroVM's policy by default. Tests may pass another.
   */
  validator?: SessionValidator;
}

/** The validator as the session uses it. */
export interface SessionValidator {
  /** Validates the loaded text; true when it passes. */
  validateText(memory: GuestMemory, image: NexeImage): boolean;
  /** Validates a jail range; true when it passes. */
  validateRange(memory: GuestMemory, start: number, size: number): boolean;
}

/** The outcome of a session. */
export interface SessionResult {
  exitCode: number;
  report: Report;
  /** The report as seven lines, as ZeroVM writes it with `-t0`. */
  reportText: string;
  /** Guest instructions executed. */
  instructions: number;
}

/** Where the manifest comes from. */
export type ManifestInput = { path: string } | { text: string };

/** Heap checks (zerovm-spec.md §1.5). */
const LEAST_USER_HEAP_SIZE = 0x800000;
const FOUR_GIB = 2 ** 32;
const ENTRY_STACK_BLOCK = 0xffffffc8;
const ENTRY_STACK_SIZE = 56;
const DEFAULT_SLICE = 4_000_000;

const roundUp64K = (value: number): number => Math.ceil(value / 0x10000) * 0x10000;
const roundDown64K = (value: number): number => Math.floor(value / 0x10000) * 0x10000;

/** Everything the session has reached; the report is built from it. */
class SessionState {
  validatorState = 2;
  userCode = 0;
  exitCode = 0;
  exitState = "ok";
  manifest: Manifest | undefined;
  channels: Channel[] = [];
  memory: GuestMemory | undefined;
  readonly map = new MemoryMap();
  readonly accounting = new Accounting();
  cpu: Cpu | undefined;
  trace: Trace | undefined;

  fail(error: SessionError): void {
    if (this.exitCode !== 0) return;
    this.exitCode = error.exitCode;
    this.exitState = error.state;
  }
}

/**
 * Runs a session to its end and returns the report. Never throws for
 * anything the manifest, the nexe or the guest does: those end up in the
 * report. Throws only for bugs (non-SessionError exceptions).
 */
export function runSession(input: ManifestInput, options: SessionOptions = {}): SessionResult {
  const state = new SessionState();
  try {
    if (options.tracePath !== undefined) state.trace = new Trace(options.tracePath);
    startAndRun(state, input, options);
  } catch (error) {
    if (!(error instanceof SessionError)) throw error;
    state.fail(error);
  }
  return finish(state);
}

function startAndRun(state: SessionState, input: ManifestInput, options: SessionOptions): void {
  const manifest = "path" in input ? readManifestFile(input.path) : parseManifest(input.text);
  state.manifest = manifest;
  state.channels = createChannels(manifest.channels);
  state.trace?.event("[manifest parsed]");
  if (manifest.job !== undefined) {
    // TODO(#2 follow-up): daemon mode gets its own issue.
    throw new SessionError(38, "daemon mode (Job) is not implemented yet");
  }

  const bytes = readProgram(manifest.program ?? "");
  const image = parseNexe(bytes);
  const memory = new GuestMemory();
  state.memory = memory;
  loadImage(state, image, bytes);
  state.trace?.event("[user space created]");

  const validator = options.validator ?? createSessionValidator();
  if (!options.skipValidation) {
    const valid = validator.validateText(memory, image);
    state.validatorState = valid ? 0 : 1;
    if (!valid) throw siteError("validationFailed");
  }

  mountChannels(state.channels, { manifest, preallocate: options.preallocate ?? true });
  state.trace?.event("[channels constructed]");

  const heap = setUpHeap(state, image, manifest);
  const lowest = lowestAliasAddress(state.channels);
  const heapSize = Math.min(heap.end, roundDown64K(lowest)) - image.breakAddr;
  writeUserManifest(memory, state.channels, image.breakAddr, heapSize);
  addUpperBlocks(state, lowest);

  const timeout = manifest.timeout ?? 0;
  if (timeout < 1) throw siteError("invalidTimeout", timeout);
  if (options.quitBeforeRun) return;

  const cpu = enterGuest(state, image);
  state.trace?.event("[booted]");
  runGuest(state, cpu, options, timeout, validator);
}

/** Places the ELF, the trampoline and the text/rodata blocks. */
function loadImage(state: SessionState, image: NexeImage, bytes: Uint8Array): void {
  const memory = state.memory!;
  placeNexe(image, bytes, memory);
  writeTrampoline(memory);

  memory.protect(TRAMPOLINE_START, image.paddedTextEnd, PROT_READ | PROT_EXEC);
  state.map.set({ name: "LeftBumper", start: 0, end: TRAMPOLINE_START, prot: PROT_NONE });
  state.map.set({
    name: "Text",
    start: TRAMPOLINE_START,
    end: image.paddedTextEnd,
    prot: PROT_READ | PROT_EXEC,
  });
  if (image.rodata) {
    const end = roundUp64K(image.rodata.end);
    memory.protect(image.rodata.start, end, PROT_READ);
    state.map.set({ name: "ROData", start: image.rodata.start, end, prot: PROT_READ });
  }
  if (image.data) {
    const end = roundUp64K(image.data.end);
    memory.protect(image.data.start, end, PROT_READ | PROT_WRITE);
    state.map.set({ name: "Heap", start: image.data.start, end, prot: PROT_READ | PROT_WRITE });
  }
  // The stack block is in the map from the start: a session that fails
  // while mounting channels hashes it (verified against the oracle's etags).
  memory.protect(STACK_START, FOUR_GIB, PROT_READ | PROT_WRITE);
  state.map.set({ name: "Stack", start: STACK_START, end: FOUR_GIB, prot: PROT_READ | PROT_WRITE });
}

/** Checks Memory and the heap, and maps the heap (zerovm-spec.md §1.5). */
function setUpHeap(state: SessionState, image: NexeImage, manifest: Manifest): { end: number } {
  const memoryBytes = manifest.memory?.bytes ?? 0n;
  if (memoryBytes <= 0n || memoryBytes > BigInt(FOUR_GIB)) throw siteError("invalidMemorySize");

  const heapEnd = roundUp64K(Number(memoryBytes) - STACK_SIZE);
  if (heapEnd - roundUp64K(image.breakAddr) <= LEAST_USER_HEAP_SIZE) {
    throw siteError("heapTooSmall");
  }

  const heapStart = image.data ? image.data.start : image.breakAddr;
  state.memory!.protect(heapStart, heapEnd, PROT_READ | PROT_WRITE);
  // ZeroVM records the heap's protection only when the nexe has data.
  const recorded = image.data ? PROT_READ | PROT_WRITE : PROT_NONE;
  state.map.set({ name: "Heap", start: heapStart, end: heapEnd, prot: recorded });
  return { end: heapEnd };
}

/** Adds the hole, the read-only user-manifest block and the stack. */
function addUpperBlocks(state: SessionState, lowestAlias: number): void {
  const memory = state.memory!;
  const sysStart = roundDown64K(lowestAlias);
  const heap = state.map.find("Heap")!;
  // With Memory near 4 GiB the heap would reach into the user-manifest
  // block; the guest's heap ends where that block starts (heap_size does).
  if (heap.end > sysStart) state.map.set({ ...heap, end: sysStart });
  const holeStart = Math.min(heap.end, sysStart);
  state.map.set({ name: "Hole", start: holeStart, end: sysStart, prot: PROT_NONE });
  state.map.set({ name: "SysData", start: sysStart, end: STACK_START, prot: PROT_READ });

  if (holeStart < sysStart) memory.protect(holeStart, sysStart, PROT_NONE);
  memory.protect(sysStart, STACK_START, PROT_READ);
}

/** Builds the CPU in ZeroVM's entry state (zerovm-native.md §7.4). */
function enterGuest(state: SessionState, image: NexeImage): Cpu {
  const memory = state.memory!;
  memory.u8.fill(0, ENTRY_STACK_BLOCK, ENTRY_STACK_BLOCK + ENTRY_STACK_SIZE);
  memory.view.setUint32(ENTRY_STACK_BLOCK + 16, 1, true);
  memory.view.setUint32(ENTRY_STACK_BLOCK + 20, 0xfffffff0, true);

  const cpu = new Cpu(memory);
  const regs = cpu.regs;
  const setHost = (reg: number, guestAddress: number): void => {
    regs[2 * reg] = guestAddress | 0;
    regs[2 * reg + 1] = SANDBOX_BASE_HI;
  };
  setHost(4, ENTRY_STACK_BLOCK);
  setHost(5, ENTRY_STACK_BLOCK);
  setHost(1, image.entry);
  regs[14] = (ENTRY_STACK_BLOCK + 8) | 0;
  regs[31] = SANDBOX_BASE_HI;
  cpu.setRflags(ENTRY_RFLAGS);
  cpu.rip = image.entry;
  state.cpu = cpu;
  return cpu;
}

/** Runs guest code until it exits, faults or times out. */
function runGuest(
  state: SessionState,
  cpu: Cpu,
  options: SessionOptions,
  timeout: number,
  validator: SessionValidator,
): void {
  const deadline = performance.now() + timeout * 1000;
  const slice = options.sliceInstructions ?? DEFAULT_SLICE;
  const trace = state.trace;
  const context = {
    cpu,
    memory: state.memory!,
    map: state.map,
    channels: state.channels,
    accounting: state.accounting,
    hasJob: false,
    trace: trace ? (line: string) => trace.event(line) : undefined,
    validateJail: (start: number, size: number) =>
      validator.validateRange(state.memory!, start, size),
  };

  for (;;) {
    trace?.event("untrusted code");
    const stop = cpu.run(slice);
    if (stop.kind === "thunk") {
      const outcome = handleTrap(context);
      if (outcome.kind === "exit") {
        state.userCode = outcome.userCode;
        return;
      }
    } else if (stop.kind !== "budget") {
      throw stopError(stop);
    }
    if (performance.now() > deadline) throw new SessionError(4, "session timeout");
  }
}

/** The exit state of a guest fault or of a gap in the emulator. */
export function stopError(stop: StopReason): SessionError {
  if (stop.kind === "fault") {
    const hostRip = stop.ripHi * 2 ** 32 + stop.ripLo;
    const hex = (BigInt(stop.ripHi >>> 0) * 2n ** 32n + BigInt(stop.ripLo >>> 0))
      .toString(16)
      .toUpperCase()
      .padStart(12, "0");
    const where = hostRip >= RESERVATION_START && hostRip < RESERVATION_END ? "untrusted" : "trusted";
    return new SessionError(4, `Signal ${stop.signal} from ${where} code: Halting at 0x${hex}`);
  }
  if (stop.kind === "unimplemented") {
    const at = stop.guestAddress.toString(16);
    return new SessionError(
      38,
      `unimplemented instruction: ${stop.text} (${stop.code}) at guest 0x${at}`,
    );
  }
  throw new Error(`Unexpected stop reason ${stop.kind}`);
}

/** Closes the channels and builds the report from the state reached. */
function finish(state: SessionState): SessionResult {
  const channels = state.channels;
  sortForDismount(channels);
  const etags: string[] = [];
  for (const channel of channels) {
    try {
      channel.close();
    } catch (error) {
      state.fail(new SessionError(5, `${channel.alias} close failed: ${(error as Error).message}`));
    }
    if (channel.etag) etags.push(`${channel.alias} ${channel.digest()}`);
  }
  if (state.manifest?.memory?.etag === 1) {
    etags.push(`/dev/memory ${state.map.digest(state.memory)}`);
  }
  state.trace?.event("[report]");

  const usage = process.cpuUsage();
  const report: Report = {
    validatorState: state.validatorState,
    daemon: 0,
    userCode: state.userCode,
    etags: etags.join(" "),
    systemSeconds: usage.system / 1e6,
    userSeconds: usage.user / 1e6,
    accounting: state.accounting,
    exitState: state.exitState,
  };
  state.trace?.event("[exit]");
  state.trace?.flush();
  return {
    exitCode: state.exitCode,
    report,
    reportText: formatReport(report),
    instructions: state.cpu?.instructionCount ?? 0,
  };
}
