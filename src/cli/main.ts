import type { Argv } from "yargs";
import { TRTGEN_VERSION } from "../emit/version.js";
import { DEFAULT_SCALE_TOL } from "../simulate/tolerance.js";
import { UsageError } from "./output.js";
import { MAX_SEED } from "../weights/write.js";

const SHORT_HEX = "read .wts values written with fewer than 8 hex digits (4 for float16), zero-extended on the left: hand-written files (docs/wts.md)";

// Start-up (issue 12, `npm run bench`): command modules (and what they need: the spec
// parser and op registry, Handlebars, clang-format, the simulator) are imported by their
// handler, so that a command loads only its own code and `--help` none of it; a lone
// `--version` is answered by bin/trtgen.js before the CLI is even loaded, and a plain
// `check SPEC` by main without yargs (see plainCheckSpec).

/** The spec argument, an optional --wts (described as `wts`) and --allow-short-hex, as `emit` and `graph` take them. */
const specOptions = <T>(y: Argv<T>, wts: string) =>
  y
    .positional("spec", { type: "string", demandOption: true, describe: "network spec (YAML)" })
    .option("wts", { type: "string", describe: wts })
    .option("allow-short-hex", { type: "boolean", default: false, describe: SHORT_HEX });

/** What main.ts uses of yargs' internals (not in its types): the usage instance's help cache. */
export interface YargsInternals {
  getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } };
}

/**
 * yargs renders a command's whole help text as it starts the command's handler (~3 ms of every
 * command), for showing help when the handler fails; ours never fail (`guard` in main), so
 * nothing reads it. Where yargs has no such cache, this does nothing.
 */
function skipHelpCache(cli: YargsInternals): void {
  const usage = cli.getInternalMethods?.().getUsageInstance?.();
  if (typeof usage?.cacheHelpMessage === "function") usage.cacheHelpMessage = () => {};
}

/** `check`'s flags and their values when not given: yargs' defaults below, and a plain `check SPEC`'s. */
const CHECK_DEFAULTS = { deep: false, "allow-short-hex": false, json: false, "dump-ir": false } as const;

/** `check`'s arguments as yargs parses them. */
interface CheckCommand {
  spec: string;
  wts?: string;
  deep: boolean;
  "allow-short-hex": boolean;
  json: boolean;
  "dump-ir": boolean;
}

/** `check`'s handler. */
async function check(a: CheckCommand): Promise<number> {
  const { runCheck } = await import("./commands/check.js");
  return runCheck({ spec: a.spec, wts: a.wts, deep: a.deep, allowShortHex: a["allow-short-hex"], json: a.json, dumpIr: a["dump-ir"] });
}

/**
 * The spec of `trtgen check SPEC` with nothing else, which main runs without yargs (its set-up
 * and parsing are ~10 ms of every command): yargs gives check's handler that SPEC and
 * CHECK_DEFAULTS (test/cli-plain-check.test.ts and test/cli.test.ts run both ways). Undefined
 * for every other command line, and where yargs reads SPEC otherwise: empty, an option (`-...`),
 * or `help` (a last word `help` is --help to yargs).
 */
export function plainCheckSpec(argv: readonly string[]): string | undefined {
  const spec = argv[1];
  return argv.length === 2 && argv[0] === "check" && spec !== undefined && spec !== "" && spec !== "help" && !spec.startsWith("-") ? spec : undefined;
}

/** The graph formats `trtgen graph -o` and `emit --graph` write, by file extension (src/graph/index.ts). */
const GRAPH_EXTENSION = /\.(svg|html|dot)$/i;

