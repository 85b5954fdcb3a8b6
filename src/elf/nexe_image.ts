/**
 * From ELF bytes to a checked NexeImage, and from that to guest memory
 * (zerovm-spec.md §1.2, zerovm-native.md §7.1; ZeroVM's `AppLoadFile` in
 * src/loader/sel.c).
 *
 * ZeroVM's order, which decides the reported state when several things are
 * wrong: read the headers; check the file header; scan the program headers;
 * compute the break; check the entry point; check the layout (data last, no
 * overlaps, 64 KiB alignment); reserve the address space (data must end
 * below the stack); read each segment's bytes from the file; check the
 * 32-byte halt-sled gap after the text. All of these happen in
 * {@link parseNexe}, so {@link placeNexe} cannot fail.
 */

import type { GuestMemory } from "../memory/guest_memory.js";
import { siteError } from "../session/zerovm_sites.js";
import { canSeek, checkFileHeader, readElfHeaders } from "./elf_headers.js";
import { scanSegments, TEXT_START, type SegmentLayout } from "./segments.js";

/** `NACL_MAP_PAGESIZE`: the 64 KiB allocation granule. */
export const ALLOC_PAGE = 0x10000;
/** `NACL_HALT_SLED_SIZE`: HLT bytes required after the text. */
export const HALT_SLED_SIZE = 32;
/** `NACL_INSTR_BLOCK_SIZE`: the entry point's alignment. */
const BUNDLE_SIZE = 32;
/** Start of the 16 MiB stack (4 GiB − 16 MiB). */
export const STACK_START = 0xff000000;
/** The x86 `hlt` opcode used for padding. */
export const HLT = 0xf4;

/** A segment to copy into guest memory. */
export interface NexeSegment {
  kind: "text" | "rodata" | "data" | "gnu_stack";
  vaddr: number;
  /** Offset of the segment's bytes in the file. */
  offset: number;
  fileSize: number;
  memSize: number;
}

/** A nexe that passed every loader check ZeroVM makes. */
export interface NexeImage {
  entry: number;
  /** Text p_filesz. */
  textFileSize: number;
  /** 0x20000 + text p_filesz. */
  staticTextEnd: number;
  /** ROUNDUP_64K(staticTextEnd + 32): HLT padding goes up to here. */
  paddedTextEnd: number;
  rodata?: { start: number; end: number };
  data?: { start: number; end: number };
  /** End of data/bss; without data, max_vaddr rounded as ZeroVM does. */
  breakAddr: number;
  /** Segments in program-header order. */
  segments: NexeSegment[];
}

/** Rounds `value` up to a multiple of 64 KiB. */
export function roundUp64K(value: number): number {
  return Math.ceil(value / ALLOC_PAGE) * ALLOC_PAGE;
}

/**
 * ZeroVM's break: the data end when there is data; otherwise max_vaddr
 * rounded up to 64 KiB, after adding 64 KiB when there is no rodata either
 * and fewer than 32 bytes would remain before the boundary.
 */
function computeBreak(layout: SegmentLayout): number {
  let max = layout.maxVaddr;
  if (layout.data) return max;
  if (!layout.rodata && roundUp64K(max) - max < HALT_SLED_SIZE) max += ALLOC_PAGE;
  return roundUp64K(max);
}

/** ZeroVM's `CheckAddressSpaceLayoutSanity`, in its order (all exit 8). */
function checkLayout(layout: SegmentLayout, breakAddr: number): void {
  const { rodata, data, staticTextEnd } = layout;
  if (data && data.end !== breakAddr) throw siteError("layoutDataNotLast");
  else if (!data && rodata && roundUp64K(rodata.end) !== breakAddr) throw siteError("layoutRodataNotLast");

  if (rodata && data && rodata.end > data.start) throw siteError("layoutRodataOverlapsData");
  if (rodata) {
    if (roundUp64K(staticTextEnd) > rodata.start) throw siteError("layoutTextOverlapsRodata");
  } else if (data && roundUp64K(staticTextEnd) > data.start) {
    throw siteError("layoutTextOverlapsData");
  }

  if (rodata && rodata.start % ALLOC_PAGE !== 0) throw siteError("layoutRodataUnaligned");
  if (data && data.start % ALLOC_PAGE !== 0) throw siteError("layoutDataUnaligned");
}

