// A chain spec of `layers` layers (linear 8→8 and relu alternating) listed
// output-first: every layer reads the one after it in the file, so ordering
// must walk the whole chain. Shared by the benchmarks that need a big spec.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Writes bench/out/big_spec_<layers>.yaml (if needed) and returns its path. */
export function writeChainSpec(layers) {
  const out = join(import.meta.dirname, "out");
  mkdirSync(out, { recursive: true });
  const path = join(out, `big_spec_${layers}.yaml`);
  const lines = [];
  for (let i = layers - 1; i >= 0; i--) {
    const op = i % 2 ? "relu" : "linear, in_features: 8, out_features: 8";
    lines.push(`  - {name: l${i}, op: ${op}, input: ${i === 0 ? "x" : `l${i - 1}`}}`);
  }
  writeFileSync(path, `name: big\ninputs:\n  - {name: x, shape: [1, 8]}\nlayers:\n${lines.join("\n")}\noutputs: [l${layers - 1}]\n`);
  return path;
}
