// Benchmark: `trtgen check --wts` header scan (names + counts, constant memory)
// on a synthetic multi-GB-capable .wts, against a baseline in the same process
// that streams the file line by line with node:readline (the obvious approach).
//
//   node bench/wts-header.mjs            # 1 GiB file
//   WTS_MB=200 node bench/wts-header.mjs
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, createReadStream, writeSync } from "node:fs";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { scanWts } from "../dist/weights/wts.js";

if (process.argv[2] === "--scan") {
  const hwm = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))[1]) * 1024;
  const baseRss = hwm();
  const runs = [];
  let h;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    h = scanWts(process.argv[3]);
    runs.push((performance.now() - t0) / 1000);
  }
  if (h.problems.length) throw new Error(JSON.stringify(h.problems.slice(0, 3)));
  process.stdout.write(JSON.stringify({ seconds: Math.min(...runs), first: runs[0], peak: hwm(), baseRss, tensors: h.tensors.size }));
  process.exit(0);
}

const MB = Number(process.env.WTS_MB ?? 1024);
const out = join(import.meta.dirname, "out");
mkdirSync(out, { recursive: true });
const path = join(out, `header_${MB}MB.wts`);

const VALUES_PER_TENSOR = 1_000_000; // 9 MB per line
const tensors = Math.max(1, Math.round((MB * 2 ** 20) / (VALUES_PER_TENSOR * 9)));
if (!existsSync(path)) {
  process.stdout.write(`generating ${path} (${tensors} tensors x ${VALUES_PER_TENSOR} values)...\n`);
  const values = " 3f800000".repeat(VALUES_PER_TENSOR);
  const fd = openSync(path, "w");
  writeSync(fd, `${tensors}\n`);
  for (let i = 0; i < tensors; i++) writeSync(fd, `layer${i}.weight ${VALUES_PER_TENSOR} ${values}\n`); // gen_wts.py spacing
  closeSync(fd);
}
const bytes = statSync(path).size;
const mib = (b) => (b / 2 ** 20).toFixed(1);

// warm the page cache so both read from memory
for await (const _ of createReadStream(path, { highWaterMark: 1 << 22 }));

// ours runs in a fresh child process so its peak RSS (VmHWM) is its own
const child = spawnSync(process.execPath, [import.meta.filename, "--scan", path], { encoding: "utf8" });
if (child.status !== 0) throw new Error(`scan failed: ${child.stderr}`);
const { seconds: ours, first, peak: oursPeak, baseRss } = JSON.parse(child.stdout);

let t = performance.now();
let lines = 0;
const counts = new Map();
const rl = createInterface({ input: createReadStream(path, { highWaterMark: 1 << 22 }), crlfDelay: Infinity });
for await (const line of rl) {
  if (lines++ === 0) continue;
  const a = line.indexOf(" ");
  const b = line.indexOf(" ", a + 1);
  counts.set(line.slice(0, a), Number(line.slice(a + 1, b)));
}
const base = (performance.now() - t) / 1000;

console.log(`wts header scan: ${mib(bytes)} MiB, ${tensors} tensors`);
console.log(
  `  trtgen scanWts : ${ours.toFixed(2)} s best of 3 (first ${first.toFixed(2)} s)  ${(bytes / 2 ** 20 / ours).toFixed(0)} MB/s  (process RSS ${mib(baseRss)} MiB before the scan, peak ${mib(oursPeak)} MiB)`,
);
console.log(`  readline lines : ${base.toFixed(2)} s  ${(bytes / 2 ** 20 / base).toFixed(0)} MB/s`);
console.log(
  `  ratio (baseline/ours): ${(base / ours).toFixed(1)}x; the scan added ${mib(oursPeak - baseRss)} MiB to the peak RSS for a ${mib(bytes)} MiB file`,
);
