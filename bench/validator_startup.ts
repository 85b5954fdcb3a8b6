/**
 * Validator start-up cost: a fresh Node process imports the validator and
 * validates one small region, timed from inside the child (import start to
 * first result), median of several processes. Reported twice: cold (the
 * import also loads iced-x86, as a zerovm process's first import would) and
 * with iced-x86 already loaded (what the validator itself costs, since the
 * emulator's decoder loads iced anyway). Each child checks the verdict.
 *
 * Run: npx tsc -p . && node dist/bench/validator_startup.js
 */
import { spawnSync } from "node:child_process";

const RUNS = 9;
const validatorUrl = new URL("../src/validator/index.js", import.meta.url).href;
const icedUrl = new URL("../src/decoder/iced.js", import.meta.url).href;

function childScript(preloadIced: boolean): string {
  const preload = preloadIced ? `await import(${JSON.stringify(icedUrl)});` : "";
  return `${preload}
const t0 = performance.now();
const m = await import(${JSON.stringify(validatorUrl)});
const result = m.validateCode(new Uint8Array(32).fill(0x90), 0x20000);
const ms = performance.now() - t0;
if (!result.valid) throw new Error("unexpected verdict");
process.stdout.write(String(ms));`;
}

function timeOnce(preloadIced: boolean): number {
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", childScript(preloadIced)], {
    encoding: "utf8",
  });
  if (child.status !== 0) throw new Error(`validator start-up child failed: ${child.stderr}`);
  return Number(child.stdout);
}

function report(label: string, preloadIced: boolean): void {
  const times = Array.from({ length: RUNS }, () => timeOnce(preloadIced)).sort((a, b) => a - b);
  const median = times[times.length >> 1];
  console.log(`${label.padEnd(44)} median ${median.toFixed(1).padStart(6)} ms ` +
    `(range ${times[0].toFixed(1)}-${times[times.length - 1].toFixed(1)})`);
}

console.log(`validator start-up (node ${process.version}, ${RUNS} processes each)`);
report("import + first validation, iced not loaded", false);
report("import + first validation, iced preloaded", true);
