/**
 * Property and differential tests of the validator: random and mutated byte
 * sequences never make it throw, and its verdicts agree with the
 * independent iced-based checker (test/validator_oracle_checker.ts).
 */
import { describe, expect, it } from "vitest";
import { validateCode } from "../src/validator/index.js";
import { oracleValidate } from "./validator_oracle_checker.js";
import { seededRng } from "./seeded_rng.js";

type Profile = "zerovm" | "nacl";


/** Valid (super)instructions and near-misses that exercise every rule family. */
const PIECES: number[][] = [
  [0x90], [0xf4], [0x0f, 0x0b], [0x50], [0x58], [0x41, 0x57], [0x48, 0x89, 0xe5], [0x48, 0x89, 0xec],
  [0x48, 0x83, 0xe4, 0xf0], [0x48, 0x83, 0xe4, 0x10], [0x83, 0xec, 0x10, 0x4c, 0x01, 0xfc], [0x89, 0xc4, 0x4c, 0x09, 0xfc],
  [0x89, 0xc5, 0x4c, 0x01, 0xfd], [0x89, 0xc5, 0x4c, 0x09, 0xfd], [0x48, 0x83, 0xec, 0x08], [0x89, 0xc0, 0x41, 0x8b, 0x0c, 0x07],
  [0x89, 0xc0, 0x90, 0x41, 0x8b, 0x0c, 0x07], [0x41, 0x89, 0x1c, 0x17], [0x48, 0x8b, 0x45, 0xf8], [0x8b, 0x04, 0x24],
  [0x8b, 0x05, 0x10, 0x00, 0x00, 0x00], [0x8b, 0x00], [0x41, 0x8b, 0x47, 0x10], [0x45, 0x31, 0xff], [0x41, 0x83, 0xc7, 0x08],
  [0x83, 0xe0, 0xe0, 0x4c, 0x01, 0xf8, 0xff, 0xe0], [0x83, 0xe1, 0xe0, 0x4c, 0x01, 0xf9, 0xff, 0xd1], [0x83, 0xe1, 0xf0, 0x4c, 0x01, 0xf9, 0xff, 0xe1],
  [0xff, 0xe0], [0xc3], [0x89, 0xff, 0x49, 0x8d, 0x3c, 0x3f, 0xf3, 0xab], [0x89, 0xff, 0x49, 0x8d, 0x7c, 0x3f, 0x10, 0xaa],
  [0x89, 0xf6, 0x49, 0x8d, 0x34, 0x37, 0x89, 0xff, 0x49, 0x8d, 0x3c, 0x3f, 0xf3, 0xa4], [0x89, 0xf6, 0x49, 0x8d, 0x34, 0x37, 0xac],
  [0x89, 0xff, 0x49, 0x8d, 0x3c, 0x3f, 0x89, 0xf6, 0x49, 0x8d, 0x34, 0x37, 0xa4], [0xab], [0xf3, 0x0f, 0xb8, 0xc0], [0x66, 0xf3, 0x0f, 0xb8, 0xc0],
  [0x0f, 0x31], [0x9f], [0x0f, 0xae, 0x38], [0x41, 0x0f, 0xae, 0x3c, 0x07], [0xc5, 0xf4, 0x58, 0xc2], [0x66, 0xf2, 0x0f, 0x38, 0xf1, 0xc0],
  [0xf0, 0x41, 0x01, 0x07], [0xf0, 0x01, 0xc0], [0x66, 0x90], [0x66, 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0], [0x2e, 0x74, 0x00],
  [0x64, 0x8b, 0x00], [0x67, 0x41, 0x8b, 0x07], [0x48, 0x66, 0x01, 0xc8], [0xeb, 0x00], [0x74, 0x02], [0xe8, 0, 0, 0, 0], [0xe9, 0, 0, 0, 0],
  [0x0f, 0x05], [0xcd, 0x80], [0x0f, 0xa3, 0xc0], [0x0f, 0xba, 0xe0, 0x03], [0xd3, 0xe0], [0x44, 0x89, 0xe4], [0x66, 0x89, 0xc4],
  [0x40, 0x88, 0xc4], [0x88, 0xc4], [0x87, 0xc3, 0x41, 0x8b, 0x04, 0x1f], [0x87, 0xc3, 0x41, 0x8b, 0x04, 0x07], [0x4c, 0x01, 0xfc],
];

