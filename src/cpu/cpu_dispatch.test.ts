/**
 * Cpu.run dispatches on Op values written as numeric literals with the
 * name in a comment (see the Op doc comment in decoder/insn.ts). This test
 * keeps the literals honest and checks that every Op has a handler.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Op } from "../decoder/insn.js";

const source = readFileSync(new URL("./cpu.ts", import.meta.url), "utf8");
const labels = [...source.matchAll(/case (\d+) \/\* Op\.(\w+) \*\/:/g)].map((m) => ({
  value: Number(m[1]),
  name: m[2],
}));
const ops = Op as unknown as Record<string, number>;

describe("cpu dispatch", () => {
  it("uses literal case labels that match their Op names", () => {
    expect(labels.length).toBeGreaterThan(100);
    for (const { value, name } of labels) expect(`${name} = ${value}`).toBe(`${name} = ${ops[name]}`);
  });

  it("has no `case Op.X` labels left (they defeat the jump table)", () => {
    expect(source).not.toMatch(/case Op\.\w+:/);
  });

  it("handles every Op", () => {
    const handled = new Set(labels.map((l) => l.name));
    const names = Object.keys(ops).filter((k) => Number.isNaN(Number(k)));
    const packedBinary = (n: string) => ops[n] >= ops.Pxor && ops[n] <= ops.Punpckldq;
    const missing = names.filter((n) => !handled.has(n) && !packedBinary(n));
    expect(missing).toEqual([]);
  });
});
