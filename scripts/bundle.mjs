// Bundles the CLI for start-up speed (issue 12, `npm run bench`): `npm run build` (and
// `npm ci`, through `prepare`) runs it after tsc. It writes dist/bundle/trtgen.cjs, trtgen's
// front end (src/cli/main.ts), and one chunk per module that main.ts imports when it runs
// (dist/bundle/yargs.cjs; check.cjs, emit.cjs, ...: a command and every source file and package
// it uses), instead of ~400 modules that Node would resolve, read and compile one by one; then
// the V8 code cache of each (bin/cli-loader.js), with which a `trtgen` process compiles next to
// nothing. A command loads the front end, yargs and its own chunk only (a plain `check SPEC` no
// yargs): `check` neither reads nor deserializes the emitter, Handlebars' runtime or the
// simulator (the code shared by several commands, such as the spec parser, is in each of
// their chunks).
//
// dist/bundle/ is as deep as dist/cli/, so the sources' paths relative to their own file
// (`new URL("../../templates/", import.meta.url)`) reach the checkout's templates/,
// cpp-runtime/, .clang-format and package.json from either.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { BUNDLE, CLI_LOADER_FROM_BUNDLE } from "../bin/cli-loader.js";

const root = join(import.meta.dirname, "..");
// One string-width (yargs' 8.x) for yargs, cliui and wrap-ansi, instead of three copies whose
// set-up and first use cost ~50 ms of every command, behind scripts/bundle/string-width.mjs;
// the help text is ASCII, which every version measures alike. yargs' assert (Node's, ~3 ms to
// load) behind scripts/bundle/assert.mjs, which loads it only when an assertion fails.
const shim = join(root, "scripts", "bundle", "string-width.mjs");
const assertShim = join(root, "scripts", "bundle", "assert.mjs");
const yargsPlatform = /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/;
const lazyShims = {
  name: "lazy-shims",
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, (args) => ({ path: args.importer === shim ? fileURLToPath(import.meta.resolve("string-width")) : shim }));
    b.onResolve({ filter: /^assert$/ }, (args) =>
      args.importer === assertShim ? { path: "assert", external: true } : yargsPlatform.test(args.importer) ? { path: assertShim } : undefined,
    );
  },
};

// The templates compiled ahead of time (Handlebars.precompile, with the options render.ts
// compiles them with) in the bundle's copy of src/emit/precompiled.ts; `npm run build` runs
// tsc first, so render.ts's compiled form is in dist/.
const precompiledTemplates = {
  name: "precompiled-templates",
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]emit[\\/]precompiled\.ts$/ }, async () => {
      const Handlebars = (await import("handlebars")).default;
      const { TEMPLATES, COMPILE_OPTIONS, templateText } = await import(pathToFileURL(join(root, "dist", "emit", "render.js")).href);
      const entries = TEMPLATES.map((name) => `${JSON.stringify(name)}: ${Handlebars.precompile(templateText(name), COMPILE_OPTIONS)}`);
      return { contents: `export const PRECOMPILED = {\n${entries.join(",\n")}\n};\n`, loader: "js" };
    });
  },
};

const frontEnd = join(root, "src", "cli", "main.ts");

/**
 * Every import() of main.ts (the command modules its handlers import, and yargs, which a plain
 * `check SPEC` does without) becomes a chunk's exports, loaded with its code cache by
 * bin/cli-loader.js's loadChunk. A chunk is named after its module's file without `.ts`, or
 * after its package, whose default export is then the chunk's exports (what import() of a
 * CommonJS module gives as default); `onChunk(name, file)` is given each one.
 */
const chunksOfFrontEnd = (onChunk) => ({
  name: "chunks-of-front-end",
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.importer !== frontEnd || args.kind !== "dynamic-import") return undefined;
      const relative = args.path.startsWith(".");
      const name = relative ? basename(args.path, ".js") : args.path;
      onChunk(name, relative ? resolve(args.resolveDir, args.path.replace(/\.js$/, ".ts")) : args.path);
      return { path: name, namespace: "trtgen-chunk" };
    });
    b.onLoad({ filter: /.*/, namespace: "trtgen-chunk" }, (args) => ({
      // the bundle's require() is relative to the bundle (bin/cli-loader.js's loadCli)
      contents: `module.exports = require(${JSON.stringify(CLI_LOADER_FROM_BUNDLE)}).loadChunk(__dirname, ${JSON.stringify(args.path)});`,
      loader: "js",
    }));
    b.onResolve({ filter: /[\\/]cli-loader\.js$/ }, (args) => (args.namespace === "trtgen-chunk" ? { path: args.path, external: true } : undefined));
  },
});

