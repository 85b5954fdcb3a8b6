/**
 * The fatal exit states of ZeroVM 54a57b17 (zerovm/zerovm, 2015-01-20), as
 * data.
 *
 * ZeroVM's `ZLOGFAIL(cond, errno, fmt, ...)` ends the session with exit code
 * `errno` and the report state `<__FILE__> <__LINE__>: <message>`. Users'
 * tools match those texts, so each place is listed here once: its C source
 * file exactly as the compiler spelt `__FILE__` (headers included through a
 * relative path keep their `./` prefix), the line of the `ZLOGFAIL` (the first
 * line of a multi-line call, as gcc 12 reports it), the errno and the printf
 * format. Placeholders are `%s` (string), `%d` (decimal) and `%x` (lower-case
 * hexadecimal without prefix), filled in order by {@link siteError}.
 *
 * Legend for each row: `file` = `__FILE__`; `line` = 1-based C line;
 * `code` = process exit code (errno; -1 where ZeroVM passes the failing
 * call's own errno, which the caller supplies to {@link siteErrorWithCode});
 * `format` = message template; `verified` = seen in the native oracle run
 * (`../shared/oracle/cases.json`, or for runAsRoot zerovm-native.md §5.3)
 * rather than derived from reading the code. Unverified lines were read off
 * stored neighbouring versions of the file and may be off by a few lines.
 *
 * Manifest *parse* errors are not here: they read `MANIFEST <line>: ...` and
 * come from `manifestError`.
 */

import { Errno, SessionError, zvmError } from "./session_error.js";

/** One `ZLOGFAIL` call site of ZeroVM. */
export interface ZvmSite {
  readonly file: string;
  readonly line: number;
  readonly code: number;
  readonly format: string;
  readonly verified: boolean;
}

const MANIFEST_C = "src/main/manifest.c";
const SETUP_C = "src/main/setup.c";
const ZEROVM_C = "src/main/zerovm.c";
const CHANNEL_C = "src/channels/channel.c";
const PRELOAD_C = "src/channels/preload.c";
const NSERVICE_C = "src/channels/nservice.c";
const ELF_UTIL_C = "src/loader/elf_util.c";
const SEL_C = "src/loader/sel.c";
const SEL_ADDRSPACE_C = "src/loader/sel_addrspace.c";
const SEL_LDR_INL_H = "./src/loader/sel_ldr-inl.h";
const SYSCALL_HOOK_C = "src/syscalls/syscall_hook.c";

function site(file: string, line: number, code: number, format: string, verified = false): ZvmSite {
  return { file, line, code, format, verified };
}