/**
 * Checks what ZeroVM's `ElfImageLoad` would read: every loaded segment with
 * file bytes needs a seekable offset and its whole `p_filesz` in the file.
 */
function checkSegmentBytes(layout: SegmentLayout, fileSize: number): void {
  for (const { header, index } of layout.loadable) {
    if (header.filesz === 0n) continue;
    if (!canSeek(header.offset, fileSize)) throw siteError("segmentSeek", index);
    if (BigInt(fileSize) - header.offset < header.filesz) throw siteError("segmentRead", index);
  }
}

/** ZeroVM's `FillEndOfTextRegion` precondition: 32 bytes after the text. */
function checkHaltSled(layout: SegmentLayout): void {
  const sledEnd = layout.staticTextEnd + HALT_SLED_SIZE;
  if (layout.data && sledEnd > layout.data.start) throw siteError("missingGapData");
  if (layout.rodata && sledEnd > layout.rodata.start) throw siteError("missingGapRodata");
}

/**
 * Checks a nexe as ZeroVM's loader does and describes where it goes.
 *
 * @param bytes the whole program file (what ZeroVM's snapshot holds)
 * @throws SessionError the exact state ZeroVM reports for the first problem
 */
export function parseNexe(bytes: Uint8Array): NexeImage {
  const { header, phdrs } = readElfHeaders(bytes);
  checkFileHeader(header);
  const layout = scanSegments(phdrs);
  const breakAddr = computeBreak(layout);

  const entry = header.entry;
  if (entry % BigInt(BUNDLE_SIZE) !== 0n || entry >= BigInt(layout.staticTextEnd)) {
    throw siteError("badEntryPoint");
  }
  checkLayout(layout, breakAddr);
  if (roundUp64K(breakAddr) > STACK_START) throw siteError("holeNegative");
  checkSegmentBytes(layout, bytes.length);
  checkHaltSled(layout);

  return {
    entry: Number(entry),
    textFileSize: layout.staticTextEnd - TEXT_START,
    staticTextEnd: layout.staticTextEnd,
    paddedTextEnd: roundUp64K(layout.staticTextEnd + HALT_SLED_SIZE),
    ...(layout.rodata ? { rodata: layout.rodata } : {}),
    ...(layout.data ? { data: layout.data } : {}),
    breakAddr,
    segments: layout.loadable.map(({ kind, header: php }) => ({
      kind,
      vaddr: Number(php.vaddr),
      offset: Number(php.offset),
      fileSize: Number(php.filesz),
      memSize: Number(php.memsz),
    })),
  };
}

/**
 * Copies the segments into guest memory, zeroes each segment's tail up to
 * p_memsz, and fills [staticTextEnd, paddedTextEnd) with HLT. Does not set
 * page protections (the session does).
 *
 * ZeroVM copies into pre-zeroed memory and never clears a tail, so where a
 * tail overlaps another segment the file bytes win: tails are cleared first.
 */
export function placeNexe(image: NexeImage, bytes: Uint8Array, memory: GuestMemory): void {
  for (const segment of image.segments) {
    memory.u8.fill(0, segment.vaddr + segment.fileSize, segment.vaddr + segment.memSize);
  }
  for (const segment of image.segments) {
    const fileBytes = bytes.subarray(segment.offset, segment.offset + segment.fileSize);
    memory.u8.set(fileBytes, segment.vaddr);
  }
  memory.u8.fill(HLT, image.staticTextEnd, image.paddedTextEnd);
}
