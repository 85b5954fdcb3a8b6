/**
 * ZeroVM's program-header table rules (src/loader/elf_util.c
 * `ValidateProgramHeaders`).
 *
 * Headers with `p_memsz == 0` are skipped. Every other header must match a
 * row of {@link SEGMENT_RULES} by type *and* the whole flags word, and each
 * row may match only once. Ignored rows stop there; the others (text,
 * rodata, data and a non-executable GNU stack) are checked in this order:
 * the text vaddr must be 0x20000, vaddr ≥ 0x20000, vaddr + memsz must not
 * overflow 64 bits nor reach 2^32, filesz ≤ memsz. They are then loaded,
 * and raise the highest address seen (`max_vaddr`).
 */

import { siteError } from "../session/zerovm_sites.js";
import type { ProgramHeader } from "./elf_headers.js";

/** `NACL_TRAMPOLINE_END`: where text must start. */
export const TEXT_START = 0x20000;
const ADDRESS_LIMIT = 1n << 32n;
const UINT64_LIMIT = 1n << 64n;

const PT_NULL = 0;
const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const PT_NOTE = 4;
const PT_PHDR = 6;
const PT_TLS = 7;
const PT_GNU_EH_FRAME = 0x6474e550;
const PT_GNU_STACK = 0x6474e551;
const PT_GNU_RELRO = 0x6474e552;
const PF_X = 1;
const PF_W = 2;
const PF_R = 4;

/** What ZeroVM does with a matching header. */
type SegmentAction = "ignore" | "text" | "rodata" | "data" | "none";

/**
 * The allowed headers, in ZeroVM's order. Legend: `type` = p_type,
 * `flags` = exact p_flags, `action` = what happens to it.
 */
const SEGMENT_RULES: ReadonlyArray<{ type: number; flags: number; action: SegmentAction }> = [
  { type: PT_PHDR, flags: PF_R, action: "ignore" },
  { type: PT_LOAD, flags: PF_R | PF_X, action: "text" },
  { type: PT_LOAD, flags: PF_R, action: "rodata" },
  { type: PT_LOAD, flags: PF_R | PF_W, action: "data" },
  { type: PT_TLS, flags: PF_R, action: "ignore" },
  { type: PT_GNU_STACK, flags: PF_R | PF_W, action: "none" },
  { type: PT_DYNAMIC, flags: PF_R, action: "ignore" },
  { type: PT_INTERP, flags: PF_R, action: "ignore" },
  { type: PT_NOTE, flags: PF_R, action: "ignore" },
  { type: PT_GNU_EH_FRAME, flags: PF_R, action: "ignore" },
  { type: PT_GNU_RELRO, flags: PF_R, action: "ignore" },
  { type: PT_NULL, flags: PF_R, action: "ignore" },
];

/** A header the loader will copy into guest memory. */
export interface LoadableSegment {
  kind: "text" | "rodata" | "data" | "gnu_stack";
  /** Index of the header in the table (0-based). */
  index: number;
  header: ProgramHeader;
}

/** Result of the table scan; addresses are guest addresses. */
export interface SegmentLayout {
  loadable: LoadableSegment[];
  /** 0x20000 + text p_filesz. */
  staticTextEnd: number;
  rodata?: { start: number; end: number };
  data?: { start: number; end: number };
  /** Highest vaddr + memsz of a loaded header, at least 0x20000. */
  maxVaddr: number;
}

/** Checks one loaded header's addresses (numbered `index`). */
function checkAddresses(php: ProgramHeader, index: number, action: SegmentAction): void {
  if (action === "text" && php.vaddr !== BigInt(TEXT_START)) {
    throw siteError("segmentBadVaddr", index, php.vaddr & 0xffffffffn, TEXT_START);
  }
  if (php.vaddr < BigInt(TEXT_START)) throw siteError("segmentTooLow", index, php.vaddr & 0xffffffffn);
  const end = php.vaddr + php.memsz;
  if (end >= UINT64_LIMIT) throw siteError("segmentOverflow", index);
  if (end >= ADDRESS_LIMIT) throw siteError("segmentTooLarge", index, end & 0xffffffffn);
  if (php.filesz > php.memsz) {
    throw siteError("segmentFileTooBig", index, php.filesz & 0xffffffffn, php.memsz & 0xffffffffn);
  }
}

/**
 * Scans the program headers with ZeroVM's rules.
 *
 * @throws SessionError exit 8 states of src/loader/elf_util.c
 */
export function scanSegments(phdrs: readonly ProgramHeader[]): SegmentLayout {
  const seen = new Array<boolean>(SEGMENT_RULES.length).fill(false);
  const layout: SegmentLayout = { loadable: [], staticTextEnd: 0, maxVaddr: TEXT_START };

  phdrs.forEach((php, index) => {
    if (php.memsz === 0n) return;
    const row = SEGMENT_RULES.findIndex((rule) => rule.type === php.type && rule.flags === php.flags);
    if (row < 0) throw siteError("segmentUnexpected", index, php.type, php.flags);
    if (seen[row]) throw siteError("segmentSeen", index);
    seen[row] = true;

    const action = SEGMENT_RULES[row]!.action;
    if (action === "ignore") return;
    checkAddresses(php, index, action);

    const start = Number(php.vaddr);
    const end = Number(php.vaddr + php.memsz);
    layout.maxVaddr = Math.max(layout.maxVaddr, end);
    if (action === "text") layout.staticTextEnd = TEXT_START + Number(php.filesz);
    if (action === "rodata") layout.rodata = { start, end };
    if (action === "data") layout.data = { start, end };
    layout.loadable.push({ kind: action === "none" ? "gnu_stack" : action, index, header: php });
  });

  if (!seen[1]) throw siteError("textMissing");
  return layout;
}