/** Every fatal exit state we reproduce, by identifier. */
export const ZVM_SITES = {
  // src/main/manifest.c: reading the file and the keyword census.
  manifestOpen: site(MANIFEST_C, 125, Errno.ENOENT, "manifest open error", true),
  manifestRead: site(MANIFEST_C, 126, Errno.EIO, "manifest read error"),
  keywordMissing: site(MANIFEST_C, 345, Errno.EFAULT, "%s not specified", true),
  keywordRepeated: site(MANIFEST_C, 347, Errno.EFAULT, "duplicate %s keyword"),

  // src/main/setup.c: timeout, root, memory and heap.
  invalidTimeout: site(SETUP_C, 101, Errno.EFAULT, "invalid timeout %d", true),
  runAsRoot: site(SETUP_C, 118, Errno.EPERM, "zerovm is not permitted to run as root", true),
  invalidMemorySize: site(SETUP_C, 138, Errno.ENOMEM, "invalid memory size", true),
  heapTooSmall: site(SETUP_C, 145, Errno.ENOMEM, "user heap size is too small", true),

  // src/main/zerovm.c: the program file and validation.
  // Line inferred: the check just before "program open error".
  programNotSpecified: site(ZEROVM_C, 114, Errno.EFAULT, "program not specified"),
  programOpen: site(ZEROVM_C, 116, Errno.ENOENT, "program open error", true),
  validationFailed: site(ZEROVM_C, 145, Errno.ENOEXEC, "validation failed", true),

  // src/channels/channel.c: the channel set at mount time.
  aliasDuplicate: site(CHANNEL_C, 41, Errno.EFAULT, "%s is already allocated", true),
  channelBadType: site(CHANNEL_C, 375, Errno.EFAULT, "%s has invalid type %d", true),
  // Line read off the neighbouring check; not seen in the oracle.
  tooManyChannels: site(CHANNEL_C, 437, Errno.ENFILE, "channels number reached maximum"),
  notEnoughChannels: site(CHANNEL_C, 439, Errno.EFAULT, "not enough channels: %d", true),
  missingStdChannels: site(CHANNEL_C, 472, Errno.EFAULT, "missing standard channels in manifest", true),

  // src/channels/preload.c: opening local sources. 102 and 127 are pinned by
  // the oracle; the others are read off the stored preload.c whose layout
  // matches them (zerovm/zerovm 17429240984-era, multi-source) and are not
  // seen in the oracle.
  channelBadIoType: site(PRELOAD_C, 102, Errno.EINVAL, "%s has invalid i/o type", true),
  characterCannotOpen: site(PRELOAD_C, 108, -1, "cannot open %s"),
  channelCannotOpen: site(PRELOAD_C, 127, Errno.EFAULT, "cannot open %s", true),
  preallocateFailed: site(PRELOAD_C, 91, -1, "cannot preallocate %s"),
  rwSequential: site(PRELOAD_C, 139, Errno.EFAULT, "sequential channels cannot have r/w access"),
  rwSeqReadRandomWrite: site(PRELOAD_C, 141, Errno.EFAULT, "sequential read / random write channels not supported"),
  rwCannotOpen: site(PRELOAD_C, 148, Errno.EFAULT, "cannot open %s"),
  rwAppendBeyondSize: site(PRELOAD_C, 149, Errno.EFAULT, "%s size is less then specified append position"),
  regularBadIoType: site(PRELOAD_C, 161, Errno.EINVAL, "%s has invalid i/o type"),
  unsupportedSourceType: site(PRELOAD_C, 189, Errno.EPROTONOSUPPORT, "invalid %s source type %d"),

  // src/channels/nservice.c: the name server exchange.
  invalidNode: site(NSERVICE_C, 186, Errno.EFAULT, "invalid node: %d", true),
  // Follows the node check in 54a57b17 (the node check wins for a tcp name
  // server); line estimated from the code layout, not seen in the oracle.
  nameServerNotUdp: site(NSERVICE_C, 189, Errno.EFAULT, "name server only support udp protocol"),

  // src/loader/elf_util.c. The oracle pins 268 and 274; the other lines are
  // read off the stored elf_util.c whose layout puts those two checks at
  // 268 and 274 (zerovm/zerovm 17c2c89d). FAILED_MSG is "check failed".
  elfBadMagic: site(ELF_UTIL_C, 118, Errno.ENOEXEC, "bad elf magic"),
  elfBadClass: site(ELF_UTIL_C, 119, Errno.ENOEXEC, "bad elf class"),
  elfNotExecutable: site(ELF_UTIL_C, 120, Errno.ENOEXEC, "non executable"),
  elfBadMachine: site(ELF_UTIL_C, 121, Errno.ENOEXEC, "bad machine: %x"),
  elfBadVersion: site(ELF_UTIL_C, 123, Errno.ENOEXEC, "bad elf version: %x"),
  segmentUnexpected: site(ELF_UTIL_C, 177, Errno.ENOEXEC, "Segment %d is of unexpected type 0x%x, flag 0x%x"),
  segmentSeen: site(ELF_UTIL_C, 181, Errno.ENOEXEC, "Segment %d is a type that has been seen"),
  segmentBadVaddr: site(ELF_UTIL_C, 191, Errno.ENOEXEC, "Segment %d: bad virtual address: 0x%08x, expected 0x%08x"),
  segmentTooLow: site(ELF_UTIL_C, 195, Errno.ENOEXEC, "Segment %d: virtual address 0x%08x too low"),
  segmentOverflow: site(ELF_UTIL_C, 202, Errno.ENOEXEC, "Segment %d: p_memsz caused integer overflow"),
  segmentTooLarge: site(ELF_UTIL_C, 205, Errno.ENOEXEC, "Segment %d: too large, ends at 0x%08x"),
  segmentFileTooBig: site(ELF_UTIL_C, 208, Errno.ENOEXEC, "Segment %d: file size 0x%08x larger than memory size 0x%08x"),
  textMissing: site(ELF_UTIL_C, 245, Errno.ENOEXEC, "check failed"),
  elfHeaderRead: site(ELF_UTIL_C, 268, Errno.EIO, "check failed", true),
  elfPhnum: site(ELF_UTIL_C, 274, Errno.ENOEXEC, "check failed", true),
  elfPhentsize: site(ELF_UTIL_C, 277, Errno.ENOEXEC, "bad prog headers size. image.ehdr.e_phentsize = 0x%x, sizeof image.phdrs[0] = 0x%x"),
  elfPhoffSeek: site(ELF_UTIL_C, 286, Errno.EIO, "check failed"),
  elfPhdrRead: site(ELF_UTIL_C, 290, Errno.EIO, "check failed"),
  segmentSeek: site(ELF_UTIL_C, 350, Errno.ENOEXEC, "seek failure segment %d"),
  segmentRead: site(ELF_UTIL_C, 356, Errno.ENOEXEC, "load failure segment %d"),

  // src/loader/sel.c (AppLoadFile and helpers); lines read off the stored
  // sel.c 060c4ba3, not seen in the oracle.
  missingGapData: site(SEL_C, 48, Errno.EFAULT, "Missing gap between text and data for halt_sled"),
  missingGapRodata: site(SEL_C, 52, Errno.EFAULT, "Missing gap between text and rodata for halt_sled"),
  layoutDataNotLast: site(SEL_C, 75, Errno.ENOEXEC, "check failed"),
  layoutRodataNotLast: site(SEL_C, 91, Errno.ENOEXEC, "check failed"),
  layoutRodataOverlapsData: site(SEL_C, 95, Errno.ENOEXEC, "check failed"),
  layoutTextOverlapsRodata: site(SEL_C, 99, Errno.ENOEXEC, "check failed"),
  layoutTextOverlapsData: site(SEL_C, 103, Errno.ENOEXEC, "check failed"),
  layoutRodataUnaligned: site(SEL_C, 107, Errno.ENOEXEC, "check failed"),
  layoutDataUnaligned: site(SEL_C, 111, Errno.ENOEXEC, "check failed"),
  badEntryPoint: site(SEL_C, 193, Errno.ENOEXEC, "check failed"),

  // src/loader/sel_addrspace.c: data/bss reaching into the stack. Line read
  // off the stored sel_addrspace.c 17c2c89d, not seen in the oracle.
  holeNegative: site(SEL_ADDRSPACE_C, 176, Errno.EFAULT, "Memory 'hole' between end of BSS and start of stack is negative in size"),

  // Traps and address translation.
  userAddressInvalid: site(SEL_LDR_INL_H, 61, Errno.EFAULT, "uaddr 0x%08x, addr space %d bits", true),
  // The next function in the header; line inferred, not seen in the oracle.
  systemAddressInvalid: site(SEL_LDR_INL_H, 69, Errno.EFAULT, "sysaddr 0x%08x, mem_start 0x%08x, addr space %d bits"),
  naclSyscall: site(SYSCALL_HOOK_C, 66, Errno.EINVAL, "nacl syscall #%d received", true),
} as const satisfies Record<string, ZvmSite>;

