import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sessionFailure } from "../manifest/session_failure.js";
import { GuestMemory } from "../memory/guest_memory.js";
import { parseNexe, placeNexe } from "./nexe_image.js";
import { readProgram } from "./read_program.js";

/** One program header for {@link buildElf}; numbers are small enough for Number. */
interface Phdr {
  type?: number;
  flags?: number;
  offset?: number;
  vaddr: number | bigint;
  filesz: number | bigint;
  memsz: number | bigint;
}

const PT_LOAD = 1;
const RX = 5;
const R = 4;
const RW = 6;

/**
 * Builds an ELF64 image: 64-byte header, program headers at 64, then
 * `payload` at offset 0x1000 (segments default to offset 0x1000).
 */
function buildElf(phdrs: Phdr[], options: { entry?: number; payload?: Uint8Array; patch?: (v: DataView) => void } = {}): Uint8Array {
  const payload = options.payload ?? new Uint8Array(0x100).fill(0x90);
  const bytes = new Uint8Array(0x1000 + payload.length);
  const view = new DataView(bytes.buffer);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 123, 7]);
  view.setUint16(16, 2, true);
  view.setUint16(18, 62, true);
  view.setUint32(20, 1, true);
  view.setBigUint64(24, BigInt(options.entry ?? 0x20000), true);
  view.setBigUint64(32, 64n, true);
  view.setUint16(52, 64, true);
  view.setUint16(54, 56, true);
  view.setUint16(56, phdrs.length, true);
  phdrs.forEach((p, i) => {
    const at = 64 + i * 56;
    view.setUint32(at, p.type ?? PT_LOAD, true);
    view.setUint32(at + 4, p.flags ?? RX, true);
    view.setBigUint64(at + 8, BigInt(p.offset ?? 0x1000), true);
    view.setBigUint64(at + 16, BigInt(p.vaddr), true);
    view.setBigUint64(at + 32, BigInt(p.filesz), true);
    view.setBigUint64(at + 40, BigInt(p.memsz), true);
  });
  bytes.set(payload, 0x1000);
  options.patch?.(view);
  return bytes;
}

const TEXT: Phdr = { vaddr: 0x20000, filesz: 0x100, memsz: 0x100 };


describe("parseNexe accepts", () => {
  it("text only, with the break rounded past the halt sled", () => {
    const image = parseNexe(buildElf([TEXT]));
    expect(image).toMatchObject({
      entry: 0x20000,
      textFileSize: 0x100,
      staticTextEnd: 0x20100,
      paddedTextEnd: 0x30000,
      breakAddr: 0x30000,
    });
    expect(image.rodata).toBeUndefined();
    expect(image.data).toBeUndefined();
  });

  it("text ending within 32 bytes of 64 KiB, adding one more 64 KiB to the break", () => {
    const image = parseNexe(buildElf([{ vaddr: 0x20000, filesz: 0x100, memsz: 0xfff0 }]));
    expect(image.breakAddr).toBe(0x40000);
  });

  it("text, rodata and data, with the break at the exact end of bss", () => {
    const image = parseNexe(
      buildElf([TEXT, { flags: R, vaddr: 0x30000, filesz: 0x10, memsz: 0x10 }, { flags: RW, vaddr: 0x40000, filesz: 8, memsz: 0x20 }]),
    );
    expect(image.rodata).toEqual({ start: 0x30000, end: 0x30010 });
    expect(image.data).toEqual({ start: 0x40000, end: 0x40020 });
    expect(image.breakAddr).toBe(0x40020);
    expect(image.segments.map((s) => s.kind)).toEqual(["text", "rodata", "data"]);
  });

  it("skips empty segments before any other check", () => {
    expect(() => parseNexe(buildElf([TEXT, { type: 0x1234, flags: 7, vaddr: 0, filesz: 0, memsz: 0 }]))).not.toThrow();
  });

  it("ignores PT_NOTE and a non-executable PT_GNU_STACK with no size", () => {
    const image = parseNexe(buildElf([TEXT, { type: 4, flags: R, vaddr: 0, filesz: 4, memsz: 4 }, { type: 0x6474e551, flags: RW, vaddr: 0, filesz: 0, memsz: 0 }]));
    expect(image.segments).toHaveLength(1);
  });

  it("OSABI 0 as well as 123", () => {
    expect(() => parseNexe(buildElf([TEXT], { patch: (v) => v.setUint8(7, 0) }))).not.toThrow();
  });
});

