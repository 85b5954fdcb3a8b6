/**
 * 64-bit (and 32-bit) mul, imul, div and idiv against a BigInt model of the
 * instruction: results in rax/rdx, CF/OF, and SIGFPE exactly when the
 * divisor is zero or the quotient does not fit (registers then unchanged).
 * Operands mix edges (0, +-1, INT64_MIN/MAX, around 2^31, 2^32, 2^52, 2^53,
 * 2^63) with random values; dividends' high halves are picked around the
 * quotient-overflow boundary. The differential test checks the same
 * instructions against the host CPU on fewer inputs.
 */
import { describe, expect, it } from "vitest";
import { CODE_START, TestGuest, getReg, hexBytes, setReg } from "../testing/cpu_harness.js";
import { divideUnsigned128, multiplySigned64, multiplyUnsigned64 } from "./muldiv.js";

const M64 = (1n << 64n) - 1n;
const s64 = (v: bigint): bigint => BigInt.asIntN(64, v);
const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);

function rng(seed: number): () => bigint {
  let x = BigInt(seed) | 1n;
  return () => {
    x ^= (x << 13n) & M64;
    x ^= x >> 7n;
    x ^= (x << 17n) & M64;
    return x;
  };
}

const EDGES: bigint[] = [];
for (const e of [0n, 1n, 2n, 3n, 7n, 10n, 0xffffn, 0x10000n, 0x7fffffffn, 0x80000000n, 0xffffffffn,
  0x100000000n, 0x100000001n, (1n << 52n) - 1n, 1n << 52n, (1n << 53n) - 1n, 1n << 53n, (1n << 53n) + 1n,
  0x7fffffffffffffffn, 0x123456789abcdefn]) {
  EDGES.push(e, u64(-e));
}

function operands(count: number, seed: number): bigint[] {
  const next = rng(seed);
  const out = [...EDGES];
  for (let i = 0; i < count; i++) {
    const r = next();
    const shape = Number(r % 5n);
    const v = next();
    out.push(shape === 0 ? v : shape === 1 ? v & 0xffffffffn : shape === 2 ? u64(s64(v) >> BigInt(Number(r % 64n)))
      : shape === 3 ? v & ((1n << 53n) - 1n) : u64(-(v & 0xffffffffn)));
  }
  return out;
}

const guest = new TestGuest();
const cpu = guest.cpu;
const loaded = { hex: "" };

interface Outcome { rax: bigint; rdx: bigint; cfof?: number; fault?: number }

function runOne(hex: string, rax: bigint, rdx: bigint, rbx: bigint): Outcome {
  const bytes = hexBytes(hex);
  if (hex !== loaded.hex) {
    guest.load(bytes);
    loaded.hex = hex;
  }
  cpu.rip = CODE_START;
  setReg(cpu, "rax", rax);
  setReg(cpu, "rdx", rdx);
  setReg(cpu, "rbx", rbx);
  const stop = guest.run();
  const got = { rax: getReg(cpu, "rax"), rdx: getReg(cpu, "rdx") };
  if (stop.kind === "fault" && stop.signal === 8) {
    expect(stop.ripLo).toBe(CODE_START);
    return { ...got, fault: 8 };
  }
  expect(stop.kind === "fault" && stop.signal === 11 && stop.ripLo === CODE_START + bytes.length).toBe(true);
  return { ...got, cfof: cpu.getRflags() & 0x801 };
}

const flag = (overflow: boolean): number => (overflow ? 0x801 : 0);

function expectMul(kind: "mul" | "imul1" | "imul2" | "imul3", a: bigint, b: bigint): void {
  let hex: string;
  let expected: Outcome;
  if (kind === "mul") {
    const p = a * b;
    hex = "48 f7 e3";
    expected = { rax: p & M64, rdx: p >> 64n, cfof: flag(p >> 64n !== 0n) };
  } else {
    const p = s64(a) * s64(b);
    const w = BigInt.asUintN(128, p);
    if (kind === "imul1") {
      hex = "48 f7 eb";
      expected = { rax: w & M64, rdx: w >> 64n, cfof: flag(s64(p) !== p) };
    } else {
      hex = kind === "imul2" ? "48 0f af c3" : "48 69 c3 " + [0, 8, 16, 24].map((s) => ((Number(a & 0xffffffffn) >>> s) & 0xff).toString(16)).join(" ");
      if (kind === "imul3") {
        const imm = BigInt.asIntN(32, a);
        const q = imm * s64(b);
        expected = { rax: u64(q), rdx: 0x5555n, cfof: flag(s64(q) !== q) };
        expect(runOne(hex, 0x1234n, 0x5555n, b)).toEqual(expected);
        return;
      }
      expected = { rax: w & M64, rdx: 0x5555n, cfof: flag(s64(p) !== p) };
    }
  }
  expect(runOne(hex, a, kind === "imul2" ? 0x5555n : 0x77n, b), `${kind} ${a} ${b}`).toEqual(expected);
}

