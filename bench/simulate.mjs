// `trtgen simulate` speed: a ~5M-parameter convolutional net at 64×64 on one
// core (goal: < 10 s). Writes its spec, random weights (trtgen wts-random) and
// input into bench/out/simulate/, then times weights loading and execution.
// Needs `npm run build`.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const out = join(root, "bench", "out", "simulate");
mkdirSync(out, { recursive: true });

const layers = [];
const conv = (name, oc, stride = 1) => {
  layers.push(`  - { name: ${name}, op: conv2d, out_channels: ${oc}, kernel_size: 3, stride: ${stride}, padding: 1 }`);
  layers.push(`  - { name: ${name}_bn, op: batch_norm2d }`);
  layers.push(`  - { name: ${name}_relu, op: relu }`);
};
conv("stem", 64);
conv("s1a", 64);
conv("s2a", 128, 2);
conv("s2b", 128);
conv("s3a", 256, 2);
conv("s3b", 256);
conv("s3c", 256);
conv("s4a", 512, 2);
conv("s4b", 512);
layers.push(
  "  - { name: pool, op: adaptive_avg_pool2d, output_size: 1 }",
  "  - { name: flat, op: flatten }",
  "  - { name: fc, op: linear, out_features: 1000 }",
  "  - { name: prob, op: softmax, dim: 1 }",
);
const spec = `name: bench_conv5m\ninputs:\n  - name: image\n    shape: [1, 3, 64, 64]\nlayers:\n${layers.join("\n")}\noutputs: [prob]\n`;
const specPath = join(out, "spec.yaml");
const wtsPath = join(out, "bench.wts");
writeFileSync(specPath, spec);
execFileSync("node", [join(root, "bin", "trtgen.js"), "wts-random", specPath, "-o", wtsPath], { stdio: "ignore" });

const { lowerSpecFile } = await import(join(root, "dist", "lower", "pipeline.js"));
const { executeProgram } = await import(join(root, "dist", "simulate", "index.js"));
const input = new Float32Array(3 * 64 * 64).map((_v, i) => Math.sin(i * 0.37));
const t0 = performance.now();
// what `trtgen simulate` does: validate + lower, reading the .wts header and values in one pass
const { program, weights } = lowerSpecFile(specPath, { wts: wtsPath, wtsValues: true });
const t1 = performance.now();
const params = program.weights.reduce((s, w) => s + w.count, 0);
const r = executeProgram(program, weights, new Map([["image", input]]));
const t2 = performance.now();
const sum = [...r.outputs.get("prob").data].reduce((a, b) => a + b, 0);
console.log(`conv net: ${(params / 1e6).toFixed(2)}M parameters, input 1x3x64x64, ${program.layers.length} layers (softmax sum ${sum.toFixed(4)})`);
console.log(`check + lower + load .wts: ${((t1 - t0) / 1000).toFixed(2)} s`);
console.log(`execute:   ${((t2 - t1) / 1000).toFixed(2)} s`);
console.log(`total:     ${((t2 - t0) / 1000).toFixed(2)} s (goal < 10 s)`);
