/**
 * `npm run bench`: runs every benchmark script in bench/ one after another,
 * each in its own Node process so one cannot warm up or slow down another,
 * and prints their output. Benchmarks never run as part of the tests.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { arch, cpus, release } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const scripts = readdirSync(here)
  .filter((name) => name.endsWith(".js") && name !== "run.js")
  .filter((name) => only.length === 0 || only.some((word) => name.includes(word)))
  .sort();

console.log(
  `zerovm-ts benchmarks: Node ${process.version}, ${cpus()[0]?.model ?? "unknown CPU"} ` +
    `x${cpus().length}, ${arch()} Linux ${release()}`,
);
let failed = 0;
for (const script of scripts) {
  console.log(`\n== ${script.replace(/\.js$/, "")}`);
  const result = spawnSync(process.execPath, [join(here, script)], { stdio: "inherit" });
  if (result.status !== 0) failed++;
}
process.exitCode = failed === 0 ? 0 : 1;
