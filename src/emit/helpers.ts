// Every Handlebars helper the templates may use. Templates are compiled with
// knownHelpersOnly, so this file is the complete list. Helpers turn lowered
// data into C++ tokens; spec text only ever passes through cppString or
// cppComment here (identifiers come from CppNamer during lowering).
import type { HelperDelegate } from "handlebars";
import { axesMask, orderedArgs, renderedSetters, type AnyCall, type ArgSpec, type ArgValues, type LayerCall } from "../lower/catalog.js";
import { cppComment, cppString } from "./namer.js";

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `s`, checked to be a C++ identifier (computed during lowering). */
export function ident(s: string): string {
  if (!IDENT.test(s)) throw new Error(`internal: '${s}' is not a C++ identifier`);
  return s;
}

/** Shortest literal that reads back as the same float32. */
export function cppFloat(v: number): string {
  const f = Math.fround(v);
  if (Number.isNaN(f)) return "std::numeric_limits<float>::quiet_NaN()";
  if (!Number.isFinite(f)) return f > 0 ? "std::numeric_limits<float>::infinity()" : "-std::numeric_limits<float>::infinity()";
  if (Object.is(f, -0)) return "-0.0f";
  let s = "";
  for (let p = 1; p <= 9; p++) {
    s = f.toPrecision(p);
    if (Math.fround(Number(s)) === f) break;
  }
  s = String(Number(s)); // canonical: no trailing zeros
  if (!/[.eE]/.test(s)) s += ".0";
  else if (/[eE]/.test(s) && !s.includes(".")) s = s.replace(/[eE]/, ".0e");
  return `${s}f`;
}

function cppInt(v: number): string {
  if (!Number.isSafeInteger(v)) throw new Error(`internal: ${v} is not an integer`);
  return String(v);
}

/** One argument of a catalog call as C++. */
export function renderArg(type: ArgSpec, value: unknown): string {
  if (typeof type === "object")
    return "enum" in type ? `nvinfer1::${ident(type.enum)}::${ident(value as string)}` : `trtgen::compat::${ident(value as string)}`;
  const v = value as ArgValues[typeof type];
  switch (type) {
    case "tensor":
      return `*${ident(v as string)}`;
    case "tensors": {
      const ts = v as string[];
      return `std::array<nvinfer1::ITensor*, ${ts.length}>{${ts.map(ident).join(", ")}}.data(), ${ts.length}`;
    }
    case "int":
      return cppInt(v as number);
    case "mask":
      return `${cppInt(axesMask(v as number[]))}U`;
    case "float":
      return cppFloat(v as number);
    case "bool":
      return v ? "true" : "false";
    case "dims":
      return `trtgen::dims({${(v as number[]).map(cppInt).join(", ")}})`;
    case "floats": {
      const fs = v as number[];
      return `std::array<float, ${fs.length}>{${fs.map(cppFloat).join(", ")}}.data(), ${fs.length}`;
    }
    case "perm":
      return `trtgen::permutation({${(v as number[]).map(cppInt).join(", ")}})`;
    case "weights":
      // an empty Weights is typed like the layer's other weights: strongly typed FP16 builds
      // (TensorRT 11, TensorRT-RTX) refuse e.g. a scale layer whose empty power is float but scale half
      return v === null ? "nvinfer1::Weights{b.computeType(), nullptr, 0}" : ident(v as string);
    case "string":
      return cppString(v as string);
    case "pluginFields":
      return `std::vector<trtgen::PluginFieldValue>{${(v as ArgValues["pluginFields"])
        .map((f) => {
          const name = cppString(f.name);
          if (f.type === "string") return `trtgen::PluginFieldValue::text(${name}, ${cppString(String(f.value))})`;
          const values = (Array.isArray(f.value) ? f.value : [f.value]) as number[];
          if (f.type === "int32") return `trtgen::PluginFieldValue::ints(${name}, {${values.map((x) => cppInt(Math.trunc(x))).join(", ")}})`;
          return `trtgen::PluginFieldValue::floats(${name}, {${values.map(cppFloat).join(", ")}})`;
        })
        .join(", ")}}`;
  }
}

/** `fn(arg, ...)` with the arguments in the catalog's order. */
export function renderCall(c: AnyCall): string {
  return `${ident(c.fn)}(${orderedArgs(c)
    .map((a) => renderArg(a.type, a.value))
    .join(", ")})`;
}

/** `setX(value)` for each setter of a layer that is not at TensorRT's default. */
export function renderSetters(c: LayerCall): string[] {
  return renderedSetters(c).map((s) => `${ident(s.fn)}(${renderArg(s.type, s.value)})`);
}

export const helpers: Record<string, HelperDelegate> = {
  /** A C++ string literal. */
  cstr: (s: string) => cppString(String(s)),
  /** Text safe inside a // comment. */
  comment: (s: string) => cppComment(String(s)),
  /** Text safe inside a CMake quoted argument or comment: anything but a plain name character becomes '?'. */
  cmakeText: (s: string) => String(s).replace(/[^A-Za-z0-9 _.,:+/-]/g, "?"),
  /** `a, b, c` */
  join: (list: unknown[]) => list.map(String).join(", "),
  /** A C++ identifier computed during lowering (checked). */
  id: (s: string) => ident(s),
};

export const knownHelpers = Object.fromEntries(Object.keys(helpers).map((k) => [k, true])) as Record<string, true>;
