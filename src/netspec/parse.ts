import { readFileSync, statSync } from "node:fs";
import { fileKind } from "../io/output.js";
import { MAX_DIM, MAX_RANK, NAME_WITHOUT_CONTROL, hasControlChar, shapeLimitProblem } from "../ir/limits.js";
import { Diag, type Diagnostics, type Location } from "../diagnostics/index.js";
import { BUILD_EXPECTED, BUILD_KEYS, buildDefaultsProblem, buildSchema, type BuildDefaults } from "./build.js";
import { describe } from "./describe.js";
import { decodeSpec, textPosition } from "./encoding.js";
import { isDynamicShape, parseProfiles } from "./profiles.js";
import { SourceFile, YamlSource, type PathItem } from "./source.js";
import { suggest } from "./suggest.js";
import { TOO_DEEP, checkYamlLimits, nestingProblem, reservedKeys } from "./yaml_limits.js";
import { INPUT_KEYS, LAYER_KEYS, TOP_KEYS, type DType, type Spec, type SpecInput, type SpecLayer, type SpecOutput } from "./types.js";

const NAME_HINT = "names become C++ string literals, TensorRT tensor names and log lines; use printable characters";

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Reads a spec file; returns undefined when it cannot even be read as YAML. `fullYaml` reads it
 * with parseDocument even where the fast reader could (tests compare the two).
 */
export function readSpecFile(path: string, diags: Diagnostics, opts: { fullYaml?: boolean } = {}): SourceFile | undefined {
  let bytes: Buffer;
  try {
    // /dev/zero would be read until memory runs out (a FIFO is read: specs may be piped in)
    const st = statSync(path);
    if (!st.isFile() && !st.isFIFO()) {
      diags.report(Diag.fileUnreadable, { path, what: "spec", reason: `is ${fileKind(st)}, not a file` }, { file: path });
      return undefined;
    }
    bytes = readFileSync(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "ENOENT") diags.report(Diag.fileNotFound, { path, what: "spec" }, { file: path });
    else diags.report(Diag.fileUnreadable, { path, what: "spec", reason: err.code === "EISDIR" ? "is a directory" : err.message }, { file: path });
    return undefined;
  }
  const decoded = decodeSpec(bytes);
  if (!("text" in decoded)) {
    diags.report(Diag.textEncoding, { path, reason: decoded.reason, hint: decoded.hint }, { file: path, line: decoded.line, col: decoded.col });
    return undefined;
  }
  const text = decoded.text;
  const tooDeep = nestingProblem(text);
  if (tooDeep !== undefined) {
    diags.report(Diag.yamlLimit, { reason: TOO_DEEP }, { file: path, ...textPosition(text, tooDeep) });
    return undefined;
  }
  // the plain subset specs are written in is read fast; everything else (and every YAML problem) by parseDocument
  const fast = opts.fullYaml ? undefined : SourceFile.fast(path, text);
  if (fast) return fast;
  let src: YamlSource;
  try {
    src = new YamlSource(path, text);
  } catch (e) {
    // the YAML parser recurses once per nesting level
    if (!(e instanceof RangeError)) throw e;
    diags.report(Diag.yamlLimit, { reason: TOO_DEEP }, deepestLine(path, text));
    return undefined;
  }
  for (const err of src.doc.errors) {
    if (err.message.includes("Maximum call stack size exceeded")) {
      diags.report(Diag.yamlLimit, { reason: TOO_DEEP }, src.at(err.pos[0]));
      continue;
    }
    const reason = err.message.split("\n")[0]!.replace(/ at line \d+, column \d+.*$/, "");
    diags.report(Diag.yamlSyntax, { reason }, src.at(err.pos[0]));
  }
  if (src.doc.errors.length > 0) return undefined;
  const problem = checkYamlLimits(src.doc);
  if (problem) {
    if (problem.kind === "limit") diags.report(Diag.yamlLimit, { reason: problem.reason }, src.at(problem.offset));
    else {
      const hint = "an alias '*name' repeats the value anchored '&name' earlier in the file, outside that value";
      diags.report(Diag.yamlSyntax, { reason: problem.reason, hint }, src.at(problem.offset));
    }
    return undefined;
  }
  const reserved = reservedKeys(src.doc);
  for (const r of reserved) diags.report(Diag.reservedKey, { key: r.key }, src.at(r.offset));
  if (reserved.length > 0) return undefined;
  return src;
}

/** The first of the most indented lines: where block nesting too deep for the parser is. */
function deepestLine(file: string, text: string): Location {
  let best = { line: 1, indent: -1 };
  let line = 0;
  for (const l of text.split("\n")) {
    line++;
    const indent = l.length - l.trimStart().length;
    if (indent > best.indent) best = { line, indent };
  }
  return { file, line: best.line, col: best.indent + 1 };
}

