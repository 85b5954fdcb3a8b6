/**
 * The few ELF facts nacl-cc needs about the nexes it writes: the NaCl header
 * bytes (EI_OSABI 123, EI_ABIVERSION 7, e_flags EF_NACL_ALIGN_32) that GNU ld
 * cannot set, and where the text segment is. This is not the VM's loader; it
 * trusts that GNU ld produced a well-formed ELF64 file and throws otherwise.
 */

/** EI_OSABI value used by Native Client (ELFOSABI_NACL). */
export const NACL_OSABI = 123;
/** EI_ABIVERSION of NaCl nexes. */
export const NACL_ABI_VERSION = 7;
/** e_flags EF_NACL_ALIGN_32: 32-byte bundles. */
export const NACL_ELF_FLAGS = 0x200000;
/** Where ZeroVM requires the text segment and the entry point. */
export const NEXE_TEXT_START = 0x20000;

const PT_LOAD = 1;
const PF_X = 1;

/** Writes the NaCl identification bytes into an ELF64 image, in place. */
export function patchNaclHeader(image: Uint8Array): void {
  requireElf64(image);
  image[7] = NACL_OSABI;
  image[8] = NACL_ABI_VERSION;
  new DataView(image.buffer, image.byteOffset, image.byteLength).setUint32(48, NACL_ELF_FLAGS, true);
}

/** The file bytes of the executable PT_LOAD segment and its guest address. */
export interface TextSegment {
  bytes: Uint8Array;
  guestAddress: number;
}

/** Finds the executable segment of an ELF64 image. */
export function findTextSegment(image: Uint8Array): TextSegment {
  requireElf64(image);
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const phoff = Number(view.getBigUint64(32, true));
  const phentsize = view.getUint16(54, true);
  const phnum = view.getUint16(56, true);
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    const type = view.getUint32(at, true);
    const flags = view.getUint32(at + 4, true);
    if (type !== PT_LOAD || (flags & PF_X) === 0) continue;
    const offset = Number(view.getBigUint64(at + 8, true));
    const vaddr = Number(view.getBigUint64(at + 16, true));
    const filesz = Number(view.getBigUint64(at + 32, true));
    return { bytes: image.subarray(offset, offset + filesz), guestAddress: vaddr };
  }
  throw new Error("Not a nexe: the ELF file has no executable PT_LOAD segment");
}

/** The entry point (e_entry) of an ELF64 image. */
export function entryPoint(image: Uint8Array): number {
  requireElf64(image);
  return Number(new DataView(image.buffer, image.byteOffset).getBigUint64(24, true));
}

function requireElf64(image: Uint8Array): void {
  const magic = image.length >= 64 && image[0] === 0x7f && image[1] === 0x45 &&
    image[2] === 0x4c && image[3] === 0x46 && image[4] === 2;
  if (!magic) throw new Error("Not an ELF64 file: expected the bytes 7f 45 4c 46 02 at offset 0");
}
