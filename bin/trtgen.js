#!/usr/bin/env node
// Entry point installed as `trtgen`. `npm ci` / `npm install` (the `prepare` script) compiles
// the TypeScript sources to dist/ and bundles the CLI (scripts/bundle.mjs), which
// bin/cli-loader.js loads with its V8 code cache. CommonJS (bin/package.json): an ES module
// entry costs ~7 ms more to start.
"use strict";
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const { loadCli } = require("./cli-loader.js");

const args = process.argv.slice(2);
if (args.length === 1 && args[0] === "--version") {
  // answered before the CLI is loaded, as its yargs answers it
  console.log(JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")).version);
} else {
  const cli = loadCli();
  if (!cli) {
    process.stderr.write("trtgen: dist/ is missing; run `npm ci` (or `npm run build`) in the trtgen checkout first\n");
    process.exit(2);
  }
  cli.main(args).then((code) => {
    process.exitCode = code;
  });
}
