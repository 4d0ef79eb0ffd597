// Loads the bundled CLI (dist/bundle/trtgen.cjs, made by scripts/bundle.mjs) and, when a command
// runs, its chunk (dist/bundle/check.cjs, ...), each with its V8 code cache: the bytecode of
// its functions, compiled when the bundle was built, so that a `trtgen` process compiles
// almost none of its JavaScript (issue 12, CLI start-up). A cache belongs to one Node/V8 build
// and set of flags: V8 checks it and, when it does not match (Node upgraded since `npm ci`,
// `node --inspect`, ...), compiles the source as usual. Of the source V8 checks only the length,
// so a cache file begins with the bundle's bytes it was made from, compared with the bundle's
// before the rest is offered to V8: a cache is only ever offered to the text it was made from
// (a byte comparison costs ~0.1 ms a start, where loading node:crypto for a hash of the bytes
// cost ~5 ms).
// CommonJS, as bin/trtgen.js (bin/package.json): an ES module entry costs ~7 ms more to start.
// Used by bin/trtgen.js, scripts/regen.mjs, the bundle itself (loadChunk) and, to write the
// caches, scripts/bundle.mjs.
"use strict";
const { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } = require("node:fs");
const { createRequire } = require("node:module");
const { tmpdir } = require("node:os");
const { basename, dirname, join } = require("node:path");
const { setFlagsFromString } = require("node:v8");
const { Script } = require("node:vm");

const root = join(__dirname, "..");
const BUNDLE = join(root, "dist", "bundle", "trtgen.cjs");
/** This file as the bundle's require() finds it: the bundle's folder is as deep as dist/bundle/. */
const CLI_LOADER_FROM_BUNDLE = "../../bin/cli-loader.js";
/** Where the code cache of a bundle is. */
const codeCacheOf = (bundle) => `${bundle}.v8cache`;
/** The bundles (front end and chunks) this process has run, by path, for writeCodeCache and loadedBundles. */
const loaded = new Map();

/**
 * V8's tiering for a `trtgen` process, which lasts about a second: V8 optimizes a function
 * (TurboFan, on a thread of its own, whose CPU time counts as the command's) once it has run
 * ~66 KB of bytecode, which in an emit of a 1000-layer spec is ~100 functions, most of them the
 * YAML parser's: ~0.3 s of CPU that so short a run does not earn back. A budget 4.5 times that
 * leaves the functions that stay hot: emit of 1000 layers takes a quarter less CPU, check of
 * 10,000 layers no more (`npm run bench`). Set in every process that loads this file, before
 * the front end or any chunk is compiled: a code cache holds the flags it was made with, and V8
 * uses it only under the same (test/bundle.test.ts).
 */
const V8_FLAGS = "--interrupt-budget=300000";
setFlagsFromString(V8_FLAGS); // as this file is loaded: before anything it runs is compiled

/** Runs a bundle (a CommonJS file) with its code cache; returns its exports. */
function run(bundle) {
  const bytes = readFileSync(bundle);
  const cache = codeCacheOf(bundle);
  let cachedData;
  try {
    const file = readFileSync(cache);
    if (file.length > bytes.length && file.subarray(0, bytes.length).equals(bytes)) cachedData = file.subarray(bytes.length);
  } catch {
    // no cache: compiled from source
  }
  // a CommonJS module's wrapper, as Node's
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${bytes.toString("utf8")}\n})`, { filename: bundle, cachedData });
  const module = { exports: {} };
  loaded.set(bundle, { script, cache, bytes });
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  return { exports: module.exports, script, cache, bytes };
}

/**
 * The bundle's exports ({ main }), its vm.Script (`cachedDataRejected` says whether the code
 * cache was used) and the cache's path. Undefined when the bundle was not built.
 */
function loadCli(bundle = BUNDLE) {
  if (!existsSync(bundle)) return undefined;
  const { exports, script, cache, bytes } = run(bundle);
  return { main: exports.main, script, cache, bytes };
}

/** The bundles this process has run, in order, and whether V8 took the code cache offered to each (false: none offered, or rejected). */
function loadedBundles() {
  return [...loaded].map(([file, { script }]) => ({ file, cacheUsed: script.cachedDataRejected === false }));
}

/** The exports of chunk `name` of the bundle in folder `dir` (the front end's handlers import them). */
function loadChunk(dir, name) {
  return run(join(dir, `${name}.cjs`)).exports;
}

/**
 * Writes the code caches of a bundle and its chunks after running `check`, `emit`, `graph` and
 * `wts-random` of examples/seedseg (when the checkout has it) and `--help`, so that each cache
 * holds the functions its commands compile lazily too; the chunks of the other commands are
 * loaded (their modules initialized) only. Prints what the commands print; run it in a
 * process of its own.
 */
async function writeCodeCache(bundle = BUNDLE) {
  const cli = loadCli(bundle);
  if (!cli) throw new Error(`${bundle} is missing`);
  const spec = join(root, "examples", "seedseg", "spec.yaml");
  const out = mkdtempSync(join(tmpdir(), "trtgen-cache-"));
  try {
    const runs = [["--help"]];
    if (existsSync(spec))
      runs.push(
        ["check", spec],
        ["emit", spec, "-o", join(out, "emit")],
        ["graph", spec, "-o", join(out, "graph.dot")],
        ["wts-random", spec, "-o", join(out, "random.wts")],
      );
    for (const args of runs) {
      const code = await cli.main(args);
      if (code !== 0) throw new Error(`trtgen ${args.join(" ")} exited with ${code}`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const dir = dirname(bundle);
  for (const f of readdirSync(dir).sort()) if (f.endsWith(".cjs") && f !== basename(bundle) && !loaded.has(join(dir, f))) loadChunk(dir, basename(f, ".cjs"));
  for (const [file, { script, cache, bytes }] of loaded) {
    if (dirname(file) !== dir) continue;
    writeFileSync(`${cache}.tmp`, Buffer.concat([bytes, script.createCachedData()]));
    renameSync(`${cache}.tmp`, cache);
  }
}

exports.BUNDLE = BUNDLE;
exports.CLI_LOADER_FROM_BUNDLE = CLI_LOADER_FROM_BUNDLE;
exports.loadCli = loadCli;
exports.loadChunk = loadChunk;
exports.loadedBundles = loadedBundles;
exports.writeCodeCache = writeCodeCache;
