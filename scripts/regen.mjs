// `npm run regen`: rewrites generated/<example>/ from examples/<example>/spec.yaml.
// The golden test (test/golden.test.ts) fails when generated/ drifts from this.
import { readdirSync, existsSync } from "node:fs";
import { main } from "../dist/cli/main.js";

let failed = 0;
for (const name of readdirSync("examples").sort()) {
  const spec = `examples/${name}/spec.yaml`;
  if (!existsSync(spec)) continue;
  const wts = `examples/${name}/${name}.wts`;
  const args = ["emit", spec, "-o", `generated/${name}`, ...(existsSync(wts) ? ["--wts", wts] : [])];
  if ((await main(args)) !== 0) failed++;
}
process.exit(failed ? 1 : 0);
