// Fails when generated/ differs from what `trtgen emit --check` expects (CLI path of the golden test).
import { existsSync, readdirSync } from "node:fs";
import { main } from "../dist/cli/main.js";

let failed = 0;
for (const name of readdirSync("examples").sort()) {
  const spec = `examples/${name}/spec.yaml`;
  if (!existsSync(spec)) continue;
  if ((await main(["emit", spec, "-o", `generated/${name}`, "--check"])) !== 0) failed++;
}
process.exit(failed ? 1 : 0);
