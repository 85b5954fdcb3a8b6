/**
 * The committed fixtures: SHA256SUMS matches the files, every nexe passes
 * nacl-cc's own bundle and call checks, and the project's validator gives
 * the catalog's verdict in both profiles.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

import { checkBundles } from "../src/toolchain/bundle_check.js";
import { fixturesDirectory, loadCatalog, sha256Hex } from "../src/toolchain/fixtures.js";
import { entryPoint, findTextSegment } from "../src/toolchain/nexe_image.js";
import { loadValidator, paddedText } from "../src/toolchain/verify.js";

const dir = fixturesDirectory();
const catalog = loadCatalog(dir);
const nexe = (name: string) => new Uint8Array(readFileSync(join(dir, "nexe", `${name}.nexe`)));
const validateCode = await loadValidator();

describe("native-fixtures files", () => {
  it("SHA256SUMS lists every catalog fixture with the hash of its committed nexe", () => {
    const sums = readFileSync(join(dir, "SHA256SUMS"), "utf8").trim().split("\n");
    const names = [...catalog.c, ...catalog.asm].map((f) => f.name).sort();
    expect(sums.map((l) => l.split("  nexe/")[1].replace(/\.nexe$/, "")).sort()).toEqual(names);
    for (const line of sums) {
      const [hash, path] = line.split("  ");
      expect(sha256Hex(readFileSync(join(dir, path))), path).toBe(hash);
    }
  });

  it("every nexe carries the NaCl header bytes and enters at 0x20000", () => {
    for (const f of [...catalog.c, ...catalog.asm]) {
      const image = nexe(f.name);
      expect([image[7], image[8]], f.name).toEqual([123, 7]);
      expect(new DataView(image.buffer).getUint32(48, true), f.name).toBe(0x200000);
      expect(entryPoint(image), f.name).toBe(0x20000);
    }
  });
});

describe("nacl-cc's own checks on the fixtures", () => {
  for (const f of catalog.c) {
    it(`${f.name} has no bundle-crossing instruction and only bundle-ending calls`, () => {
      const text = findTextSegment(nexe(f.name));
      expect(checkBundles(text.bytes, text.guestAddress)).toEqual([]);
    });
  }
  for (const f of catalog.asm.filter((a) => a.valid)) {
    it(`asm ${f.name} gives ${f.selfCheck ? "the expected finding" : "no finding"}`, () => {
      const text = findTextSegment(nexe(f.name));
      const messages = checkBundles(text.bytes, text.guestAddress).map((x) => x.message);
      expect(messages).toEqual(f.selfCheck ? [f.selfCheck] : []);
    });
  }
});

const validatorTitle = validateCode
  ? "the project's validator on the fixtures"
  : "the project's validator on the fixtures (skipped: src/validator/index.ts exports no validateCode)";

describe.skipIf(!validateCode)(validatorTitle, () => {
  for (const profile of ["zerovm", "nacl"]) {
    for (const f of [...catalog.c, ...catalog.asm]) {
      const asm = "valid" in f ? f : undefined;
      const valid = asm ? asm.valid || (asm.validProfiles ?? []).includes(profile) : true;
      it(`${profile}: ${f.name} is ${valid ? "valid" : `invalid (${asm?.why})`}`, () => {
        const { code, base } = paddedText(nexe(f.name));
        const result = validateCode!(code, base, { profile });
        expect(result.valid, JSON.stringify(result.findings.slice(0, 3))).toBe(valid);
      });
    }
  }
});
