// `npm run regen`: rewrites everything generated from the sources:
//   - generated/<example>/ from examples/<example>/spec.yaml (test/golden.test.ts checks it),
//     by the bundled CLI, loaded as bin/trtgen.js loads it (bin/cli-loader.js);
//   - python/trtgen_export/ops.json, the op registry as data (test/ops/registry.test.ts);
//   - docs/trtgen.schema.json, the spec's JSON Schema (test/cli.test.ts);
//   - the marked op tables of docs/spec.md (test/ops/registry.test.ts);
//   - test/graph/golden/<example>.dot, `trtgen graph` of each example (test/graph/graph.test.ts).
import { readdirSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { loadCli } from "../bin/cli-loader.js";
import { opsJsonText, rewriteRegions, specMdRegions } from "../dist/ops/manifest.js";
import { specJsonSchema } from "../dist/netspec/schema.js";
import { goldenDot } from "../dist/graph/index.js";

const { main } = loadCli();
let failed = 0;
for (const name of readdirSync("examples").sort()) {
  const spec = `examples/${name}/spec.yaml`;
  if (!existsSync(spec)) continue;
  const wts = `examples/${name}/${name}.wts`;
  const args = ["emit", spec, "-o", `generated/${name}`, ...(existsSync(wts) ? ["--wts", wts] : [])];
  if ((await main(args)) !== 0) failed++;
  const dot = await goldenDot(spec, existsSync(wts) ? wts : undefined);
  if (dot === undefined) failed++;
  else writeFileSync(`test/graph/golden/${name}.dot`, dot);
}
writeFileSync("python/trtgen_export/ops.json", opsJsonText());
writeFileSync("docs/trtgen.schema.json", `${JSON.stringify(specJsonSchema(), null, 2)}\n`);
writeFileSync("docs/spec.md", rewriteRegions(readFileSync("docs/spec.md", "utf8"), specMdRegions()));
process.exit(failed ? 1 : 0);
