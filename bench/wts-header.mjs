// Benchmark: `trtgen check --wts` header scan (names + counts, constant memory)
// on a synthetic multi-GB-capable .wts, against a baseline in the same process
// that streams the file line by line with node:readline (the obvious approach).
//
//   node bench/wts-header.mjs            # 1 GiB file
//   WTS_MB=200 node bench/wts-header.mjs
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, createReadStream, writeSync } from "node:fs";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { scanWts } from "../dist/weights/wts.js";

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
readFileSync("/proc/self/status"); // warm

const peakRss = () => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) * 1024 : process.memoryUsage().rss;
};
const mib = (b) => (b / 2 ** 20).toFixed(1);

// warm the page cache so both read from memory
for await (const _ of createReadStream(path, { highWaterMark: 1 << 24 }));

const rssBefore = process.memoryUsage().rss;
let t = performance.now();
const h = scanWts(path);
const ours = (performance.now() - t) / 1000;
const oursPeak = peakRss();
if (h.problems.length || h.tensors.size !== tensors) throw new Error(`scan failed: ${JSON.stringify(h.problems.slice(0, 3))}`);

t = performance.now();
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
console.log(`  trtgen scanWts : ${ours.toFixed(2)} s  ${(bytes / 2 ** 20 / ours).toFixed(0)} MB/s  (RSS ${mib(rssBefore)} MiB before, peak ${mib(oursPeak)} MiB)`);
console.log(`  readline lines : ${base.toFixed(2)} s  ${(bytes / 2 ** 20 / base).toFixed(0)} MB/s`);
console.log(`  ratio (baseline/ours): ${(base / ours).toFixed(1)}x; peak RSS grew by ${mib(oursPeak - rssBefore)} MiB while scanning`);