describe("parseNexe rejects", () => {
  const elfUtil = "src/loader/elf_util.c";
  const sel = "src/loader/sel.c";
  const cases: Array<[string, () => Uint8Array, number, string]> = [
    ["a file shorter than the header", () => new Uint8Array(63), 5, `${elfUtil} 268: check failed`],
    ["more than 128 program headers", () => buildElf([TEXT], { patch: (v) => v.setUint16(56, 129, true) }), 8, `${elfUtil} 274: check failed`],
    ["a program header size below 56", () => buildElf([TEXT], { patch: (v) => v.setUint16(54, 32, true) }), 8,
      `${elfUtil} 277: bad prog headers size. image.ehdr.e_phentsize = 0x20, sizeof image.phdrs[0] = 0x38`],
    ["program headers past the end of the file", () => buildElf([TEXT], { patch: (v) => v.setBigUint64(32, 0x10000n, true) }), 5, `${elfUtil} 286: check failed`],
    ["program headers cut short by the end of the file", () => buildElf([TEXT], { patch: (v) => v.setBigUint64(32, 0x1100n - 8n, true) }), 5, `${elfUtil} 290: check failed`],
    ["a bad magic", () => buildElf([TEXT], { patch: (v) => v.setUint8(1, 0x46) }), 8, `${elfUtil} 118: bad elf magic`],
    ["a 32-bit class", () => buildElf([TEXT], { patch: (v) => v.setUint8(4, 1) }), 8, `${elfUtil} 119: bad elf class`],
    ["a shared object", () => buildElf([TEXT], { patch: (v) => v.setUint16(16, 3, true) }), 8, `${elfUtil} 120: non executable`],
    ["another machine", () => buildElf([TEXT], { patch: (v) => v.setUint16(18, 3, true) }), 8, `${elfUtil} 121: bad machine: 3`],
    ["another ELF version", () => buildElf([TEXT], { patch: (v) => v.setUint32(20, 2, true) }), 8, `${elfUtil} 123: bad elf version: 2`],
    ["an executable stack", () => buildElf([TEXT, { type: 0x6474e551, flags: 7, vaddr: 0, filesz: 0, memsz: 1 }]), 8,
      `${elfUtil} 177: Segment 1 is of unexpected type 0x6474e551, flag 0x7`],
    ["writable text", () => buildElf([{ ...TEXT, flags: 7 }]), 8, `${elfUtil} 177: Segment 0 is of unexpected type 0x1, flag 0x7`],
    ["two text segments", () => buildElf([TEXT, TEXT]), 8, `${elfUtil} 181: Segment 1 is a type that has been seen`],
    ["text not at 0x20000", () => buildElf([{ ...TEXT, vaddr: 0x30000 }]), 8,
      `${elfUtil} 191: Segment 0: bad virtual address: 0x00030000, expected 0x00020000`],
    ["rodata below 0x20000", () => buildElf([TEXT, { flags: R, vaddr: 0x10000, filesz: 0, memsz: 1 }]), 8,
      `${elfUtil} 195: Segment 1: virtual address 0x00010000 too low`],
    ["a 64-bit overflow of vaddr + memsz", () => buildElf([TEXT, { flags: RW, vaddr: 0x40000, filesz: 0, memsz: (1n << 64n) - 1n }]), 8,
      `${elfUtil} 202: Segment 1: p_memsz caused integer overflow`],
    ["a segment reaching 4 GiB", () => buildElf([TEXT, { flags: RW, vaddr: 0x40000, filesz: 0, memsz: 0x100000000 - 0x40000 }]), 8,
      `${elfUtil} 205: Segment 1: too large, ends at 0x00000000`],
    ["file size above memory size", () => buildElf([{ ...TEXT, filesz: 0x101 }]), 8,
      `${elfUtil} 208: Segment 0: file size 0x00000101 larger than memory size 0x00000100`],
    ["no text", () => buildElf([{ flags: RW, vaddr: 0x40000, filesz: 0, memsz: 1 }]), 8, `${elfUtil} 245: check failed`],
    ["an entry point off a 32-byte bundle", () => buildElf([TEXT], { entry: 0x20010 }), 8, `${sel} 193: check failed`],
    ["an entry point past the text", () => buildElf([TEXT], { entry: 0x20100 }), 8, `${sel} 193: check failed`],
    ["data below rodata", () => buildElf([TEXT, { flags: R, vaddr: 0x50000, filesz: 0, memsz: 1 }, { flags: RW, vaddr: 0x40000, filesz: 0, memsz: 1 }]), 8,
      `${sel} 75: check failed`],
    ["rodata overlapping data", () => buildElf([TEXT, { flags: R, vaddr: 0x30000, filesz: 0, memsz: 0x10001 }, { flags: RW, vaddr: 0x40000, filesz: 0, memsz: 0x20000 }]), 8,
      `${sel} 95: check failed`],
    ["text overlapping rodata", () => buildElf([{ ...TEXT, filesz: 0x10001, memsz: 0x10001 }, { flags: R, vaddr: 0x30000, filesz: 0, memsz: 1 }]), 8,
      `${sel} 99: check failed`],
    ["text overlapping data", () => buildElf([{ ...TEXT, filesz: 0x10001, memsz: 0x10001 }, { flags: RW, vaddr: 0x30000, filesz: 0, memsz: 1 }]), 8,
      `${sel} 103: check failed`],
    ["unaligned rodata", () => buildElf([TEXT, { flags: R, vaddr: 0x30010, filesz: 0, memsz: 1 }]), 8, `${sel} 107: check failed`],
    ["unaligned data", () => buildElf([TEXT, { flags: RW, vaddr: 0x30010, filesz: 0, memsz: 1 }]), 8, `${sel} 111: check failed`],
    ["data reaching into the stack", () => buildElf([TEXT, { flags: RW, vaddr: 0x40000, filesz: 0, memsz: 0xff000000 - 0x40000 + 1 }]), 14,
      "src/loader/sel_addrspace.c 176: Memory 'hole' between end of BSS and start of stack is negative in size"],
    ["segment bytes past the end of the file", () => buildElf([{ ...TEXT, offset: 0x2000 }]), 8, `${elfUtil} 350: seek failure segment 0`],
    ["segment bytes cut short by the end of the file", () => buildElf([{ ...TEXT, offset: 0x1080 }]), 8, `${elfUtil} 356: load failure segment 0`],
    ["text within 32 bytes of data", () => buildElf([{ ...TEXT, filesz: 0xffe1, memsz: 0xffe1 }, { flags: RW, vaddr: 0x30000, filesz: 0, memsz: 1 }],
      { payload: new Uint8Array(0xffe1) }), 14, `${sel} 48: Missing gap between text and data for halt_sled`],
    ["text within 32 bytes of rodata", () => buildElf([{ ...TEXT, filesz: 0xffe1, memsz: 0xffe1 }, { flags: R, vaddr: 0x30000, filesz: 0, memsz: 1 }],
      { payload: new Uint8Array(0xffe1) }), 14, `${sel} 52: Missing gap between text and rodata for halt_sled`],
  ];
  for (const [what, build, code, state] of cases) {
    it(what, () => {
      expect(sessionFailure(() => parseNexe(build()))).toEqual({ code, state });
    });
  }
});

