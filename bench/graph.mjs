// Benchmark: `trtgen graph` (DOT, SVG through Graphviz in WebAssembly, the HTML report) of
//   - the 10,000-layer chain spec (bench/spec-gen.mjs): past LAYOUT_LIMITS.nodes, so SVG and
//     HTML draw the collapsed view (and say so) while DOT keeps every layer;
//   - a residual network of about LAYOUT_LIMITS.edgeLabels nodes, the largest picture drawn
//     whole with labelled edges (the slowest layout trtgen asks of Graphviz);
// against a baseline in the same process, `trtgen check`'s work on the same spec. Fails when a
// format takes longer than its budget.
//
//   node bench/graph.mjs
//   LAYERS=2000 node bench/graph.mjs
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadGraph } from "../dist/passes/index.js";
import { formatSummaryTable, summarize } from "../dist/ir/summary.js";
import { LAYOUT_LIMITS, renderGraph } from "../dist/graph/index.js";
import { writeChainSpec } from "./spec-gen.mjs";

const LAYERS = Number(process.env.LAYERS ?? 10_000);
/** Seconds per format on one core of the CI machine. */
const BUDGET_S = { dot: 20, svg: 60, html: 60 };

/** Residual blocks (linear, relu, linear, add of the block's input) up to about `nodes` nodes. */
function writeResidualSpec(nodes) {
  const lines = [];
  let prev = "x";
  for (let b = 0; lines.length + 4 <= nodes - 2; b++) {
    lines.push(`  - {name: b${b}.fc1, op: linear, out_features: 8, input: ${prev}}`, `  - {name: b${b}.relu, op: relu}`);
    lines.push(`  - {name: b${b}.fc2, op: linear, out_features: 8}`, `  - {name: b${b}.add, op: add, inputs: [b${b}.fc2, ${prev}]}`);
    prev = `b${b}.add`;
  }
  const path = join(import.meta.dirname, "out", `residual_${lines.length}.yaml`);
  writeFileSync(path, `name: residual\ninputs:\n  - {name: x, shape: [1, 8]}\nlayers:\n${lines.join("\n")}\noutputs: [${prev}]\n`);
  return { path, layers: lines.length };
}

let ok = true;
async function bench(title, path) {
  let t = performance.now();
  const { graph, diags } = loadGraph(path);
  if (!graph || diags.hasErrors()) throw new Error(diags.items[0]?.message ?? "no graph");
  formatSummaryTable(summarize(graph));
  const base = (performance.now() - t) / 1000;
  console.log(`${title}\n  baseline (check): ${base.toFixed(2)} s`);
  for (const format of ["dot", "svg", "html"]) {
    t = performance.now();
    const r = await renderGraph({ spec: path, specLabel: "bench.yaml", format });
    const s = (performance.now() - t) / 1000;
    if (r.text === undefined) throw new Error(`${format}: ${r.diags.items[0]?.message}`);
    const within = s <= BUDGET_S[format];
    ok &&= within;
    console.log(
      `  ${format.padEnd(4)} ${(r.text.length / 2 ** 20).toFixed(1).padStart(5)} MiB: ${s.toFixed(2)} s (budget ${BUDGET_S[format]} s, ${(s / base).toFixed(1)}x check) ${within ? "OK" : "OVER BUDGET"}`,
    );
    for (const n of r.notes ?? []) console.log(`       note: ${n}`);
  }
}

await bench(`graph of a ${LAYERS.toLocaleString("en-US")}-layer chain spec listed output-first`, writeChainSpec(LAYERS));
const res = writeResidualSpec(LAYOUT_LIMITS.edgeLabels);
await bench(`graph of a ${res.layers}-layer residual network (drawn whole, edges labelled)`, res.path);
process.exit(ok ? 0 : 1);
