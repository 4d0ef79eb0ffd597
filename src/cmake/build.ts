// `trtgen build`: emit, configure and compile with CMake, then run the builder
// program to produce the engine. Meant for machines that have TensorRT (the
// board itself, or a PC with the same TensorRT); elsewhere it stops with a
// message naming what is missing.
import { cpus } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { execa } from "execa";
import { Diag, type Diagnostics } from "../diagnostics/index.js";
import { generate, writeFolder } from "../emit/emit.js";
import { fileStem } from "../emit/namer.js";
import { builderArgs, type BuildDefaults } from "../netspec/build.js";

export interface BuildOptions {
  spec: string;
  wts: string;
  /** Accept .wts values shorter than 8 / 4 hex digits, here and in the builder program (its --allow-short-hex). */
  allowShortHex?: boolean;
  engine: string;
  /** Undefined options take the spec's `build:` defaults (src/netspec/build.ts); given ones win. */
  fp16?: boolean;
  /** Let FP32 layers use TF32 (the builder's --tf32). */
  tf32?: boolean;
  /** TensorRT-RTX only: SM numbers to build for, e.g. "75,86" (the builder's --compute-capability). */
  computeCapability?: string;
  /** TensorRT installation folder, passed to CMake as TensorRT_ROOT (default: the TENSORRT_ROOT environment variable). */
  tensorrtRoot?: string;
  workspace?: number;
  /** The builder's --timing-cache FILE (read if present, written after the build). */
  timingCache?: string;
  /** The builder's --dla-core N and --gpu-fallback. */
  dlaCore?: number;
  gpuFallback?: boolean;
  /** The builder's --layer-info FILE (IEngineInspector JSON). */
  layerInfo?: string;
  /** The builder's --bench N, and --profile FILE (per-layer profile of N more inferences). */
  bench?: number;
  profile?: string;
  /** The builder's --int8 with --calib-dir DIR and/or --calib-cache FILE (docs/int8.md). */
  int8?: boolean;
  calibDir?: string;
  calibCache?: string;
  buildDir?: string;
  cmake: string;
  foldBn?: boolean;
  /** Emit custom layers whose snippet is still the drafted TODO (see GenerateOptions). */
  allowTodo?: boolean;
  /** Where progress and tool output go. */
  log: (line: string) => void;
}

/** Known CMake configure failures → what is missing and how to fix it. */
const MISSING: { pattern: RegExp; what: string; reason?: string; hint: string }[] = [
  {
    pattern: /No CMAKE_CXX_COMPILER could be found|CMAKE_CXX_COMPILER not set|is not a full path to an existing compiler/,
    what: "C++ compiler",
    hint: "install a C++17 compiler (e.g. apt-get install g++) or pass CXX=/path/to/c++",
  },
  { pattern: /CUDA runtime not found/, what: "CUDA", hint: "install the CUDA toolkit (on Jetson it comes with JetPack) or set CUDAToolkit_ROOT" },
  {
    pattern: /TensorRT not found/,
    what: "TensorRT",
    hint: "install TensorRT, or pass --tensorrt-root / set TENSORRT_ROOT to its folder (holding include/NvInfer.h and lib/libnvinfer.so or lib/libtensorrt_rtx.so)",
  },
  {
    pattern: /is TensorRT-RTX, which has no plugin layers/,
    what: "TensorRT plugins",
    reason: "TensorRT-RTX has none",
    hint: "build with a full TensorRT release (--tensorrt-root), or replace the spec's plugin layers",
  },
];

async function step(cmd: string, args: string[], log: (l: string) => void): Promise<{ ok: boolean; output: string; notFound: boolean }> {
  let output = "";
  try {
    const child = execa(cmd, args, { all: true, reject: false, buffer: false });
    child.all?.setEncoding("utf8");
    child.all?.on("data", (chunk: string) => {
      output += chunk;
      for (const line of chunk.split("\n")) if (line.trim()) log(`  | ${line}`);
    });
    const r = await child;
    if ((r as { code?: string }).code === "ENOENT" || (r.failed && /ENOENT/.test(String(r.message)) && r.exitCode === undefined)) {
      return { ok: false, output, notFound: true };
    }
    return { ok: r.exitCode === 0, output, notFound: false };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { ok: false, output: output + String(err.message), notFound: err.code === "ENOENT" };
  }
}

