import { describe, expect, it } from "vitest";
import { GuestMemory, PROT_EXEC, PROT_READ, PROT_WRITE } from "./guest_memory.js";

describe("GuestMemory", () => {
  const memory = new GuestMemory();

  it("has one protection byte per 4 KiB page of the 4 GiB space", () => {
    expect(memory.pageProt.length).toBe(2 ** 20);
  });

  it("starts with every page inaccessible", () => {
    expect(memory.allows(0x20000, 1, PROT_READ)).toBe(false);
  });

  it("protects whole pages, rounding the end up as mprotect does", () => {
    memory.protect(0x50000, 0x50001, PROT_READ | PROT_EXEC);
    expect(memory.allows(0x50fff, 1, PROT_EXEC)).toBe(true);
    expect(memory.allows(0x51000, 1, PROT_EXEC)).toBe(false);
  });

  it("covers the top page of the address space", () => {
    memory.protect(0xff000000, 2 ** 32, PROT_READ | PROT_WRITE);
    expect(memory.allows(0xfffffff0, 16, PROT_WRITE)).toBe(true);
    expect(memory.allows(0xfffffff0, 17, PROT_WRITE)).toBe(false);
  });

  it("checks every page a range touches", () => {
    expect(memory.allows(0x50ff0, 0x20, PROT_READ)).toBe(false);
  });
});
