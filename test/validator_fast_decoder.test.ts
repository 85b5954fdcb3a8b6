/**
 * The table-driven fast decoder against iced-x86 (the slow path) on random
 * instruction bytes: whenever the fast path decodes, every field the rules
 * read must equal what iced says.
 */
import { describe, expect, it } from "vitest";
import { decodeFast } from "../src/validator/decode_fast.js";
import { SlowDecoder } from "../src/validator/decode_slow.js";
import { Insn } from "../src/validator/insn.js";
import { seededRng } from "./seeded_rng.js";


/** Random bytes shaped like instructions: optional prefix, REX, escape, opcode, ModRM... */
function sample(next: () => number): number[] {
  const out: number[] = [];
  const r = next();
  if (r < 0.1) out.push(0x66);
  else if (r < 0.15) out.push(0xf3);
  else if (r < 0.2) out.push(0xf2);
  else if (r < 0.23) out.push(0xf0);
  if (next() < 0.4) out.push(0x40 | Math.floor(next() * 16));
  const e = next();
  if (e < 0.3) out.push(0x0f);
  else if (e < 0.35) out.push(0x0f, 0x38);
  else if (e < 0.4) out.push(0x0f, 0x3a);
  while (out.length < 16) out.push(Math.floor(next() * 256));
  return out;
}

/** Registers whose implicit writes the rules look at: %rsp, %rbp, %r15. */
const SPECIAL = (1 << 4) | (1 << 5) | (1 << 15);

function fields(insn: Insn) {
  let explicit = 0;
  if (insn.write0 >= 0) explicit |= 1 << insn.write0;
  if (insn.write1 >= 0) explicit |= 1 << insn.write1;
  const writes = [
    [insn.write0, insn.width0],
    [insn.write1, insn.width1],
  ].filter(([r]) => r >= 0).map(([r, w]) => `${r}/${w}`).sort();
  return {
    code: insn.code,
    length: insn.length,
    memBase: insn.memBase,
    memIndex: insn.memIndex,
    writes,
    op0Write: insn.op0Write && insn.write0 >= 0 ? `${insn.write0}/${insn.width0}` : "none",
    implicitWrites: insn.implicitWrites & SPECIAL & ~explicit,
    prefixes: insn.prefixes,
    rex: insn.rex,
  };
}

describe("validator fast decoder", () => {
  it("agrees with iced on every field the rules read", () => {
    const next = seededRng(99);
    const count = 150000;
    const buf = new Uint8Array(count * 16);
    for (let i = 0; i < count; i++) buf.set(sample(next), i * 16);
    const slow = new SlowDecoder(buf, buf.length);
    const fast = new Insn();
    const ref = new Insn();
    let decodedFast = 0;
    const mismatches: string[] = [];
    try {
      for (let i = 0; i < count; i++) {
        const start = i * 16;
        // No reset, as in the validator's loop: decodeFast must set every field.
        fast.start = start;
        if (!decodeFast(buf, start + 16, fast)) continue;
        decodedFast++;
        ref.reset(start);
        slow.decode(ref);
        const a = fields(fast);
        const b = fields(ref);
        if (JSON.stringify(a) !== JSON.stringify(b) && mismatches.length < 10) {
          const hex = Buffer.from(buf.subarray(start, start + a.length)).toString("hex");
          mismatches.push(`${hex}: fast ${JSON.stringify(a)} iced ${JSON.stringify(b)}`);
        }
      }
    } finally {
      slow.free();
    }
    expect(mismatches).toEqual([]);
    expect(decodedFast).toBeGreaterThan(count / 2);
  });
});

describe("validator fast decoder coverage", () => {
  // These must not fall back to iced: compilers emit them everywhere, and a
  // fallback would keep the verdicts right but cost the throughput.
  const common: [string, number[]][] = [
    ["66 nopw", [0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00]],
    ["66 xchg ax,ax", [0x66, 0x90]],
    ["f2 movsd", [0xf2, 0x0f, 0x10, 0x44, 0x24, 0x08]],
    ["f3 rex movss", [0xf3, 0x41, 0x0f, 0x10, 0x07]],
    ["66 rex.w movq", [0x66, 0x48, 0x0f, 0x6e, 0xc0]],
    ["canonical long nop", [0x66, 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0]],
    ["rex.w sib disp8", [0x48, 0x8b, 0x44, 0x24, 0x08]],
    ["rip-relative", [0x8b, 0x05, 0x10, 0x00, 0x00, 0x00]],
  ];
  for (const [name, bytes] of common) {
    it(`decodes ${name} itself, with iced's length`, () => {
      const buf = Uint8Array.from([...bytes, 0x90]);
      const fast = new Insn();
      fast.reset(0);
      expect(decodeFast(buf, buf.length, fast)).toBe(true);
      expect(fast.length).toBe(bytes.length);
    });
  }
});
