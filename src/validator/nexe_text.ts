/**
 * The text of an ELF nexe as the loader lays it out, for `ncval` and tests.
 *
 * Deliberately minimal (the loader's full checks live in src/elf/): finds the
 * executable PT_LOAD (at 0x20000 for programs, V§2.1; Chrome's IRT sits
 * elsewhere, so any 64 KiB-aligned address is taken as the base), and appends HLT (f4) padding from the text end up to the next 64 KiB
 * boundary after 32 more bytes, as the loader fills it. Used instead of
 * src/elf's parseNexe because an auditor wants the text of nexes that
 * ZeroVM's other layout checks would refuse (Chrome NaCl nexes).
 */
const PT_LOAD = 1;
const PF_X = 1;
const PF_R = 4;
const HALT_SLED = 32;
const PAGE_64K = 0x10000;

export interface NexeText {
  /** Text followed by its HLT padding: the bytes at [base, paddedTextEnd). */
  text: Uint8Array;
  /** Guest address of text[0] (the segment's p_vaddr, 0x20000 for programs). */
  base: number;
  entry: number;
  staticTextEnd: number;
  paddedTextEnd: number;
}

/** True when `bytes` start with the ELF magic. */
export function isElf(bytes: Uint8Array): boolean {
  const magic = [0x7f, 0x45, 0x4c, 0x46];
  return bytes.length >= 4 && magic.every((b, i) => bytes[i] === b);
}

/**
 * Extracts and pads the text segment of an ELF64 x86-64 nexe.
 * @throws Error naming what is wrong when the file is not such a nexe.
 */
export function extractNexeText(bytes: Uint8Array): NexeText {
  if (!isElf(bytes)) throw new Error("Not an ELF file: missing the 7f 45 4c 46 magic");
  if (bytes.length < 64 || bytes[4] !== 2 || bytes[5] !== 1) {
    throw new Error("Not a nexe: expected a little-endian ELF64 file");
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(18, true) !== 62) throw new Error("Not a nexe: the ELF machine is not x86-64");
  const entry = Number(view.getBigUint64(24, true));
  const phoff = Number(view.getBigUint64(32, true));
  const phentsize = view.getUint16(54, true);
  const phnum = view.getUint16(56, true);
  if (phentsize < 56 || phoff + phnum * phentsize > bytes.length) {
    throw new Error("Not a nexe: the program headers lie outside the file");
  }
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    const flags = view.getUint32(at + 4, true);
    if (view.getUint32(at, true) !== PT_LOAD || (flags & PF_X) === 0) continue;
    const offset = Number(view.getBigUint64(at + 8, true));
    const vaddr = Number(view.getBigUint64(at + 16, true));
    const fileSize = Number(view.getBigUint64(at + 32, true));
    if (flags !== (PF_R | PF_X)) {
      throw new Error(`Not a nexe: the text segment flags are ${flags}, expected R|X (5)`);
    }
    if (vaddr % PAGE_64K !== 0) {
      const at64k = "expected a 64 KiB boundary";
      throw new Error(`Not a nexe: the text segment starts at 0x${vaddr.toString(16)}, ${at64k}`);
    }
    if (offset + fileSize > bytes.length) {
      throw new Error("Not a nexe: the text segment runs past the end of the file");
    }
    const staticTextEnd = vaddr + fileSize;
    const paddedTextEnd = Math.ceil((staticTextEnd + HALT_SLED) / PAGE_64K) * PAGE_64K;
    const text = new Uint8Array(paddedTextEnd - vaddr).fill(0xf4);
    text.set(bytes.subarray(offset, offset + fileSize));
    return { text, base: vaddr, entry, staticTextEnd, paddedTextEnd };
  }
  throw new Error("Not a nexe: no executable PT_LOAD segment");
}
