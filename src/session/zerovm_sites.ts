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
 * `code` = process exit code (errno); `format` = message template;
 * `verified` = seen in the native oracle run (`../shared/oracle/cases.json`)
 * rather than derived from reading the code.
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
  programOpen: site(ZEROVM_C, 116, Errno.ENOENT, "program open error", true),
  validationFailed: site(ZEROVM_C, 145, Errno.ENOEXEC, "validation failed", true),

  // src/channels/channel.c: the channel set at mount time.
  aliasDuplicate: site(CHANNEL_C, 41, Errno.EFAULT, "%s is already allocated", true),
  channelBadType: site(CHANNEL_C, 375, Errno.EFAULT, "%s has invalid type %d", true),
  // Line read off the neighbouring check; not seen in the oracle.
  tooManyChannels: site(CHANNEL_C, 437, Errno.ENFILE, "channels number reached maximum"),
  notEnoughChannels: site(CHANNEL_C, 439, Errno.EFAULT, "not enough channels: %d", true),
  missingStdChannels: site(CHANNEL_C, 472, Errno.EFAULT, "missing standard channels in manifest", true),

  // src/channels/preload.c: opening local sources.
  channelBadIoType: site(PRELOAD_C, 102, Errno.EINVAL, "%s has invalid i/o type", true),
  channelCannotOpen: site(PRELOAD_C, 127, Errno.EFAULT, "cannot open %s", true),

  // src/channels/nservice.c: the name server exchange.
  invalidNode: site(NSERVICE_C, 186, Errno.EFAULT, "invalid node: %d", true),
  // Follows the node check in 54a57b17 (the node check wins for a tcp name
  // server); line estimated from the code layout, not seen in the oracle.
  nameServerNotUdp: site(NSERVICE_C, 189, Errno.EFAULT, "name server only support udp protocol"),

  // src/loader/elf_util.c: ELF header checks (NaClCheckElf-style "check failed").
  elfHeaderRead: site(ELF_UTIL_C, 268, Errno.EIO, "check failed", true),
  elfPhnum: site(ELF_UTIL_C, 274, Errno.ENOEXEC, "check failed", true),

  // Traps and address translation.
  userAddressInvalid: site(SEL_LDR_INL_H, 61, Errno.EFAULT, "uaddr 0x%08x, addr space %d bits", true),
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

/** Builds the SessionError ZeroVM reports at site `id`, filling its placeholders. */
export function siteError(id: ZvmSiteId, ...args: Array<string | number | bigint>): SessionError {
  const row: ZvmSite = ZVM_SITES[id];
  return zvmError(row.code, row.file, row.line, formatSite(row.format, args));
}
