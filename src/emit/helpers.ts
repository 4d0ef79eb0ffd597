// Every Handlebars helper the templates may use. Templates are compiled with
// knownHelpersOnly, so this file is the complete list. Helpers turn lowered
// data into C++ tokens; spec text only ever passes through cppString or
// cppComment here (identifiers come from CppNamer during lowering).
import type { HelperDelegate } from "handlebars";
import type { Arg, Call } from "../lower/types.js";
import { cppComment, cppString } from "./namer.js";

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

function ident(s: string): string {
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

export function renderArg(a: Arg): string {
  switch (a.k) {
    case "tensor":
      return `*${ident(a.v)}`;
    case "tensors":
      return `std::array<nvinfer1::ITensor*, ${a.v.length}>{${a.v.map(ident).join(", ")}}.data(), ${a.v.length}`;
    case "int":
      return cppInt(a.v);
    case "mask":
      return `${cppInt(a.v)}U`;
    case "float":
      return cppFloat(a.v);
    case "bool":
      return a.v ? "true" : "false";
    case "dims":
      return `trtgen::dims({${a.v.map(cppInt).join(", ")}})`;
    case "floats":
      return `std::array<float, ${a.v.length}>{${a.v.map(cppFloat).join(", ")}}.data(), ${a.v.length}`;
    case "perm":
      return `trtgen::permutation({${a.v.map(cppInt).join(", ")}})`;
    case "enum":
      return `nvinfer1::${ident(a.type)}::${ident(a.v)}`;
    case "compat":
      return `trtgen::compat::${ident(a.v)}`;
    case "weights":
      return ident(a.v);
    case "noWeights":
      // typed like the layer's other weights: strongly typed FP16 builds (TensorRT 11,
      // TensorRT-RTX) refuse e.g. a scale layer whose empty power is float but scale half
      return "nvinfer1::Weights{b.computeType(), nullptr, 0}";
    case "string":
      return cppString(a.v);
    case "pluginFields":
      return `std::vector<trtgen::PluginFieldValue>{${a.v
        .map((f) => {
          const name = cppString(f.name);
          if (f.type === "string") return `trtgen::PluginFieldValue::text(${name}, ${cppString(String(f.value))})`;
          const values = (Array.isArray(f.value) ? f.value : [f.value]) as number[];
          if (f.type === "int32") return `trtgen::PluginFieldValue::ints(${name}, {${values.map((v) => cppInt(Math.trunc(v))).join(", ")}})`;
          return `trtgen::PluginFieldValue::floats(${name}, {${values.map(cppFloat).join(", ")}})`;
        })
        .join(", ")}}`;
  }
}

export function renderCall(c: Call): string {
  return `${ident(c.fn)}(${c.args.map(renderArg).join(", ")})`;
}

export const helpers: Record<string, HelperDelegate> = {
  /** `fn(arg, ...)` of a lowered call. */
  call: (c: Call) => renderCall(c),
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
