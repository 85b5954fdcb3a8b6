/**
 * npm run fixtures: rebuilds native-fixtures/ from its sources.
 *
 *   nexe/<name>.nexe    every C fixture (nacl-cc) and asm fixture (as written)
 *   SHA256SUMS          of nexe/*.nexe
 *   TOOLCHAIN           gcc/as/ld versions the bytes were made with
 *   expected/<name>.*   stdout, stderr and exit status of each C fixture's
 *                       native twin (gcc -O2 for Linux) on its test input
 *
 * Each C nexe must pass nacl-cc's own checks and, when src/validator exists,
 * the validator. `--check` rebuilds into a temporary directory and compares
 * with SHA256SUMS instead of writing (exit 1 on any difference).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { missingTools } from "../src/toolchain/driver.js";
import {
  buildAllNexes, buildNativeTwin, fixturesDirectory, formatSums, inputBytes, loadCatalog,
  runNative, toolchainVersions, writeExpected,
} from "../src/toolchain/fixtures.js";
import { verifyNexe } from "../src/toolchain/verify.js";

async function main(argv: string[]): Promise<number> {
  const missing = missingTools();
  if (missing.length > 0) {
    process.stderr.write(`build_fixtures: missing ${missing.join(", ")}; run tools/setup.sh to install gcc and binutils\n`);
    return 1;
  }
  const dir = fixturesDirectory();
  const catalog = loadCatalog(dir);
  const check = argv.includes("--check");
  const outDir = check ? mkdtempSync(join(tmpdir(), "fixtures-check-")) : join(dir, "nexe");
  try {
    const nexes = buildAllNexes(catalog, dir, outDir);
    const sums = formatSums(nexes);
    if (check) return compareSums(sums, readFileSync(join(dir, "SHA256SUMS"), "utf8"));

    for (const f of catalog.c) {
      const report = await verifyNexe(nexes.get(f.name)!, { runValidator: true });
      for (const p of report.problems) process.stderr.write(`build_fixtures: ${f.name}: ${p}\n`);
      if (report.problems.length > 0) return 1;
    }
    writeFileSync(join(dir, "SHA256SUMS"), sums);
    writeFileSync(join(dir, "TOOLCHAIN"), toolchainVersions());
    writeTwins(dir, catalog);
    process.stdout.write(`build_fixtures: ${nexes.size} nexes, SHA256SUMS and expected outputs written\n`);
    return 0;
  } finally {
    if (check) rmSync(outDir, { recursive: true, force: true });
  }
}

function writeTwins(dir: string, catalog: ReturnType<typeof loadCatalog>): void {
  const twinDir = join(dir, "..", "dist", "native-twins");
  mkdirSync(twinDir, { recursive: true });
  for (const f of catalog.c) {
    const binary = join(twinDir, f.name);
    buildNativeTwin(f, dir, binary);
    writeExpected(dir, f.name, runNative(binary, inputBytes(f.test.stdin)));
  }
}

function compareSums(built: string, committed: string): number {
  if (built === committed) {
    process.stdout.write("build_fixtures: rebuilt nexes match SHA256SUMS\n");
    return 0;
  }
  process.stderr.write(`build_fixtures: rebuilt nexes differ from SHA256SUMS\n--- committed\n${committed}+++ rebuilt\n${built}`);
  return 1;
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