/** Parses the spec's structure (not op parameters, which the ops validate). */
export function parseSpec(src: SourceFile, diags: Diagnostics): Spec | undefined {
  const root = src.data();
  const bad = (path: PathItem[], what: string, expected: string, got: unknown) =>
    diags.report(Diag.specShape, { what, expected, got: describe(got) }, src.locate(path));
  if (!isRecord(root)) {
    bad([], "spec", "a mapping with 'name', 'inputs', 'layers' and 'outputs'", root);
    return undefined;
  }
  const unknownKeys = (obj: Record<string, unknown>, path: PathItem[], allowed: readonly string[], where: string, extra: string[] = []) => {
    for (const k of Object.keys(obj)) {
      if (!allowed.includes(k) && !extra.includes(k)) {
        diags.report(Diag.unknownField, { where, field: k, suggestion: suggest(k, allowed), allowed: [...allowed] }, src.locate([...path, k], { key: true }));
      }
    }
  };
  unknownKeys(root, [], TOP_KEYS, "the spec");
  /** A name without control characters; reported, and still used so that its readers find it. */
  const noControl = (path: PathItem[], what: string, n: string) => {
    if (hasControlChar(n)) {
      diags.report(Diag.specShape, { what, expected: NAME_WITHOUT_CONTROL, got: describe(n), hint: NAME_HINT }, src.locate(path));
    }
  };
  const required = (obj: Record<string, unknown>, path: PathItem[], field: string, where: string, expected: string): boolean => {
    if (obj[field] === undefined || obj[field] === null) {
      diags.report(Diag.missingField, { where, field, expected }, src.locate(path));
      return false;
    }
    return true;
  };
  const nameAt = (obj: Record<string, unknown>, path: PathItem[], where: string): string | undefined => {
    if (!required(obj, path, "name", where, "name")) return undefined;
    const n = obj.name;
    if (typeof n !== "string" || n.length === 0) {
      bad([...path, "name"], `${where} name`, "a non-empty string (quote numbers)", n);
      return undefined;
    }
    noControl([...path, "name"], `${where} name`, n);
    return n;
  };

  const name = nameAt(root, [], "the spec") ?? "network";

  // inputs
  const inputs: SpecInput[] = [];
  if (required(root, [], "inputs", "the spec", "list of inputs")) {
    if (!Array.isArray(root.inputs) || root.inputs.length === 0) {
      bad(["inputs"], "inputs", "a non-empty list of { name, shape, dtype }", root.inputs);
    } else {
      root.inputs.forEach((inp: unknown, i) => {
        const path = ["inputs", i];
        if (!isRecord(inp)) return bad(path, `inputs[${i}]`, "a mapping { name, shape, dtype }", inp);
        unknownKeys(inp, path, INPUT_KEYS, `input ${i}`);
        const n = nameAt(inp, path, `input ${i}`);
        let shape: number[] | undefined;
        let dims: number[] | undefined;
        if (required(inp, path, "shape", `input '${n ?? i}'`, "list of dimensions, e.g. [1, 3, 224, 224]")) {
          const s = inp.shape;
          if (!Array.isArray(s) || s.length === 0 || s.length > MAX_RANK || !s.every((d) => Number.isInteger(d) && ((d as number) > 0 || d === -1))) {
            bad(
              [...path, "shape"],
              `input '${n ?? i}' shape`,
              `a list of 1 to ${MAX_RANK} positive integers (or -1 for a dynamic dimension), batch first (e.g. [1, 3, 224, 224])`,
              s,
            );
          } else if (s.some((d) => (d as number) > MAX_DIM)) {
            bad([...path, "shape"], `input '${n ?? i}' shape`, `dimensions of at most ${MAX_DIM} (TensorRT's Dims hold int32)`, s);
          } else if (isDynamicShape(s as number[])) {
            // the profiles give the extents (and check them against TensorRT's limits)
            dims = s as number[];
          } else {
            const problem = shapeLimitProblem(s as number[]);
            if (problem) diags.report(Diag.shapeLimit, { what: `input '${n ?? i}' shape`, shape: s as number[], ...problem }, src.locate([...path, "shape"]));
            else shape = s as number[];
          }
        }
        let dtype: DType = "float32";
        if (inp.dtype !== undefined) {
          if (inp.dtype === "float32" || inp.dtype === "float16") dtype = inp.dtype;
          else bad([...path, "dtype"], `input '${n ?? i}' dtype`, "'float32' or 'float16'", inp.dtype);
        }
        if (n !== undefined) inputs.push({ name: n, shape, ...(dims ? { dims } : {}), dtype, index: i, loc: src.locate(path) });
      });
    }
  }

  const profiles = parseProfiles(root.profiles, inputs, src, diags);

  // layers
  const layers: SpecLayer[] = [];
  if (required(root, [], "layers", "the spec", "list of layers")) {
    if (!Array.isArray(root.layers) || root.layers.length === 0) {
      bad(["layers"], "layers", "a non-empty list of layers", root.layers);
    } else {
      root.layers.forEach((l: unknown, i) => {
        const path = ["layers", i];
        if (!isRecord(l)) return bad(path, `layers[${i}]`, "a mapping { name, op, ... }", l);
        const n = nameAt(l, path, `layer ${i}`);
        const where = `layer '${n ?? i}'`;
        let op: string | undefined;
        if (required(l, path, "op", where, "op name")) {
          if (typeof l.op !== "string") bad([...path, "op"], `${where} op`, "an op name such as conv2d", l.op);
          else op = l.op;
        }
        let inputsList: string[] | undefined;
        if (l.input !== undefined && l.inputs !== undefined) {
          diags.report(
            Diag.specShape,
            { what: `${where}`, expected: "either 'input' or 'inputs'", got: "both" },
            src.locate([...path, "inputs"], { key: true }),
          );
        } else if (l.input !== undefined) {
          if (typeof l.input !== "string") bad([...path, "input"], `${where} input`, "a layer or input name", l.input);
          else inputsList = [l.input];
        } else if (l.inputs !== undefined) {
          if (!Array.isArray(l.inputs) || l.inputs.length === 0 || !l.inputs.every((x) => typeof x === "string")) {
            bad([...path, "inputs"], `${where} inputs`, "a non-empty list of layer or input names", l.inputs);
          } else inputsList = l.inputs as string[];
        }
        // keyed by the spec's keys: no prototype that a key could reach
        const weights: Record<string, string> = Object.create(null) as Record<string, string>;
        if (l.weights !== undefined) {
          if (!isRecord(l.weights) || !Object.values(l.weights).every((v) => typeof v === "string" && v.length > 0)) {
            bad([...path, "weights"], `${where} weights`, "a mapping from role (weight, bias, ...) to tensor name", l.weights);
          } else {
            for (const [role, tensor] of Object.entries(l.weights as Record<string, string>)) {
              noControl([...path, "weights", role], `${where} weights.${role}`, tensor);
              weights[role] = tensor;
            }
          }
        }
        const params: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
        for (const [k, v] of Object.entries(l)) if (!(LAYER_KEYS as readonly string[]).includes(k)) params[k] = v;
        if (n !== undefined && op !== undefined) {
          layers.push({ name: n, op, inputs: inputsList, params, weights, index: i, loc: src.locate(path) });
        }
      });
    }
  }

  // outputs
  const outputs: SpecOutput[] = [];
  if (root.outputs === undefined || (Array.isArray(root.outputs) && root.outputs.length === 0)) {
    diags.report(Diag.noOutputs, {}, src.locate(root.outputs === undefined ? [] : ["outputs"]));
  } else if (!Array.isArray(root.outputs)) {
    bad(["outputs"], "outputs", "a list of layer names", root.outputs);
  } else {
    root.outputs.forEach((o: unknown, i) => {
      if (typeof o !== "string" || o.length === 0) bad(["outputs", i], `outputs[${i}]`, "a layer name", o);
      else outputs.push({ name: o, loc: src.locate(["outputs", i]) });
    });
  }

  // build defaults
  let build: BuildDefaults = {};
  if (root.build !== undefined) {
    if (!isRecord(root.build)) bad(["build"], "build", `a mapping of builder options (${BUILD_KEYS.join(", ")})`, root.build);
    else {
      const section = root.build;
      unknownKeys(section, ["build"], BUILD_KEYS, "the build section");
      const known = Object.fromEntries(Object.entries(section).filter(([k]) => (BUILD_KEYS as string[]).includes(k)));
      const parsed = buildSchema.safeParse(known);
      if (!parsed.success) {
        const keys = new Set(parsed.error.issues.map((issue) => issue.path[0] as keyof BuildDefaults));
        for (const key of keys) bad(["build", key], `build.${key}`, BUILD_EXPECTED[key], section[key]);
      } else {
        const problem = buildDefaultsProblem(parsed.data);
        if (problem)
          diags.report(Diag.specShape, { what: `build.${problem.key}`, expected: problem.expected, got: problem.got }, src.locate(["build", problem.key]));
        else build = parsed.data;
      }
    }
  }

  return { name, inputs, profiles, layers, outputs, build, source: src };
}