export async function runBuild(o: BuildOptions): Promise<{ code: number; diags: Diagnostics }> {
  const log = o.log;
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(p));
  log("[1/4] validating the spec and weights, emitting C++");
  const gen = await generate({ spec: o.spec, wts: o.wts, allowShortHex: o.allowShortHex, foldBn: o.foldBn, allowTodo: o.allowTodo });
  const diags = gen.diags;
  if (!gen.files) return { code: 1, diags };
  const stem = fileStem(gen.name!);
  const root = abs(o.buildDir ?? join("trtgen-build", stem));
  const src = join(root, "src");
  const bin = join(root, "cmake");
  writeFolder(src, gen.files, diags);
  if (diags.hasErrors()) return { code: 1, diags };

  log(`[2/4] configuring with CMake (${bin})`);
  const configureArgs = ["-S", src, "-B", bin, "-DCMAKE_BUILD_TYPE=Release"];
  const tensorrtRoot = o.tensorrtRoot ?? process.env.TENSORRT_ROOT;
  if (tensorrtRoot) configureArgs.push(`-DTensorRT_ROOT=${abs(tensorrtRoot)}`);
  const configure = await step(o.cmake, configureArgs, log);
  if (configure.notFound) {
    diags.report(Diag.buildTool, {
      what: "CMake",
      reason: `'${o.cmake}' was not found`,
      hint: "install CMake 3.17 or newer (e.g. apt-get install cmake), or pass --cmake /path/to/cmake",
    });
    return { code: 1, diags };
  }
  if (!configure.ok) {
    const missing = MISSING.filter((m) => m.pattern.test(configure.output));
    if (missing.length === 0)
      diags.report(Diag.buildTool, {
        what: "CMake configure",
        reason: "failed (output above)",
        hint: "fix the problem CMake reports, then run trtgen build again",
      });
    for (const m of missing) diags.report(Diag.buildTool, { what: m.what, reason: m.reason ?? "not found on this machine", hint: m.hint });
    return { code: 1, diags };
  }

  log("[3/4] compiling");
  const exe = `${stem}_builder`;
  const compile = await step(o.cmake, ["--build", bin, "--target", exe, "-j", String(Math.max(1, cpus().length))], log);
  if (!compile.ok) {
    diags.report(Diag.buildTool, {
      what: "compilation",
      reason: "failed (compiler output above)",
      hint: "check that the TensorRT headers match the libraries; report a trtgen bug if the generated code does not compile",
    });
    return { code: 1, diags };
  }

  log(`[4/4] building the engine ${o.engine}`);
  // the spec's build: defaults, overridden by the options given; the program then gets them
  // all and leaves its own copy of the defaults out
  const d = gen.build ?? {};
  const timingCache = o.timingCache ?? d.timing_cache;
  const merged: BuildDefaults = {
    fp16: o.fp16 ?? d.fp16,
    tf32: o.tf32 ?? d.tf32,
    workspace: o.workspace ?? d.workspace,
    opt_level: d.opt_level,
    timing_cache: timingCache === undefined ? undefined : abs(timingCache),
    dla_core: o.dlaCore ?? d.dla_core,
    gpu_fallback: o.gpuFallback ?? d.gpu_fallback,
  };
  const args = ["--wts", abs(o.wts), "--engine", abs(o.engine)];
  if (Object.keys(d).length > 0) args.push("--no-spec-defaults");
  if (o.allowShortHex) args.push("--allow-short-hex");
  args.push(...builderArgs(merged));
  if (o.computeCapability !== undefined) args.push("--compute-capability", o.computeCapability);
  if (o.layerInfo !== undefined) args.push("--layer-info", abs(o.layerInfo));
  if (o.bench !== undefined) args.push("--bench", String(o.bench));
  if (o.profile !== undefined) args.push("--profile", abs(o.profile));
  args.push(...int8Args(o, abs));
  const run = await step(join(bin, exe), args, log);
  if (!run.ok) {
    diags.report(Diag.buildTool, {
      what: "engine build",
      reason: `${exe} failed (output above)`,
      hint: "see the builder's message; --verbose in the builder shows TensorRT's log",
    });
    return { code: 1, diags };
  }
  log(`engine written: ${o.engine}`);
  return { code: 0, diags };
}

/** The builder's INT8 calibration options (paths made absolute by `abs`). */
function int8Args(o: BuildOptions, abs: (p: string) => string): string[] {
  if (!o.int8) return [];
  const args = ["--int8"];
  if (o.calibDir !== undefined) args.push("--calib-dir", abs(o.calibDir));
  if (o.calibCache !== undefined) args.push("--calib-cache", abs(o.calibCache));
  return args;
}