function assemble(next: () => number, pieceCount: number, randomBytes: boolean): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < pieceCount; i++) {
    if (randomBytes && next() < 0.15) out.push(Math.floor(next() * 256));
    else out.push(...PIECES[Math.floor(next() * PIECES.length)]);
  }
  // Optional direct jump to a random earlier offset (targets and superinstruction interiors).
  if (out.length > 0 && next() < 0.3) {
    const target = Math.floor(next() * out.length);
    const rel = target - (out.length + 2);
    if (rel >= -128) out.push(0xeb, rel & 0xff);
  }
  while (out.length % 32 !== 0) out.push(0x90);
  return Uint8Array.from(out);
}

function randomBytes(next: () => number): Uint8Array {
  const out = new Uint8Array(1 + Math.floor(next() * 64));
  for (let i = 0; i < out.length; i++) out[i] = Math.floor(next() * 256);
  return out;
}

function mutate(next: () => number, code: Uint8Array): Uint8Array {
  const out = Uint8Array.from(code);
  const flips = 1 + Math.floor(next() * 2);
  for (let i = 0; i < flips; i++) out[Math.floor(next() * out.length)] = Math.floor(next() * 256);
  return out;
}

function compare(samples: Uint8Array[]): { agree: number; oursOnly: string[]; oracleOnly: string[] } {
  let agree = 0;
  const oursOnly: string[] = [];
  const oracleOnly: string[] = [];
  for (const code of samples) {
    for (const profile of ["zerovm", "nacl"] as Profile[]) {
      const ours = validateCode(code, 0, { profile, maxFindings: 1 });
      const theirs = oracleValidate(code, profile);
      const hex = Buffer.from(code).toString("hex");
      if (ours.valid === theirs) agree++;
      else if (ours.valid) oursOnly.push(`${profile} ${hex}`);
      else oracleOnly.push(`${profile} ${hex}: ${ours.findings[0]?.rule} ${ours.findings[0]?.text}`);
    }
  }
  return { agree, oursOnly, oracleOnly };
}

describe("validator properties", () => {
  it("never throws on random or mutated bytes", () => {
    const next = seededRng(1);
    for (let i = 0; i < 3000; i++) {
      const code = i % 2 === 0 ? randomBytes(next) : mutate(next, assemble(next, 8, true));
      for (const profile of ["zerovm", "nacl"] as Profile[]) {
        expect(() => validateCode(code, Math.floor(next() * 4) * 32, { profile })).not.toThrow();
      }
    }
  });

  it("accepts nothing the independent checker rejects, and agrees with it on a large random sample", () => {
    const next = seededRng(7);
    const samples: Uint8Array[] = [];
    for (let i = 0; i < 1500; i++) samples.push(assemble(next, 1 + Math.floor(next() * 10), false));
    for (let i = 0; i < 1500; i++) samples.push(mutate(next, assemble(next, 1 + Math.floor(next() * 10), false)));
    for (let i = 0; i < 1500; i++) samples.push(assemble(next, 1 + Math.floor(next() * 10), true));
    for (let i = 0; i < 1500; i++) samples.push(randomBytes(next));
    const { agree, oursOnly, oracleOnly } = compare(samples);
    const total = samples.length * 2;
    const valid = samples.filter((s) => validateCode(s, 0).valid).length;
    console.log(`validator differential: ${agree}/${total} verdicts agree (${valid} samples valid for zerovm); ` +
      `accepted only by us: ${oursOnly.length}, only by the checker: ${oracleOnly.length}`);
    expect(oursOnly.slice(0, 5)).toEqual([]);
    expect(oracleOnly.slice(0, 5)).toEqual([]);
    expect(valid).toBeGreaterThan(200);
  });
});
