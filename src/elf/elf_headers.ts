/**
 * Reading ELF64 file and program headers the way ZeroVM's loader does
 * (src/loader/elf_util.c `ElfImageNew`), from an in-memory copy of the file.
 *
 * ZeroVM reads the nexe into a memory "snapshot" and then seeks and reads in
 * it: a read past the end returns fewer bytes, and a seek beyond the end (or
 * to an offset that is negative as a signed `off_t`) fails. The header checks
 * run in ZeroVM's order: 64 header bytes (EIO), `e_phnum` ≤ 128,
 * `e_phentsize` ≥ 56, seek to `e_phoff` (EIO), then `e_phnum` program
 * headers read with a stride of 56 bytes whatever `e_phentsize` says (EIO).
 * Only then are magic, class, type, machine and version checked.
 */

import { siteError } from "../session/zerovm_sites.js";

/** `sizeof(Elf64_Ehdr)`. */
export const EHDR_SIZE = 64;
/** `sizeof(Elf64_Phdr)`: the stride ZeroVM uses for program headers. */
export const PHDR_SIZE = 56;
/** `NACL_MAX_PROGRAM_HEADERS`. */
export const MAX_PROGRAM_HEADERS = 128;

/** The file header fields the loader uses. */
export interface ElfHeader {
  ident: Uint8Array;
  type: number;
  machine: number;
  version: number;
  entry: bigint;
  phoff: bigint;
  phentsize: number;
  phnum: number;
}

/** One program header (64-bit fields as bigint). */
export interface ProgramHeader {
  type: number;
  flags: number;
  offset: bigint;
  vaddr: bigint;
  filesz: bigint;
  memsz: bigint;
}

const INT64_MAX = (1n << 63n) - 1n;

/**
 * True when ZeroVM's snapshot `Seek(offset, SEEK_SET)` succeeds: the offset,
 * as a signed off_t, lies in [0, size] (the end itself is allowed).
 */
export function canSeek(offset: bigint, size: number): boolean {
  return offset <= INT64_MAX && offset <= BigInt(size);
}

/** Reads the file header fields (bytes must hold at least 64 bytes). */
function decodeHeader(view: DataView, bytes: Uint8Array): ElfHeader {
  return {
    ident: bytes.subarray(0, 16),
    type: view.getUint16(16, true),
    machine: view.getUint16(18, true),
    version: view.getUint32(20, true),
    entry: view.getBigUint64(24, true),
    phoff: view.getBigUint64(32, true),
    phentsize: view.getUint16(54, true),
    phnum: view.getUint16(56, true),
  };
}

/** Reads the program header at byte `at`. */
function decodeProgramHeader(view: DataView, at: number): ProgramHeader {
  return {
    type: view.getUint32(at, true),
    flags: view.getUint32(at + 4, true),
    offset: view.getBigUint64(at + 8, true),
    vaddr: view.getBigUint64(at + 16, true),
    filesz: view.getBigUint64(at + 32, true),
    memsz: view.getBigUint64(at + 40, true),
  };
}

/**
 * Reads the file header and the program headers, with ZeroVM's read-time
 * checks (not the content checks; see {@link checkFileHeader}).
 *
 * @throws SessionError `src/loader/elf_util.c 268: check failed` (5) for a
 *   file shorter than 64 bytes, `... 274: check failed` (8) for more than
 *   128 program headers, and the other read failures
 */
export function readElfHeaders(bytes: Uint8Array): { header: ElfHeader; phdrs: ProgramHeader[] } {
  if (bytes.length < EHDR_SIZE) throw siteError("elfHeaderRead");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = decodeHeader(view, bytes);

  if (header.phnum > MAX_PROGRAM_HEADERS) throw siteError("elfPhnum");
  if (header.phentsize < PHDR_SIZE) throw siteError("elfPhentsize", header.phentsize, PHDR_SIZE);
  if (!canSeek(header.phoff, bytes.length)) throw siteError("elfPhoffSeek");

  const start = Number(header.phoff);
  if (bytes.length - start < header.phnum * PHDR_SIZE) throw siteError("elfPhdrRead");
  const phdrs: ProgramHeader[] = [];
  for (let index = 0; index < header.phnum; index++) {
    phdrs.push(decodeProgramHeader(view, start + index * PHDR_SIZE));
  }
  return { header, phdrs };
}

/** ELF identification and header constants ZeroVM checks. */
const ELFCLASS64 = 2;
const ET_EXEC = 2;
const EM_X86_64 = 62;
const EV_CURRENT = 1;

/**
 * ZeroVM's `ValidateElfHeader`: magic, class, type, machine, version, in
 * that order (all exit 8). EI_DATA, EI_OSABI and EI_ABIVERSION are not
 * checked.
 */
export function checkFileHeader(header: ElfHeader): void {
  const id = header.ident;
  if (id[0] !== 0x7f || id[1] !== 0x45 || id[2] !== 0x4c || id[3] !== 0x46) {
    throw siteError("elfBadMagic");
  }
  if (id[4] !== ELFCLASS64) throw siteError("elfBadClass");
  if (header.type !== ET_EXEC) throw siteError("elfNotExecutable");
  if (header.machine !== EM_X86_64) throw siteError("elfBadMachine", header.machine);
  if (header.version !== EV_CURRENT) throw siteError("elfBadVersion", header.version);
}