/** Runs the CLI; returns the exit code (0 ok, 1 problems found, 2 usage error). */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  let usageError: string | undefined;
  let internalError: Error | undefined;
  /** Command handlers never throw into yargs: an unexpected exception is recorded as an internal error. */
  const guard =
    <A>(fn: (a: A) => void | Promise<void>) =>
    async (a: A) => {
      try {
        await fn(a);
      } catch (e) {
        internalError = e instanceof Error ? e : new Error(String(e));
      }
    };
  const spec = plainCheckSpec(argv);
  if (spec !== undefined) await guard(async () => void (code = await check({ spec, ...CHECK_DEFAULTS })))(undefined);
  else ({ code, usageError } = await parse(argv, guard));
  if (internalError !== undefined) {
    // a bug, not bad input: one line, no stack trace
    process.stderr.write(`trtgen: internal error: ${internalError.message}\nThis is a bug in trtgen; please report it with the command and input files.\n`);
    return 1;
  }
  if (usageError !== undefined) {
    process.stderr.write(`trtgen: ${usageError}\nRun 'trtgen --help' for usage.\n`);
    return 2;
  }
  return code;
}

/**
 * Parses the command line with yargs and runs the command's handler, wrapped in `guard`; returns
 * the handler's exit code (0 when none ran) and yargs' usage error, if any.
 */
