/**
 * Fixture workloads: each C fixture's native twin and its nexe under the
 * project's zerovm, with the catalog's bench input, in one invocation;
 * prints wall times and the ratio per program. Needs gcc (for the twins) and
 * a built tree (npx tsc -p .). Whole-process timing, one run each after
 * nothing is cached: these runs take seconds, not microseconds.
 *
 *   node dist/bench/fixtures_bench.js [name...]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";

import { buildNativeTwin, fixturesDirectory, inputBytes, loadCatalog, runNative } from "../src/toolchain/fixtures.js";
import { runFixture, zerovmCliPath } from "../src/toolchain/fixture_run.js";

function seconds(body: () => void): number {
  const start = process.hrtime.bigint();
  body();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function main(names: string[]): void {
  const dir = fixturesDirectory();
  const cli = zerovmCliPath(join(dir, ".."));
  const work = mkdtempSync(join(tmpdir(), "fixtures-bench-"));
  console.log(`node ${process.version}, ${cpus()[0]?.model ?? "unknown CPU"}`);
  console.log("program      native s   zerovm s    ratio  result");
  try {
    for (const f of loadCatalog(dir).c) {
      if (!f.bench || (names.length > 0 && !names.includes(f.name))) continue;
      const binary = join(work, f.name);
      buildNativeTwin(f, dir, binary);
      const stdin = inputBytes(f.bench.stdin);
      let native: ReturnType<typeof runNative> | undefined;
      let vm: ReturnType<typeof runFixture> | undefined;
      const tNative = seconds(() => (native = runNative(binary, stdin)));
      const tVm = seconds(() => (vm = runFixture(cli, join(dir, "nexe", `${f.name}.nexe`), f.bench!.stdin, { ...f, timeoutSeconds: 3600 })));
      const same = vm!.report[5] === "ok" && Buffer.from(vm!.stdout).equals(Buffer.from(native!.stdout));
      const result = same ? "same output" : `DIFFERENT (${vm!.report[5] ?? vm!.hostStderr.split("\n")[0]})`;
      console.log(`${f.name.padEnd(12)} ${tNative.toFixed(3).padStart(8)} ${tVm.toFixed(3).padStart(10)} ${(tVm / tNative).toFixed(1).padStart(8)}  ${result}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main(process.argv.slice(2));
