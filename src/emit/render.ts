import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import Handlebars from "handlebars";
import type { LoweredProgram } from "../lower/types.js";
import { renameValues, valueIndex } from "../lower/values.js";
import { formatCpp, formatCppBody, type CppParts } from "./format.js";
import { helpers, knownHelpers } from "./helpers.js";
import { layerCode } from "./layers.js";
import { PRECOMPILED } from "./precompiled.js";
import { CppNamer, fileStem, networkNamespace } from "./namer.js";
import { builderArgs, type BuildDefaults } from "../netspec/build.js";
import { TRTGEN_VERSION } from "./version.js";

const root = new URL("../../", import.meta.url);
export const TEMPLATES = ["network.h", "network.cpp", "builder.cpp", "CMakeLists.txt", "README.md"] as const;
/** Where network.cpp.hbs writes its `{{layerCode}}` until the layers are formatted: no template or name writes a NUL. */
const LAYERS_SLOT = "\0layers\0";
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
  /** clang-format network.cpp whole: what formatCppBody's result must equal (test/emit/format.test.ts). */
  formatWhole?: boolean;
}

/**
 * The generated files before clang-format: relative path → text, and for network.cpp its
 * template's text around the layers' code (layers.ts), as formatCppBody takes it.
 */
export function renderSources(lowered: LoweredProgram, opts: RenderOptions): Map<string, string | CppParts> {
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
    layerCode: LAYERS_SLOT,
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
  const files = new Map<string, string | CppParts>();
  for (const t of TEMPLATES) {
    const text = template(t)(view);
    if (t !== "network.cpp") files.set(names[t], text);
    else {
      const parts = text.split(LAYERS_SLOT);
      if (parts.length !== 2) throw new Error(`internal: network.cpp.hbs must write {{layerCode}} once (found ${parts.length - 1})`);
      files.set(names[t], { head: parts[0]!, body: layerCode(p.layers), tail: parts[1]! });
    }
  }
  return files;
}

/** Renders the lowered program into output files: relative path → contents. */
export async function renderProgram(lowered: LoweredProgram, opts: RenderOptions): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const [out, source] of renderSources(lowered, opts)) {
    if (typeof source !== "string")
      files.set(out, await (opts.formatWhole ? formatCpp(source.head + source.body + source.tail, out) : formatCppBody(source, out)));
    else files.set(out, /\.(h|cpp)$/.test(out) ? await formatCpp(source, out) : source);
  }
  for (const f of RUNTIME_FILES) {
    const text = readFileSync(new URL(`cpp-runtime/${f}`, root), "utf8");
    const comment = f.endsWith(".cmake") ? "#" : "//";
    files.set(`runtime/${f}`, `${comment} Code generated by trtgen (copy of cpp-runtime/${f}). DO NOT EDIT.\n${text}`);
  }
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}