describe("readProgram", () => {
  it("fails with program open error for a missing file", () => {
    expect(sessionFailure(() => readProgram("/nonexistent/prog.nexe"))).toEqual({ code: 2, state: "src/main/zerovm.c 116: program open error" });
  });

  it("reads nothing from /dev/zero, so the header read fails with exit 5", () => {
    const bytes = readProgram("/dev/zero");
    expect(bytes.length).toBe(0);
    expect(sessionFailure(() => parseNexe(bytes))).toEqual({ code: 5, state: "src/loader/elf_util.c 268: check failed" });
  });
});

describe("placeNexe", () => {
  it("copies segments, zeroes bss and pads text with HLT", () => {
    const payload = new Uint8Array(0x100).fill(0x90);
    const bytes = buildElf([TEXT, { flags: RW, vaddr: 0x40000, offset: 0x1000, filesz: 4, memsz: 0x10 }], { payload });
    const image = parseNexe(bytes);
    const memory = new GuestMemory();
    memory.u8.fill(0xaa, 0x40000, 0x40010);
    placeNexe(image, bytes, memory);
    expect(memory.u8[0x20000]).toBe(0x90);
    expect(memory.u8[0x200ff]).toBe(0x90);
    expect(memory.u8[0x20100]).toBe(0xf4);
    expect(memory.u8[0x2ffff]).toBe(0xf4);
    expect(memory.u8[0x30000]).toBe(0);
    expect(Array.from(memory.u8.subarray(0x40000, 0x40006))).toEqual([0x90, 0x90, 0x90, 0x90, 0, 0]);
    expect(memory.u8[0x4000f]).toBe(0);
  });
});

