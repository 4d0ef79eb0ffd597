#!/usr/bin/env node
// Entry point installed as `trtgen`. `npm ci` / `npm install` (the `prepare` script) compiles
// the TypeScript sources to dist/ and bundles the CLI into dist/bundle/ (scripts/bundle.mjs).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const cli = new URL("../dist/bundle/main.js", import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write("trtgen: dist/ is missing; run `npm ci` (or `npm run build`) in the trtgen checkout first\n");
  process.exit(2);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
