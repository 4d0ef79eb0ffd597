// Bundles the CLI for start-up speed (issue 12, `npm run bench`): `npm run build` (and
// `npm ci`, through `prepare`) runs it after tsc. bin/trtgen.js loads dist/bundle/main.js:
// trtgen's sources and its packages in a few files, instead of ~400 modules that Node
// would resolve, read and compile one by one. The command modules that main.ts imports
// in their handlers stay separate chunks, loaded only by their command.
//
// dist/bundle/ is as deep as dist/cli/, so the sources' paths relative to their own
// file (`new URL("../../templates/", import.meta.url)`) reach the checkout's templates/,
// cpp-runtime/, .clang-format and package.json from either.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const root = join(import.meta.dirname, "..");
const outdir = join(root, "dist", "bundle");
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [join(root, "src", "cli", "main.ts")],
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // Node 20's V8 has RegExp `v` flags: left as literals, which V8 compiles on first use, where
  // `new RegExp(..., "v")` (esbuild's form for node20) costs ~20 ms at start-up for string-width's
  // \p{RGI_Emoji} (yargs' help), used or not
  supported: { "regexp-set-notation": true },
  // clang-format finds its native binary beside its own file (__dirname)
  external: ["clang-format"],
  // the CommonJS packages (handlebars, ...) require Node's built-in modules
  banner: { js: 'import { createRequire as __trtgenCreateRequire } from "node:module"; const require = __trtgenCreateRequire(import.meta.url);' },
  logLevel: "warning",
});
