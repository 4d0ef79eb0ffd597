// CLI speed as a user sees it: wall time of whole `trtgen` processes (Node start-up,
// module loading, the work, clang-format for emit), pinned to one core where taskset
// exists. Each row runs the command and its baseline alternately (A/B pairs) and
// prints the median of N pairs and their ratio:
//   - start-up rows against `node -e ''` (what any Node program pays to start);
//   - big-spec rows against a Node process that only parses the spec's YAML
//     (what any reader of the file pays), specs from bench/spec-gen.mjs.
// Fails when a median exceeds its goal (issue 12).
//
//   node bench/cli.mjs          # N=5 pairs per row
//   N=9 node bench/cli.mjs
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { writeChainSpec } from "./spec-gen.mjs";

const N = Number(process.env.N ?? 5);
const root = join(import.meta.dirname, "..");
const trtgen = join(root, "bin", "trtgen.js");
const out = join(root, "bench", "out", "cli");
const pin = spawnSync("taskset", ["-c", "0", "true"]).status === 0 ? ["taskset", "-c", "0"] : [];

/** Wall seconds of one run; throws when the command fails. */
function wall(argv, before) {
  before?.();
  const cmd = [...pin, ...argv];
  const t = performance.now();
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: root, encoding: "utf8", maxBuffer: Infinity });
  const s = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`${argv.join(" ")} failed (${r.status}): ${r.stderr}`);
  return s;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const yamlOnly = (spec) => [
  "node",
  "--input-type=module",
  "-e",
  `import { readFileSync } from "node:fs"; import { parseDocument } from "yaml"; parseDocument(readFileSync(${JSON.stringify(spec)}, "utf8")).toJS();`,
];

const seedseg = join(root, "examples", "seedseg", "spec.yaml");
const spec1k = writeChainSpec(1000);
const spec10k = writeChainSpec(10_000);
const emitDir = join(out, "emit1000");
const rows = [
  { title: "trtgen --version", goal: 0.15, argv: ["node", trtgen, "--version"], base: ["node", "-e", ""], baseName: "node -e ''" },
  { title: "trtgen check (seedseg)", goal: 0.15, argv: ["node", trtgen, "check", seedseg], base: ["node", "-e", ""], baseName: "node -e ''" },
  {
    title: "trtgen emit (1000 layers)",
    goal: 1,
    argv: ["node", trtgen, "emit", spec1k, "-o", emitDir],
    before: () => rmSync(emitDir, { recursive: true, force: true }),
    base: yamlOnly(spec1k),
    baseName: "YAML parse",
  },
  { title: "trtgen check (10,000 layers)", goal: 2, argv: ["node", trtgen, "check", spec10k], base: yamlOnly(spec10k), baseName: "YAML parse" },
];

console.log(`median of ${N} A/B pairs, wall seconds${pin.length ? ", one core (taskset -c 0)" : ""}`);
let over = 0;
for (const row of rows) {
  const a = [];
  const b = [];
  for (let i = 0; i < N; i++) {
    a.push(wall(row.argv, row.before));
    b.push(wall(row.base));
  }
  const [ma, mb] = [median(a), median(b)];
  const ok = ma <= row.goal;
  if (!ok) over++;
  console.log(
    `  ${row.title.padEnd(30)} ${ma.toFixed(3)} s (goal ${row.goal} s) | ${row.baseName.padEnd(11)} ${mb.toFixed(3)} s | ratio ${(ma / mb).toFixed(2)}x ${ok ? "OK" : "OVER GOAL"}`,
  );
}
process.exit(over ? 1 : 0);
