import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import Handlebars from "handlebars";
import type { LoweredProgram, Step } from "../lower/types.js";
import { renameValues, valueIndex } from "../lower/values.js";
import { formatCpp } from "./format.js";
import { helpers, knownHelpers, renderSetters } from "./helpers.js";
import { PRECOMPILED } from "./precompiled.js";
import { CppNamer, fileStem, networkNamespace } from "./namer.js";
import { builderArgs, type BuildDefaults } from "../netspec/build.js";
import { TRTGEN_VERSION } from "./version.js";

const root = new URL("../../", import.meta.url);
export const TEMPLATES = ["network.h", "network.cpp", "builder.cpp", "CMakeLists.txt", "README.md"] as const;
/** How the templates are compiled: at first use here, or ahead of time by scripts/bundle.mjs (src/emit/precompiled.ts). */
export const COMPILE_OPTIONS = { strict: true, noEscape: true, knownHelpers, knownHelpersOnly: true } as const;
/** The text of a template (templates/<name>.hbs). */
export const templateText = (name: string): string => readFileSync(new URL(`templates/${name}.hbs`, root), "utf8");
/** Runtime files copied beside the generated code (cpp-runtime/ → runtime/). */
export const RUNTIME_FILES = [
  "builder_main.cpp",
  "builder_main.h",
  "dynamic_shapes.cpp",
  "dynamic_shapes.h",
  "engine_runner.cpp",
  "engine_runner.h",
  "int8_calibrator.cpp",
  "int8_calibrator.h",
  "json_report.cpp",
  "json_report.h",
  "logger.h",
  "network_builder.cpp",
  "network_builder.h",
  "network_info.h",
  "trt_compat.h",
  "trtgen_runtime.cmake",
  "weights.cpp",
  "weights.h",
] as const;

const hb = Handlebars.create();
for (const [name, fn] of Object.entries(helpers)) hb.registerHelper(name, fn);
const compiled = new Map<string, HandlebarsTemplateDelegate>();

function template(name: string): HandlebarsTemplateDelegate {
  let t = compiled.get(name);
  if (!t) {
    const pre = PRECOMPILED[name];
    t = pre ? hb.template(pre) : hb.compile(templateText(name), COMPILE_OPTIONS);
    compiled.set(name, t);
  }
  return t;
}

const DTYPE_ENUM = { float32: "nvinfer1::DataType::kFLOAT", float16: "nvinfer1::DataType::kHALF" } as const;

function stepView(s: Step) {
  return {
    weights: s.kind === "weights" ? s : null,
    layer: s.kind === "layer" ? { ...s, object: s.call.target === "network" ? "network" : "b", setters: renderSetters(s.call) } : null,
    snippet: s.kind === "snippet" ? { ...s, error: `layer '${s.name}': the custom snippet did not set 'output'` } : null,
  };
}

/**
 * The network's fingerprint, "sha256:<hex>" of the lowered program (its inputs, TensorRT calls,
 * weights and outputs): what the generated builder records in each engine's metadata and checks
 * before running an engine it did not just build (`--no-build`). Comments and layout of the
 * spec's YAML do not change it; any change to the network, or to how trtgen lowers it, does.
 */
export function specHash(lowered: LoweredProgram): string {
  return `sha256:${createHash("sha256").update(JSON.stringify(lowered)).digest("hex")}`;
}

export interface RenderOptions {
  /** Spec path as written in the generated headers (relative, forward slashes). */
  specFile: string;
  /** The spec's `build:` section: the builder program's default arguments. */
  build?: BuildDefaults;
}

/** Renders the lowered program into output files: relative path → contents. */
export async function renderProgram(lowered: LoweredProgram, opts: RenderOptions): Promise<Map<string, string>> {
  // value ids become C++ names, made from their hints in id order
  const namer = new CppNamer();
  const cppNames = lowered.valueHints.map((h) => namer.name(h));
  const p = renameValues(lowered, (id) => cppNames[valueIndex(id)]!);
  const stem = fileStem(p.name);
  const pluginLayers = p.uses.plugins;
  const ns = networkNamespace(p.name);
  const view = {
    specFile: opts.specFile,
    name: p.name,
    stem,
    ns,
    exe: `${stem}_builder`,
    specHash: specHash(lowered),
    trtgenVersion: TRTGEN_VERSION,
    specDefaults: builderArgs(opts.build ?? {}),
    headerFile: `${stem}_network.h`,
    inputs: p.inputs.map((i) => ({ ...i, dtypeEnum: DTYPE_ENUM[i.dtype] })),
    outputs: p.outputs,
    // dynamic shapes: by profile, then input
    profileRanges: p.profiles.flatMap((pr, k) => pr.inputs.map((i) => ({ profile: k, nbDims: i.min.length, ...i }))),
    weights: p.weights,
    layers: p.layers.map((l) => ({ comment: l.comment, steps: l.steps.map(stepView) })),
    pluginLayers: pluginLayers.join(", "),
    usesPlugins: pluginLayers.length > 0,
  };
  const names: Record<(typeof TEMPLATES)[number], string> = {
    "network.h": `${stem}_network.h`,
    "network.cpp": `${stem}_network.cpp`,
    "builder.cpp": `${stem}_builder.cpp`,
    "CMakeLists.txt": "CMakeLists.txt",
    "README.md": "README.md",
  };
  const files = new Map<string, string>();
  for (const t of TEMPLATES) {
    const text = template(t)(view);
    const out = names[t];
    files.set(out, /\.(h|cpp)$/.test(out) ? await formatCpp(text, out) : text);
  }
  for (const f of RUNTIME_FILES) {
    const text = readFileSync(new URL(`cpp-runtime/${f}`, root), "utf8");
    const comment = f.endsWith(".cmake") ? "#" : "//";
    files.set(`runtime/${f}`, `${comment} Code generated by trtgen (copy of cpp-runtime/${f}). DO NOT EDIT.\n${text}`);
  }
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}
