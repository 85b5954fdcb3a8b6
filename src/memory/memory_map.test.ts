import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MemoryMap } from "./memory_map.js";
import { GuestMemory, PROT_EXEC, PROT_NONE, PROT_READ, PROT_WRITE } from "./guest_memory.js";

function sampleMap(): MemoryMap {
  const map = new MemoryMap();
  map.set({ name: "LeftBumper", start: 0, end: 0x10000, prot: PROT_NONE });
  map.set({ name: "Text", start: 0x10000, end: 0x30000, prot: PROT_READ | PROT_EXEC });
  map.set({ name: "Heap", start: 0x40000, end: 0x100000, prot: PROT_READ | PROT_WRITE });
  map.set({ name: "Hole", start: 0x100000, end: 0xfeff0000, prot: PROT_NONE });
  map.set({ name: "SysData", start: 0xfeff0000, end: 0xff000000, prot: PROT_READ });
  map.set({ name: "Stack", start: 0xff000000, end: 2 ** 32, prot: PROT_READ | PROT_WRITE });
  return map;
}

describe("MemoryMap.set", () => {
  it("keeps blocks in address order and replaces a block by name", () => {
    const map = new MemoryMap();
    map.set({ name: "Stack", start: 0xff000000, end: 2 ** 32, prot: PROT_READ });
    map.set({ name: "Text", start: 0x10000, end: 0x30000, prot: PROT_READ });
    map.set({ name: "Heap", start: 0x40000, end: 0x50000, prot: PROT_NONE });
    map.set({ name: "Heap", start: 0x40000, end: 0x90000, prot: PROT_WRITE });
    expect(map.blocks.map((b) => b.name)).toEqual(["Text", "Heap", "Stack"]);
    expect(map.find("Heap")?.end).toBe(0x90000);
  });
});

describe("MemoryMap.allows", () => {
  const map = sampleMap();

  it("refuses the null guard", () => {
    expect(map.allows(0, 1, PROT_READ)).toBe(false);
  });

  it("allows reading text but not writing it", () => {
    expect(map.allows(0x20000, 16, PROT_READ)).toBe(true);
    expect(map.allows(0x20000, 16, PROT_WRITE)).toBe(false);
  });

  it("judges an address in a gap by the next block up", () => {
    expect(map.allows(0x30000, 16, PROT_WRITE)).toBe(true);
  });

  it("refuses a range that runs past 4 GiB", () => {
    expect(map.allows(0xfffffff0, 0x100, PROT_READ)).toBe(false);
  });

  it("refuses a range that crosses into a block without the bit", () => {
    expect(map.allows(0xfeff0000 - 8, 16, PROT_READ)).toBe(false);
    expect(map.allows(0xfffff000, 0x1000, PROT_WRITE)).toBe(true);
  });

  it("passes a negative size once the first block allows the access", () => {
    expect(map.allows(0xfffff000, -1, PROT_READ)).toBe(true);
    expect(map.allows(0, -1, PROT_READ)).toBe(false);
  });
});

describe("MemoryMap.digest", () => {
  it("hashes readable blocks in map order, including blocks of 2 GiB or more", () => {
    const memory = new GuestMemory();
    memory.u8[0x10000] = 1;
    memory.u8[0xfffffff0] = 2;
    const map = new MemoryMap();
    map.set({ name: "Text", start: 0x10000, end: 0x20000, prot: PROT_READ | PROT_EXEC });
    map.set({ name: "Hole", start: 0x20000, end: 0x30000, prot: PROT_NONE });
    map.set({ name: "Heap", start: 0x30000, end: 0xc0030000, prot: PROT_READ | PROT_WRITE });
    map.set({ name: "Stack", start: 0xff000000, end: 2 ** 32, prot: PROT_READ | PROT_WRITE });

    const expected = createHash("sha1");
    expected.update(memory.u8.subarray(0x10000, 0x20000));
    for (let at = 0x30000; at < 0xc0030000; at += 0x40000000) {
      expected.update(memory.u8.subarray(at, Math.min(at + 0x40000000, 0xc0030000)));
    }
    expected.update(memory.u8.subarray(0xff000000, 2 ** 32));
    expect(map.digest(memory)).toBe(expected.digest("hex"));
  }, 60_000);

  it("is the SHA-1 of nothing without memory", () => {
    expect(new MemoryMap().digest(undefined)).toBe("da39a3ee5e6b4b0d3255bfef95601890afd80709");
  });
});
