// Benchmark: `trtgen check` of a 100,000-layer spec listed output-first (every
// layer reads the one after it in the file, so ordering must walk the whole
// chain: graph passes use explicit stacks, issue 11), against a baseline in the
// same process that only parses the YAML (what any reader of the file pays).
// Fails when check takes longer than the budget or than RATIO_BUDGET × the baseline.
//
//   node bench/big-spec.mjs            # 100,000 layers, 60 s budget
//   LAYERS=20000 node bench/big-spec.mjs
import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { loadGraph } from "../dist/passes/index.js";
import { formatSummaryTable, summarize } from "../dist/ir/summary.js";
import { writeChainSpec } from "./spec-gen.mjs";

const LAYERS = Number(process.env.LAYERS ?? 100_000);
const BUDGET_S = Number(process.env.BUDGET_S ?? 60);
const RATIO_BUDGET = 3;

const path = writeChainSpec(LAYERS);

let t = performance.now();
const doc = parseDocument(readFileSync(path, "utf8"));
doc.toJS();
const base = (performance.now() - t) / 1000;

t = performance.now();
// what `trtgen check` does: read, validate, order, infer shapes, then the layer table
const { graph, diags } = loadGraph(path);
if (diags.hasErrors()) throw new Error(diags.items[0].message);
const table = formatSummaryTable(summarize(graph));
const ours = (performance.now() - t) / 1000;

const ok = ours <= BUDGET_S && ours <= RATIO_BUDGET * base;
console.log(`check of a ${LAYERS.toLocaleString("en-US")}-layer spec listed output-first (${graph.nodes.length} layers ordered, table ${table.length} chars)`);
console.log(`  trtgen check  : ${ours.toFixed(2)} s (budget ${BUDGET_S} s)`);
console.log(`  YAML parse    : ${base.toFixed(2)} s`);
console.log(`  ratio (ours/baseline): ${(ours / base).toFixed(2)}x (budget ${RATIO_BUDGET}x) ${ok ? "OK" : "OVER BUDGET"}`);
process.exit(ok ? 0 : 1);
