/**
 * ZeroVM's mem_map: the named blocks of the guest address space.
 *
 * The page table in GuestMemory decides what a guest load or store may do;
 * this map decides what ZeroVM's own code believes about the address space:
 * whether a trap's buffer is readable or writable (CheckRAMAccess), and which
 * bytes go into the `/dev/memory` etag. The two differ on purpose, as they do
 * natively: the heap of a nexe without a data segment is read-write for the
 * guest but its block records no protection, so it is neither a valid trap
 * buffer nor part of the memory etag (zerovm-native.md §7.8).
 */
import { createHash } from "node:crypto";
import { GUEST_SIZE, GuestMemory, PROT_READ } from "./guest_memory.js";

/** Largest piece of memory handed to the hash at once. */
const DIGEST_CHUNK = 0x10000000;

/** One block of the map; `end` is exclusive. */
export interface MemoryBlock {
  name: "LeftBumper" | "Text" | "ROData" | "Heap" | "Hole" | "SysData" | "Stack";
  start: number;
  end: number;
  /** The protection ZeroVM recorded for the block (PROT_* bits). */
  prot: number;
}

/** The blocks in address order, as ZeroVM lists them. */
export class MemoryMap {
  readonly blocks: MemoryBlock[] = [];

  /** Adds a block, or replaces the block of that name; keeps address order. */
  set(block: MemoryBlock): void {
    const same = this.blocks.findIndex((b) => b.name === block.name);
    if (same >= 0) this.blocks.splice(same, 1);
    const after = this.blocks.findIndex((b) => b.start > block.start);
    this.blocks.splice(after < 0 ? this.blocks.length : after, 0, block);
  }

  /** The block with the given name, if the map has one. */
  find(name: MemoryBlock["name"]): MemoryBlock | undefined {
    return this.blocks.find((block) => block.name === name);
  }

  /**
   * ZeroVM's CheckRAMAccess: walks the blocks upwards from the one holding
   * `address` (an address in a gap is judged by the next block up); each
   * block touched must allow `prot`, until `size` bytes are covered. A size
   * of zero or less passes once the first block allows `prot`.
   */
  allows(address: number, size: number, prot: number): boolean {
    let start = address;
    let rest = size;
    for (const block of this.blocks) {
      if (start >= block.end) continue;
      if ((block.prot & prot) === 0) return false;
      rest -= block.end - start;
      if (rest <= 0) return true;
      start = block.end;
    }
    return false;
  }

  /**
   * The `/dev/memory` etag: SHA-1 over every block whose recorded
   * protection includes PROT_READ, in map order, as lowercase hex.
   */
  digest(memory: GuestMemory | undefined): string {
    const hash = createHash("sha1");
    if (memory) {
      for (const block of this.blocks) {
        if ((block.prot & PROT_READ) === 0) continue;
        // Node's hash refuses a single update of 2 GiB or more.
        const end = Math.min(block.end, GUEST_SIZE);
        for (let at = block.start; at < end; at += DIGEST_CHUNK) {
          hash.update(memory.u8.subarray(at, Math.min(end, at + DIGEST_CHUNK)));
        }
      }
    }
    return hash.digest("hex");
  }
}