function expectDiv(signed: boolean, rax: bigint, rdx: bigint, d: bigint): void {
  const before = runOne(signed ? "48 f7 fb" : "48 f7 f3", rax, rdx, d);
  const label = `${signed ? "idiv" : "div"} ${rdx}:${rax} / ${d}`;
  if (signed) {
    const n = BigInt.asIntN(128, (rdx << 64n) | rax);
    const sd = s64(d);
    if (sd === 0n || s64(n / sd) !== n / sd) {
      expect(before, label).toEqual({ rax, rdx, fault: 8 });
      return;
    }
    expect(before.rax, label).toBe(u64(n / sd));
    expect(before.rdx, label).toBe(u64(n % sd));
  } else {
    const n = (rdx << 64n) | rax;
    if (d === 0n || n / d > M64) {
      expect(before, label).toEqual({ rax, rdx, fault: 8 });
      return;
    }
    expect(before.rax, label).toBe(n / d);
    expect(before.rdx, label).toBe(n % d);
  }
}

describe("64-bit multiply", () => {
  const values = operands(40, 7);
  it.each(["mul", "imul1", "imul2", "imul3"] as const)("%s matches the 128-bit product", (kind) => {
    for (const a of values) for (const b of values) expectMul(kind, a, b);
  });
});

describe("64-bit divide", () => {
  const values = operands(30, 11);
  const next = rng(99);
  it.each([false, true])("signed=%s matches exact division and faults on overflow", (signed) => {
    for (const d of values) {
      for (const a of values) {
        const sign = s64(a) < 0n ? M64 : 0n;
        const r = next();
        const highs = [0n, sign, d === 0n ? 0n : r % d, u64(d - 1n), d, u64(s64(d) >> 1n), u64(-(s64(d) >> 1n)), r];
        for (const rdx of highs) expectDiv(signed, a, rdx, d);
      }
    }
  });
});

describe("32-bit divide with a 64-bit dividend", () => {
  const next = rng(5);
  it("divl and idivl match exact division and fault on overflow", () => {
    const edges = [0n, 1n, 2n, 3n, 0x7fffffffn, 0x80000000n, 0x80000001n, 0xfffffffen, 0xffffffffn, 0x10000n];
    const values = [...edges, ...Array.from({ length: 20 }, () => next() & 0xffffffffn)];
    for (const d of values) for (const lo of values) for (const hi of [0n, 0xffffffffn, d === 0n ? 0n : next() % d, d, (d >> 1n), next() & 0xffffffffn]) {
      const rax = 0xaaaaaaaa00000000n | lo;
      const rdx = 0xbbbbbbbb00000000n | hi;
      const got = runOne("f7 f3", rax, rdx, d);
      const n = (hi << 32n) | lo;
      if (d === 0n || n / d > 0xffffffffn) expect(got).toEqual({ rax, rdx, fault: 8 });
      else expect([got.rax, got.rdx]).toEqual([n / d, n % d]);
      const sgot = runOne("f7 fb", rax, rdx, d);
      const sn = BigInt.asIntN(64, n);
      const sd = BigInt.asIntN(32, d);
      if (sd === 0n || BigInt.asIntN(32, sn / sd) !== sn / sd) expect(sgot).toEqual({ rax, rdx, fault: 8 });
      else expect([sgot.rax, sgot.rdx]).toEqual([BigInt.asUintN(32, sn / sd), BigInt.asUintN(32, sn % sd)]);
    }
  });
});

describe("arithmetic core", () => {
  const words = (v: bigint): number[] => [0, 1, 2, 3].map((i) => Number((v >> BigInt(32 * i)) & 0xffffffffn) | 0);
  const join = (w: ArrayLike<number>, i: number): bigint => (BigInt(w[i + 1] >>> 0) << 32n) | BigInt(w[i] >>> 0);
  const next = rng(3);
  const values = operands(300, 13);

  it("multiplyUnsigned64 and multiplySigned64 give the exact 128-bit product", () => {
    const out = new Int32Array(2);
    const h = { vHi: 0 };
    for (const a of values) {
      const b = next();
      const [aLo, aHi] = words(a);
      const [bLo, bHi] = words(b);
      const lo = multiplyUnsigned64(h, out, 0, aLo, aHi, bLo, bHi);
      expect((join([lo, h.vHi], 0) << 64n) | join(out, 0)).toBe(a * b);
      const slo = multiplySigned64(h, out, 0, aLo, aHi, bLo, bHi);
      expect((join([slo, h.vHi], 0) << 64n) | join(out, 0)).toBe(BigInt.asUintN(128, s64(a) * s64(b)));
    }
  });

  it("divideUnsigned128 divides any 128-bit dividend whose quotient fits", () => {
    const out = new Int32Array(4);
    for (const d of values) {
      if (d === 0n) continue;
      for (let k = 0; k < 30; k++) {
        const high = k < 10 ? next() % d : k < 15 ? d - 1n : 0n;
        const n = (high << 64n) | (k % 3 === 0 ? values[k] : next());
        const [n0, n1, n2, n3] = words(n);
        const [dLo, dHi] = words(d);
        divideUnsigned128(out, 0, 2, n3, n2, n1, n0, dLo, dHi);
        expect([join(out, 0), join(out, 2)], `${n} / ${d}`).toEqual([n / d, n % d]);
      }
    }
    // Quotient-limb estimates one too high, needing the add-back step.
    for (const [n, d] of [[0x7fff800000000000n, 0x800000000001n], [0x8000000000030000n, 0x200000000001n]]) {
      const [n0, n1, n2, n3] = words(n);
      const [dLo, dHi] = words(d);
      divideUnsigned128(out, 0, 2, n3, n2, n1, n0, dLo, dHi);
      expect([join(out, 0), join(out, 2)]).toEqual([n / d, n % d]);
    }
  });
});