async function parse(
  argv: string[],
  guard: <A>(fn: (a: A) => void | Promise<void>) => (a: A) => Promise<void>,
): Promise<{ code: number; usageError?: string }> {
  const { default: yargs } = await import("yargs");
  let code = 0;
  const cli = yargs(argv)
    .scriptName("trtgen")
    .usage("$0 <command> [options]\n\nGenerates standalone TensorRT network-builder C++ from a YAML network spec and a .wts weights file.")
    .version(TRTGEN_VERSION)
    .strict()
    .exitProcess(false)
    .demandCommand(1, "give a command; see --help")
    .recommendCommands()
    .wrap(Math.min(100, process.stdout.columns || 100))
    .fail((msg, err) => {
      // Only yargs validation and .check() failures get here (handlers never throw,
      // see `guard`): stop parsing so that no handler runs.
      throw new UsageError(msg ?? err?.message ?? "invalid arguments");
    })
    .command(
      "check <spec>",
      "validate a spec (and its .wts) and print every layer's shapes",
      (y) =>
        y
          .positional("spec", { type: "string", demandOption: true, describe: "network spec (YAML)" })
          .option("wts", { type: "string", describe: "weights file to check against the spec" })
          .option("deep", { type: "boolean", default: CHECK_DEFAULTS.deep, describe: "also validate every value in the .wts (slower)" })
          .option("allow-short-hex", { type: "boolean", default: CHECK_DEFAULTS["allow-short-hex"], describe: SHORT_HEX })
          .option("json", { type: "boolean", default: CHECK_DEFAULTS.json, describe: "machine-readable output on stdout" })
          .option("dump-ir", { type: "boolean", default: CHECK_DEFAULTS["dump-ir"], describe: "print the IR in text form instead of the table" })
          .example("$0 check examples/seedseg/spec.yaml --wts examples/seedseg/seedseg.wts", ""),
      guard(async (a) => void (code = await check(a))),
    )
    .command(
      "emit <spec>",
      "validate the spec and generate the standalone C++ TensorRT builder and its CMakeLists.txt",
      (y) =>
        specOptions(y, "weights file to validate against the spec first")
          .option("output", { alias: "o", type: "string", demandOption: true, describe: "output folder" })
          .option("check", { type: "boolean", default: false, describe: "write nothing; exit 1 if the folder differs from what would be generated" })
          .option("fold-bn", { type: "boolean", default: false, describe: "fold each batch_norm2d into the conv2d before it instead of a scale layer" })
          .option("allow-todo", { type: "boolean", default: false, describe: "emit custom layers whose snippet is still the drafted TODO (refused otherwise)" })
          .option("graph", {
            type: "string",
            describe: "also write the picture of the network beside the sources: graph.html (--graph or --graph html) or graph.svg (--graph svg)",
          })
          .check((a) => {
            if (a.graph !== undefined && !["", "html", "svg"].includes(a.graph)) throw new Error(`--graph takes html or svg, got '${a.graph}'`);
            return true;
          })
          .example("$0 emit examples/seedseg/spec.yaml --wts examples/seedseg/seedseg.wts -o out/seedseg", ""),
      guard(async (a) => {
        const { runEmit } = await import("./commands/emit.js");
        code = await runEmit({
          spec: a.spec,
          wts: a.wts,
          allowShortHex: a["allow-short-hex"],
          output: a.output,
          check: a.check,
          foldBn: a["fold-bn"],
          allowTodo: a["allow-todo"],
          graph: a.graph === undefined ? undefined : a.graph === "svg" ? "svg" : "html",
        });
      }),
    )
    .command(
      "graph <spec>",
      "draw the validated layer graph (shapes, parameters, MACs, diagnostics, a run's per-layer profile) as SVG, HTML or DOT",
      (y) =>
        specOptions(y, "weights file to check against the spec (the table lists each tensor's line)")
          .option("output", { alias: "o", type: "string", demandOption: true, describe: "file to write: .svg, .html (a self-contained report) or .dot" })
          .option("profile", {
            type: "string",
            describe: "per-layer profile JSON of an engine run (the builder's --profile): colours the layers by their share of the time",
          })
          .check((a) => {
            if (GRAPH_EXTENSION.exec(a.output) === null) throw new Error(`-o must name a .svg, .html or .dot file, got '${a.output}'`);
            return true;
          })
          .example("$0 graph examples/seedseg/spec.yaml --wts examples/seedseg/seedseg.wts -o seedseg.html", ""),
      guard(async (a) => {
        const { runGraph } = await import("./commands/graph.js");
        const format = GRAPH_EXTENSION.exec(a.output)![1]!.toLowerCase() as "svg" | "html" | "dot";
        code = await runGraph({ spec: a.spec, wts: a.wts, allowShortHex: a["allow-short-hex"], output: a.output, profile: a.profile, format });
      }),
    )
    .command(
      "build <spec>",
      "emit, compile with CMake and run the builder to produce a TensorRT engine (needs CUDA and TensorRT)",
      (y) =>
        y
          .positional("spec", { type: "string", demandOption: true, describe: "network spec (YAML)" })
          .option("wts", { type: "string", demandOption: true, describe: "weights file" })
          .option("engine", { type: "string", demandOption: true, describe: "engine file to write" })
          .option("allow-short-hex", { type: "boolean", default: false, describe: `${SHORT_HEX}; also passed to the builder program` })
          .option("fp16", { type: "boolean", describe: "build an FP16 engine (default: the spec's build: section, else FP32; --no-fp16 overrides it)" })
          .option("tf32", { type: "boolean", describe: "let FP32 layers use TF32 (off by default: exact FP32; --no-tf32 overrides the spec)" })
          .option("compute-capability", { type: "string", describe: "TensorRT-RTX only: GPU architectures to build for, e.g. 75,86,89,120" })
          .option("workspace", { type: "number", describe: "builder workspace limit in MiB" })
          .option("timing-cache", {
            type: "string",
            describe: "read TensorRT's kernel timings from FILE if it exists, write them back after the build (not TensorRT-RTX)",
          })
          .option("dla-core", { type: "number", describe: "build for DLA core N (Jetson Xavier/Orin; needs --fp16)" })
          .option("gpu-fallback", { type: "boolean", describe: "with --dla-core: layers DLA cannot run go to the GPU" })
          .option("layer-info", { type: "string", describe: "write TensorRT's engine inspector JSON (layers after fusion, detailed) to FILE" })
          .option("bench", { type: "number", describe: "after the build, time N inferences on this machine's GPU" })
          .option("profile", { type: "string", describe: "with --bench N: profile N more inferences per layer, write the JSON to FILE (docs/workflow.md)" })
          .option("int8", {
            type: "boolean",
            default: false,
            describe: "INT8 engine by post-training calibration, FP16 fallback (TensorRT 8.x-10.x; docs/int8.md)",
          })
          .option("calib-dir", { type: "string", describe: "with --int8: the calibration set, .bin or .npy float32 inputs (trtgen-export calib)" })
          .option("calib-cache", { type: "string", describe: "with --int8: the calibration cache, read if it exists, else written" })
          .option("tensorrt-root", { type: "string", describe: "TensorRT (or TensorRT-RTX) folder with include/ and lib/ (default: $TENSORRT_ROOT)" })
          .option("build-dir", { type: "string", describe: "where to emit and compile (default: trtgen-build/<name>)" })
          .option("cmake", { type: "string", default: "cmake", describe: "CMake executable" })
          .option("fold-bn", { type: "boolean", default: false, describe: "fold each batch_norm2d into the conv2d before it" })
          .option("allow-todo", { type: "boolean", default: false, describe: "emit custom layers whose snippet is still the drafted TODO (refused otherwise)" })
          .check((a) => {
            if (a.workspace !== undefined && (!Number.isInteger(a.workspace) || a.workspace < 1))
              throw new Error("--workspace must be a positive integer (MiB)");
            const cc = a["compute-capability"];
            if (cc !== undefined && !/^(current|\d+(\.\d)?(,\d+(\.\d)?)*)$/.test(cc))
              throw new Error("--compute-capability expects SM numbers such as 75,86,89,120 (or 8.6), or 'current'");
            if (a["tensorrt-root"] !== undefined && a["tensorrt-root"].trim() === "") throw new Error("--tensorrt-root needs a folder");
            const dla = a["dla-core"];
            if (dla !== undefined && (!Number.isInteger(dla) || dla < 0)) throw new Error("--dla-core must be a DLA core number (0, 1, ...)");
            if (!a.int8 && (a["calib-dir"] !== undefined || a["calib-cache"] !== undefined))
              throw new Error("--calib-dir and --calib-cache only apply with --int8");
            if (a.int8 && a["calib-dir"] === undefined && a["calib-cache"] === undefined)
              throw new Error("--int8 needs --calib-dir DIR (sample inputs) or --calib-cache FILE (an earlier calibration's scales)");
            for (const o of ["calib-dir", "calib-cache"] as const) if (a[o] !== undefined && a[o].trim() === "") throw new Error(`--${o} needs a path`);
            if (dla !== undefined && a.fp16 === false && !a.int8) throw new Error("--dla-core needs FP16: DLA runs FP16 (and INT8) layers only");
            if (a["gpu-fallback"] && dla === undefined) throw new Error("--gpu-fallback only applies with --dla-core");
            if (a.bench !== undefined && (!Number.isInteger(a.bench) || a.bench < 1)) throw new Error("--bench must be a positive integer (inferences)");
            if (a.profile !== undefined && a.bench === undefined) throw new Error("--profile only applies with --bench N");
            for (const o of ["timing-cache", "layer-info", "profile"] as const)
              if (a[o] !== undefined && a[o].trim() === "") throw new Error(`--${o} needs a file`);
            return true;
          }),
      guard(async (a) => {
        const { runBuildCommand } = await import("./commands/build.js");
        code = await runBuildCommand({
          spec: a.spec,
          wts: a.wts,
          allowShortHex: a["allow-short-hex"],
          engine: a.engine,
          fp16: a.fp16,
          tf32: a.tf32,
          computeCapability: a["compute-capability"],
          tensorrtRoot: a["tensorrt-root"],
          workspace: a.workspace,
          timingCache: a["timing-cache"],
          dlaCore: a["dla-core"],
          gpuFallback: a["gpu-fallback"],
          layerInfo: a["layer-info"],
          bench: a.bench,
          profile: a.profile,
          int8: a.int8,
          calibDir: a["calib-dir"],
          calibCache: a["calib-cache"],
          buildDir: a["build-dir"],
          cmake: a.cmake,
          foldBn: a["fold-bn"],
          allowTodo: a["allow-todo"],
        });
      }),
    )
    .command(
      "simulate <spec>",
      "run the lowered TensorRT calls in float32 on the CPU and compare with PyTorch reference outputs",
      (y) =>
        y
          .positional("spec", { type: "string", demandOption: true, describe: "network spec (YAML)" })
          .option("wts", { type: "string", demandOption: true, describe: "weights file" })
          .option("input", {
            type: "string",
            array: true,
            demandOption: true,
            describe: "raw little-endian float32 input (FILE, NAME=FILE per input, or a reference folder)",
          })
          .option("allow-short-hex", { type: "boolean", default: false, describe: SHORT_HEX })
          .option("expect", { type: "string", array: true, describe: "expected output(s) to compare with (FILE, NAME=FILE, or a reference folder)" })
          .option("output", { alias: "o", type: "string", array: true, describe: "write the output(s) as raw float32 (FILE, NAME=FILE, or a folder)" })
          .option("atol", { type: "number", default: 1e-4, describe: "absolute tolerance: |a-b| <= atol + rtol*|b| + k*depth*2^-24*max|b|" })
          .option("rtol", { type: "number", default: 1e-4, describe: "relative tolerance" })
          .option("scale-tol", {
            type: "number",
            default: DEFAULT_SCALE_TOL,
            describe: "k of the depth- and magnitude-scaled tolerance term (docs/numerics.md); 0 turns it off",
          })
          .option("trace", { type: "string", describe: "folder of per-layer references (layer_<name>.bin); names the first layer that diverges" })
          .option("shape", {
            type: "string",
            array: true,
            describe: "a dynamic input's shape, NAME=AxBx... (within a profile; default: the first profile's opt)",
          })
          .example("$0 simulate net.yaml --wts net.wts --input ref/input.bin --expect ref/output.bin", ""),
      guard(async (a) => {
        const { runSimulate } = await import("./commands/simulate.js");
        code = runSimulate({
          spec: a.spec,
          wts: a.wts,
          allowShortHex: a["allow-short-hex"],
          input: a.input,
          shape: a.shape,
          expect: a.expect,
          output: a.output,
          atol: a.atol,
          rtol: a.rtol,
          scaleTol: a.scaleTol,
          trace: a.trace,
        });
      }),
    )
    .command(
      "schema",
      "print the spec's JSON Schema (for editor completion)",
      (y) => y.example("$0 schema > trtgen.schema.json", "then put '# yaml-language-server: $schema=trtgen.schema.json' on top of a spec"),
      guard(async () => {
        const { specJsonSchema } = await import("../netspec/schema.js");
        process.stdout.write(JSON.stringify(specJsonSchema(), null, 2) + "\n");
      }),
    )
    .command(
      "wts-random <spec>",
      "write a .wts with deterministic random weights matching the spec",
      (y) =>
        y
          .positional("spec", { type: "string", demandOption: true, describe: "network spec (YAML)" })
          .option("output", { alias: "o", type: "string", demandOption: true, describe: "the .wts file to write" })
          .option("seed", { type: "number", default: 0, describe: `random seed (an integer from 0 to ${MAX_SEED})` })
          .check((a) => {
            // the generator's state is 32 bits: a larger seed would silently repeat a smaller one's weights
            if (!Number.isInteger(a.seed) || a.seed < 0 || a.seed > MAX_SEED) throw new Error(`--seed must be an integer from 0 to ${MAX_SEED}, got ${a.seed}`);
            return true;
          }),
      guard(async (a) => {
        const { runWtsRandom } = await import("./commands/wts_random.js");
        code = runWtsRandom({ spec: a.spec, output: a.output, seed: a.seed });
      }),
    );
  skipHelpCache(cli as YargsInternals);
  try {
    await cli.parseAsync();
  } catch (e) {
    return { code, usageError: (e as Error).message };
  }
  return { code };
}