/** Identifier of a row of {@link ZVM_SITES}. */
export type ZvmSiteId = keyof typeof ZVM_SITES;

/**
 * Formats `format` with C-style `%s`, `%d`, `%x` and `%08x` placeholders.
 * `%d` takes a number or bigint and prints it in decimal; `%x` prints
 * lower-case hexadecimal; `%08x` zero-pads to 8 digits.
 *
 * @throws Error when the argument count does not match (our bug, not input).
 */
export function formatSite(format: string, args: ReadonlyArray<string | number | bigint>): string {
  let next = 0;
  const text = format.replace(/%(08)?([sdx])/g, (_whole, pad: string | undefined, kind: string) => {
    if (next >= args.length) throw new Error(`Too few arguments for format: ${JSON.stringify(format)}`);
    const arg = args[next++]!;
    if (kind === "s") return String(arg);
    if (kind === "d") return BigInt(arg).toString(10);
    const hex = BigInt(arg).toString(16);
    return pad ? hex.padStart(8, "0") : hex;
  });
  if (next !== args.length) throw new Error(`Too many arguments for format: ${JSON.stringify(format)}`);
  return text;
}

/**
 * Builds the SessionError for a site whose exit code is the errno of a
 * failed host call (rows with `code` -1), e.g. `cannot open %s` after fopen.
 */
export function siteErrorWithCode(id: ZvmSiteId, errno: number, ...args: Array<string | number | bigint>): SessionError {
  const row: ZvmSite = ZVM_SITES[id];
  return zvmError(errno, row.file, row.line, formatSite(row.format, args));
}

/** Builds the SessionError ZeroVM reports at site `id`, filling its placeholders. */
export function siteError(id: ZvmSiteId, ...args: Array<string | number | bigint>): SessionError {
  const row: ZvmSite = ZVM_SITES[id];
  if (row.code < 0) throw new Error(`Site ${id} takes the host errno: use siteErrorWithCode`);
  return zvmError(row.code, row.file, row.line, formatSite(row.format, args));
}
