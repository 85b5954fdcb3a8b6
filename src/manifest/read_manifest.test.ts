import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sessionFailure } from "./session_failure.js";
import { MANIFEST_SIZE_LIMIT, readManifestBytes, readManifestFile } from "./read_manifest.js";

const dir = mkdtempSync(join(tmpdir(), "zvm-manifest-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


describe("readManifestFile", () => {
  it("a missing file is 'manifest open error' with exit 2", () => {
    expect(sessionFailure(() => readManifestFile(join(dir, "nope.manifest")))).toEqual({
      code: 2,
      state: "src/main/manifest.c 125: manifest open error",
    });
  });

  it("an empty file is 'manifest read error' with exit 5", () => {
    const path = join(dir, "empty.manifest");
    writeFileSync(path, "");
    expect(sessionFailure(() => readManifestFile(path))).toEqual({ code: 5, state: "src/main/manifest.c 126: manifest read error" });
  });

  it("a directory opens but cannot be read: 'manifest read error'", () => {
    expect(sessionFailure(() => readManifestFile(dir)).state).toBe("src/main/manifest.c 126: manifest read error");
  });

  it("reads only the first 512 KiB", () => {
    const path = join(dir, "big.manifest");
    writeFileSync(path, "#".repeat(MANIFEST_SIZE_LIMIT) + "\nTimeout = x\n");
    expect(readManifestBytes(path).length).toBe(MANIFEST_SIZE_LIMIT);
    // The bad Timeout line lies beyond the limit, so only the census fails.
    expect(sessionFailure(() => readManifestFile(path)).state).toBe("src/main/manifest.c 345: Timeout not specified");
  });
});