const SHARED = new URL("../../../shared/", import.meta.url);
const NEXE_DIRS = ["oracle/nexe", "nexes/zerovm-demo", "nexes/lind", "nexes/nwjs"].map((d) => new URL(`${d}/`, SHARED));

/** Chromium's IRT is linked at 0xfcd0000, so ZeroVM refuses its text segment. */
const IRT = "nacl_irt_x86_64.nexe";

describe.skipIf(!existsSync(SHARED))("real nexes", () => {
  if (!existsSync(SHARED)) return;

  it(`nwjs/${IRT} is refused for its text address, as ZeroVM would`, () => {
    const bytes = new Uint8Array(readFileSync(new URL(`nexes/nwjs/${IRT}`, SHARED)));
    expect(sessionFailure(() => parseNexe(bytes))).toEqual({
      code: 8,
      state: "src/loader/elf_util.c 191: Segment 0: bad virtual address: 0x0fcd0000, expected 0x00020000",
    });
  });

  for (const dir of NEXE_DIRS) {
    for (const name of readdirSync(dir).filter((f) => f.endsWith(".nexe") && f !== IRT)) {
      it(`${dir.pathname.split("/").slice(-2, -1)[0]}/${name} passes the loader checks`, () => {
        const image = parseNexe(new Uint8Array(readFileSync(new URL(name, dir))));
        expect(image.entry % 32).toBe(0);
        expect(image.paddedTextEnd % 0x10000).toBe(0);
        expect(image.breakAddr).toBeGreaterThanOrEqual(image.paddedTextEnd);
      });
    }
  }

  it("text ending exactly 32 bytes before data is accepted", () => {
    const bytes = buildElf([{ ...TEXT, filesz: 0xffe0, memsz: 0xffe0 }, { flags: RW, vaddr: 0x30000, filesz: 0, memsz: 1 }], {
      payload: new Uint8Array(0xffe0),
    });
    expect(parseNexe(bytes).paddedTextEnd).toBe(0x30000);
  });

  it("a text file (the malformed_nexe manifest) fails the e_phnum check with exit 8", () => {
    const cases = JSON.parse(readFileSync(new URL("oracle/cases.json", SHARED), "utf8")) as {
      cases: Array<{ name: string; manifest_template: string }>;
    };
    const text = cases.cases.find((c) => c.name === "manifest_malformed_nexe")!.manifest_template;
    expect(sessionFailure(() => parseNexe(new TextEncoder().encode(text)))).toEqual({ code: 8, state: "src/loader/elf_util.c 274: check failed" });
  });
});

describe.runIf(!existsSync(SHARED))("real nexes", () => {
  it.skip("need ../shared/nexes and ../shared/oracle (../shared is absent)", () => {});
});
