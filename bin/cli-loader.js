// Loads the bundled CLI (dist/bundle/trtgen.cjs, made by scripts/bundle.mjs) with V8's code
// cache: the bytecode of its functions, compiled when the bundle was built, so that a
// `trtgen` process compiles almost none of its ~0.75 MB of JavaScript (issue 12, CLI
// start-up). The cache belongs to one Node/V8 build and set of flags: V8 checks it and, when
// it does not match (Node upgraded since `npm ci`, `node --inspect`, ...), compiles the
// source as usual. Of the source V8 checks only the length, so the cache's name holds a hash
// of the bundle's bytes: a cache is only ever offered to the text it was made from.
// Used by bin/trtgen.js, scripts/regen.mjs and, to write the cache, scripts/bundle.mjs.
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { Script } from "node:vm";

const root = fileURLToPath(new URL("..", import.meta.url));
export const BUNDLE = join(root, "dist", "bundle", "trtgen.cjs");
/** Where the code cache of a bundle with these bytes is (SHA-1 as a fingerprint: ~0.5 ms a start, where SHA-256 takes ~2 ms). */
const codeCacheOf = (bundle, bytes) => `${bundle}.${createHash("sha1").update(bytes).digest("hex")}.v8cache`;

/**
 * V8's tiering for a `trtgen` process, which lasts about a second: V8 optimizes a function
 * (TurboFan, on a thread of its own, whose CPU time counts as the command's) once it has run
 * ~66 KB of bytecode, which in an emit of a 1000-layer spec is ~100 functions, most of them the
 * YAML parser's: ~0.3 s of CPU that so short a run does not earn back. A budget 4.5 times that
 * leaves the functions that stay hot: emit of 1000 layers takes a quarter less CPU, check of
 * 10,000 layers no more (`npm run bench`). Set in every process that loads the bundle, before
 * it is compiled: the code cache holds the flags it was made with, and V8 uses it only under
 * the same (test/bundle.test.ts).
 */
const V8_FLAGS = "--interrupt-budget=300000";

/**
 * The bundle's exports ({ main }), its vm.Script (`cachedDataRejected` says whether the code
 * cache was used) and the cache's path. Undefined when the bundle was not built.
 */
export function loadCli(bundle = BUNDLE) {
  if (!existsSync(bundle)) return undefined;
  setFlagsFromString(V8_FLAGS);
  const bytes = readFileSync(bundle);
  const cache = codeCacheOf(bundle, bytes);
  let cachedData;
  try {
    cachedData = readFileSync(cache);
  } catch {
    // no cache: compiled from source
  }
  // a CommonJS module's wrapper, as Node's
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${bytes.toString("utf8")}\n})`, { filename: bundle, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  return { main: module.exports.main, script, cache };
}

/**
 * Writes the code cache after running `check` and `emit` of examples/seedseg (when the
 * checkout has it), so that the cache holds the functions those compile lazily too. Prints
 * what the commands print; run it in a process of its own.
 */
export async function writeCodeCache(bundle = BUNDLE) {
  const cli = loadCli(bundle);
  if (!cli) throw new Error(`${bundle} is missing`);
  const { cache } = cli;
  const spec = join(root, "examples", "seedseg", "spec.yaml");
  if (existsSync(spec)) {
    const out = mkdtempSync(join(tmpdir(), "trtgen-cache-"));
    try {
      for (const args of [["check", spec], ["emit", spec, "-o", out], ["--help"]]) {
        const code = await cli.main(args);
        if (code !== 0) throw new Error(`trtgen ${args.join(" ")} exited with ${code}`);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  writeFileSync(`${cache}.tmp`, cli.script.createCachedData());
  renameSync(`${cache}.tmp`, cache);
}