/**
 * Bundles one entry as CommonJS into `outfile`: the front end or a chunk, given as its source
 * file or, for a package's, as the package's name.
 */
async function bundleOne(entry, outfile, plugins) {
  const pkg = !isAbsolute(entry);
  // clang-format finds its native binary beside its own file (__dirname); @viz-js/viz (Graphviz in
  // WebAssembly, 1.4 MB) is required on first use by `trtgen graph` only (src/graph/svg.ts)
  const external = ["clang-format", "@viz-js/viz"];
  const { metafile } = await build({
    ...(pkg
      ? { stdin: { contents: `module.exports = require(${JSON.stringify(entry)}).default;`, resolveDir: root, loader: "js" } }
      : { entryPoints: [entry] }),
    outfile,
    bundle: true,
    // CommonJS: V8's code cache (node:vm) is for scripts, not ES modules
    format: "cjs",
    platform: "node",
    target: "node20",
    // Node 20's V8 has RegExp `v` flags: left as literals, which V8 compiles on first use, where
    // `new RegExp(..., "v")` (esbuild's form for node20) costs ~20 ms at start-up for string-width's
    // \p{RGI_Emoji} (yargs' help), used or not
    supported: { "regexp-set-notation": true },
    plugins: [...plugins, lazyShims, precompiledTemplates],
    define: { "import.meta.url": "__trtgenBundleUrl" },
    banner: { js: 'const __trtgenBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
    external,
    minify: true,
    metafile: true,
    logLevel: "warning",
  });
  // a bundle runs as a vm.Script, which has no import(): every dynamic import must be bundled
  const dynamic = Object.values(metafile.inputs).flatMap((i) => i.imports.filter((m) => m.kind === "dynamic-import" && m.external).map((m) => m.path));
  if (dynamic.length > 0)
    throw new Error(`scripts/bundle.mjs: dynamic import() of external modules (${dynamic.join(", ")}); bundle them or import them statically`);
}

/**
 * Writes the bundle (default dist/bundle/trtgen.cjs, replacing its folder) and its chunks beside
 * it, with their code caches. Another path must be as deep in the checkout as dist/bundle/ (see above).
 */
export async function buildBundle(bundle = BUNDLE) {
  rmSync(dirname(bundle), { recursive: true, force: true });
  const chunks = new Map();
  const onChunk = (name, file) => {
    if (!/^[\w.-]+$/.test(name)) throw new Error(`scripts/bundle.mjs: src/cli/main.ts imports ${name}, which cannot name a chunk's file`);
    const other = chunks.get(name);
    if (other !== undefined && other !== file) throw new Error(`scripts/bundle.mjs: ${file} and ${other} would be one chunk, ${name}.cjs`);
    chunks.set(name, file);
  };
  await bundleOne(frontEnd, bundle, [chunksOfFrontEnd(onChunk)]);
  if (!chunks.has("check")) throw new Error("scripts/bundle.mjs: src/cli/main.ts does not import ./commands/check.js in a handler");
  if (chunks.has(basename(bundle, ".cjs"))) throw new Error(`scripts/bundle.mjs: a chunk would be named as the bundle ${bundle}`);
  await Promise.all([...chunks].map(([name, file]) => bundleOne(file, join(dirname(bundle), `${name}.cjs`), [])));

  const r = spawnSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `import { writeCodeCache } from ${JSON.stringify(join(root, "bin", "cli-loader.js"))}; await writeCodeCache(${JSON.stringify(bundle)});`,
    ],
    {
      cwd: root,
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  if (r.status !== 0) throw new Error(`scripts/bundle.mjs: writing the code cache of ${bundle} failed (${r.status ?? r.signal})`);
}

// node scripts/bundle.mjs [BUNDLE]
if (process.argv[1] === import.meta.filename) await buildBundle(process.argv[2] === undefined ? undefined : resolve(process.argv[2]));
