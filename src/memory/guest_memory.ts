/**
 * The guest address space: one lazily committed 4 GiB buffer.
 *
 * Guest (user) address `u` lives at byte `u` of the buffer. Natively it lives
 * at host address R15 + u, with R15 = 0x440A00000000; the CPU keeps that host
 * form in rip, rsp and rbp, and its high half (0x440A) tells an in-sandbox
 * address from a guard-region one. Node commits the buffer's pages only when
 * they are touched, so an idle session costs a few MB. It is a
 * SharedArrayBuffer (never shared with another thread) because Node 20
 * allocates a 4 GiB ArrayBuffer in about 8 ms and a SharedArrayBuffer in
 * well under 0.1 ms, with the same access speed through DataView and typed
 * arrays (measured here; that cost dominated an in-process session start).
 *
 * Protections are kept per 4 KiB page (ZeroVM's protection granule) in a
 * one-byte-per-page table, so a load or store checks them with one indexed
 * read. The named regions of ZeroVM's mem_map, which decide trap buffer
 * checks and the memory etag, live in memory_map.ts.
 */

/** Size of the guest address space in bytes. */
export const GUEST_SIZE = 2 ** 32;

/** High 32 bits of R15, the host address of guest address 0. */
export const SANDBOX_BASE_HI = 0x440a;

/** R15 as a JS number (exact: below 2^53). */
export const SANDBOX_BASE = SANDBOX_BASE_HI * 2 ** 32;

/** Host range of ZeroVM's whole reservation: 40 GiB guard, 4 GiB, 40 GiB. */
export const RESERVATION_START = 0x440000000000;
export const RESERVATION_END = RESERVATION_START + 84 * 2 ** 30;

/** log2 of the protection granule. */
export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;

/** Protection bits, as mprotect's PROT_* values. */
export const PROT_NONE = 0;
export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const PROT_EXEC = 4;

/** The guest's memory and its page protections. Owned by one session. */
export class GuestMemory {
  readonly buffer: SharedArrayBuffer;
  readonly u8: Uint8Array;
  readonly view: DataView;
  /** Protection bits per 4 KiB page, indexed by `guestAddress >>> 12`. */
  readonly pageProt: Uint8Array;

  constructor() {
    this.buffer = new SharedArrayBuffer(GUEST_SIZE);
    this.u8 = new Uint8Array(this.buffer);
    this.view = new DataView(this.buffer);
    this.pageProt = new Uint8Array(GUEST_SIZE / PAGE_SIZE);
  }

  /**
   * Sets the protection of every page that overlaps [start, end).
   * Like mprotect, a partial page at the end is covered whole.
   */
  protect(start: number, end: number, prot: number): void {
    if (end <= start) return;
    const first = Math.floor(start / PAGE_SIZE);
    const last = Math.ceil(end / PAGE_SIZE);
    this.pageProt.fill(prot, first, last);
  }

  /** True when every byte of [address, address + size) allows `prot`. */
  allows(address: number, size: number, prot: number): boolean {
    if (size <= 0) return true;
    const end = address + size;
    if (address < 0 || end > GUEST_SIZE) return false;
    const last = (end - 1) >>> PAGE_SHIFT;
    for (let page = address >>> PAGE_SHIFT; page <= last; page++) {
      if ((this.pageProt[page] & prot) !== prot) return false;
    }
    return true;
  }
}
