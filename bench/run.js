// `npm run bench`: every benchmark, each printing its ratio against a baseline
// run in the same process or script. Needs `npm run build` (done by npm ci).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const here = import.meta.dirname;
const benches = [
  ["wts header scan (TypeScript, trtgen check --wts)", "node", [`${here}/wts-header.mjs`]],
  ["wts loader (C++, trtgen-wts info)", "bash", [`${here}/wts-loader/run.sh`]],
  // Debian's PyTorch (the python3 on PATH may have none)
  ["wts exporter (Python, trtgen-export weights)", "/usr/bin/python3", [`${here}/../python/bench/bench_export.py`, "--paired", "5"]],
  ["CPU simulation of a 5M-parameter conv net (trtgen simulate)", "node", [`${here}/simulate.mjs`]],
  ["check of a 100,000-layer spec listed output-first (trtgen check)", "node", [`${here}/big-spec.mjs`]],
  ["CLI start-up, emit of 1000 layers and check of 10,000 (whole trtgen processes)", "node", [`${here}/cli.mjs`]],
  ["trtgen graph of the 10,000-layer spec and of the largest picture drawn whole (DOT, SVG, HTML)", "node", [`${here}/graph.mjs`]],
];
let failed = 0;
for (const [title, cmd, args] of benches) {
  if (!existsSync(args[0])) continue;
  console.log(`\n### ${title}`);
  const r = spawnSync(cmd, args, { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
