// The TensorRT call catalog (src/lower/catalog.ts) against the C++ runtime, the
// renderer and the simulator: one table, no call missing from any of them.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatCpp, formatStatements, reduceBody } from "../../src/emit/format.js";
import { renderCall, renderSetters } from "../../src/emit/helpers.js";
import { layerCode } from "../../src/emit/layers.js";
import {
  BUILDER_PLUMBING,
  CATALOG,
  checkCall,
  renderedSetters,
  type AnyCall,
  type ArgSpec,
  type CallSpec,
  type LayerCall,
  type Target,
  type WeightsCall,
} from "../../src/lower/catalog.js";
import type { LoweredProgram, Step } from "../../src/lower/types.js";
import { renameValues } from "../../src/lower/values.js";
import { executeProgram, unsimulatable } from "../../src/simulate/execute.js";

const header = readFileSync(new URL("../../cpp-runtime/network_builder.h", import.meta.url), "utf8");

/** Public member functions of trtgen::NetworkBuilder: name → number of parameters (each overload). */
function publicMethods(): Map<string, number[]> {
  const body = /class NetworkBuilder \{\s*public:([\s\S]*?)\n\s*private:/.exec(header)?.[1];
  if (!body) throw new Error("no public section of NetworkBuilder in network_builder.h");
  // declarations may span lines: join each up to its ';' or '{'
  const decls = body
    .replace(/\/\/[^\n]*/g, "")
    .replace(/template <[^>]*>/g, "")
    .split(/[;{}]/)
    .map((d) => d.replace(/\s+/g, " ").trim());
  const out = new Map<string, number[]>();
  for (const d of decls) {
    const m = /(?:^|[\s*&])([A-Za-z_]\w*)\(([^()]*)\)(?: const)?(?: noexcept)?$/.exec(d) ?? /(?:^|[\s*&])([A-Za-z_]\w*)\(([^()]*)\)/.exec(d);
    if (!m || m[1] === "NetworkBuilder" || m[1] === "return") continue;
    const params = m[2]!.trim() === "" ? 0 : m[2]!.split(",").length;
    out.set(m[1]!, [...(out.get(m[1]!) ?? []), params]);
  }
  return out;
}

/** C++ parameters an argument takes (a pointer and a count for lists). */
const cppArity = (t: ArgSpec) => (t === "tensors" || t === "floats" ? 2 : 1);

const entries = (target: Target) => Object.entries(CATALOG[target] as Record<string, CallSpec>);

/** A value of each argument type, valid for the 1×1×2×2 tensor `x`. */
function sample(t: ArgSpec, name: string): unknown {
  if (typeof t === "object") return t.values[0];
  const values: Record<string, unknown> = {
    tensor: "x",
    tensors: ["x"],
    int: 1,
    float: 0.5,
    bool: false,
    dims: name === "dimensions" ? [1] : name === "start" ? [0, 0, 0, 0] : name === "size" || name === "outputDimensions" ? [1, 1, 2, 2] : [1, 1],
    floats: [1],
    perm: [0, 1, 2, 3],
    mask: [1],
    weights: name === "weights" ? "w" : null,
    string: "",
    pluginFields: [],
  };
  return values[t];
}

function sampleCall(target: Target, fn: string, spec: CallSpec): AnyCall {
  const args = Object.fromEntries(Object.entries(spec.args).map(([n, t]) => [n, sample(t, n)]));
  return (target === "weights" ? { target, fn, args } : { target, fn, args, setters: {} }) as AnyCall;
}

describe("TensorRT call catalog", () => {
  it("has an entry for every public NetworkBuilder call and the header declares every entry, with matching arity", () => {
    const methods = publicMethods();
    const catalogued = [...entries("builder"), ...entries("weights")];
    expect([...methods.keys()].sort()).toEqual([...catalogued.map(([fn]) => fn), ...BUILDER_PLUMBING].sort());
    for (const [fn, spec] of catalogued) {
      const arity = Object.values(spec.args).reduce((n, t) => n + cppArity(t), 0);
      expect(methods.get(fn), `NetworkBuilder::${fn} parameters`).toContain(arity);
    }
  });

  it("renders every entry with its arguments in catalog order", () => {
    for (const target of ["network", "builder", "weights"] as const) {
      for (const [fn, spec] of entries(target)) {
        const text = renderCall(sampleCall(target, fn, spec));
        expect(text.startsWith(`${fn}(`), text).toBe(true);
        if (Object.values(spec.args).every((t) => t === "tensor")) {
          expect(text).toBe(
            `${fn}(${Object.keys(spec.args)
              .map(() => "*x")
              .join(", ")})`,
          );
        }
      }
    }
    const conv = CATALOG.network.addConvolutionNd;
    expect(
      renderCall({
        target: "network",
        fn: "addConvolutionNd",
        args: { bias: null, kernel: "k", kernelSize: [3, 3], nbOutputMaps: 8, input: "x" },
        setters: {},
      }),
    ).toBe(`addConvolutionNd(*x, 8, trtgen::dims({3, 3}), k, nvinfer1::Weights{b.computeType(), nullptr, 0})`);
    expect(Object.keys(conv.args)).toEqual(["input", "nbOutputMaps", "kernelSize", "kernel", "bias"]);
  });

  it("renders every setter, and drops exactly those given TensorRT's default", () => {
    for (const [fn, spec] of entries("network")) {
      for (const [name, s] of Object.entries(spec.setters ?? {})) {
        const call = { ...sampleCall("network", fn, spec), setters: { [name]: sample(s.arg, name) } } as LayerCall;
        const rendered = renderSetters(call);
        const v = sample(s.arg, name);
        const atDefault = s.default !== undefined && (Array.isArray(v) ? v.every((e) => e === s.default) : v === s.default);
        expect(rendered.length, `${fn}.${name}`).toBe(atDefault ? 0 : 1);
        if (!atDefault) expect(rendered[0]!.startsWith(`${s.fn}(`)).toBe(true);
      }
    }
    const conv = (setters: object) =>
      renderedSetters({
        target: "network",
        fn: "addConvolutionNd",
        args: { input: "x", nbOutputMaps: 1, kernelSize: [3, 3], kernel: "k", bias: null },
        setters,
      } as LayerCall).map((s) => s.fn);
    expect(conv({ stride: [1, 1], prePadding: [0, 0], postPadding: [0, 0], dilation: [1, 1], nbGroups: 1 })).toEqual([]);
    expect(conv({ stride: [1, 2], prePadding: [0, 1], postPadding: [1, 0], dilation: [2, 1], nbGroups: 2 })).toEqual([
      "setStrideNd",
      "setPrePadding",
      "setPostPadding",
      "setDilationNd",
      "setNbGroups",
    ]);
  });

  it("checks that a call has exactly its catalog arguments, and setters and members the catalog lists", () => {
    const call = (args: object, setters: object = {}) => ({ target: "network", fn: "addResize", args, setters }) as unknown as AnyCall;
    expect(() => checkCall(call({ input: "x" }, { resizeMode: "kResizeLinear", coordinateTransformation: "kHALF_PIXEL" }))).not.toThrow();
    expect(() => checkCall(call({ input: "x", scale: 2 }))).toThrow("addResize: unknown argument 'scale' (see src/lower/catalog.ts)");
    expect(() => checkCall(call({}))).toThrow("addResize: no argument 'input'");
    expect(() => checkCall(call({ input: "x" }, { resizeMode: "kResizeCubic" }))).toThrow(
      "addResize: 'resizeMode' kResizeCubic is not a constant the catalog lists",
    );
    expect(() => checkCall(call({ input: "x" }, { nearestRounding: "kUP" }))).toThrow("addResize: 'nearestRounding' kUP is not a member the catalog lists");
    expect(() => checkCall(call({ input: "x" }, { alignCorners: true }))).toThrow("addResize: unknown setter 'alignCorners'");
    expect(() => checkCall(call({ scale: 2 }, { alignCorners: true, nearestRounding: "kUP" }))).toThrow(
      "addResize: no argument 'input', 'nearestRounding' kUP is not a member the catalog lists, unknown argument 'scale', unknown setter 'alignCorners'",
    );
  });

  it("writes every entry and setter as clang-format writes them, on one line and broken over several", async () => {
    // the layers' code as emit writes it (src/emit/layers.ts), formatted as emit formats it
    // (formatCppBody: the lines that fit are kept as written) and as clang-format writes the whole file
    const fields = [
      { name: "alpha", type: "float32", value: 0.25 },
      { name: "sizes", type: "int32", value: [1, 2, 3] },
      { name: "mode", type: "string", value: 'near?est \\ "x"' },
    ];
    for (const long of ["", `_${"a".repeat(60)}`]) {
      const steps: Step[] = [];
      for (const target of ["network", "builder", "weights"] as const) {
        for (const [fn, spec] of entries(target)) {
          const call = sampleCall(target, fn, spec);
          for (const [n, t] of Object.entries(spec.args)) {
            if (t === "pluginFields") (call.args as Record<string, unknown>)[n] = fields;
            if (t === "string") (call.args as Record<string, unknown>)[n] = `${n}${long}`;
          }
          if (target === "weights") steps.push({ kind: "weights", var: `w_${fn}`, call: call as WeightsCall, count: 1 });
          else {
            const setters = Object.fromEntries(Object.entries(spec.setters ?? {}).map(([n, s]) => [n, sample(s.arg, n)]));
            steps.push({ kind: "layer", var: `l_${fn}`, call: { ...call, setters } as LayerCall, name: `${fn}${long}`, out: `l_${fn}_out`, outShape: [1] });
          }
        }
      }
      const program = { layers: [{ layer: "l", op: "relu", comment: `l${long}: every call`, steps, out: "x", depth: 1 }], inputs: [], outputs: [] };
      const renamed = renameValues(program as unknown as LoweredProgram, (id) => `${id}${long}`);
      const parts = { head: "void f() {\n  int a = 0;\n", body: layerCode(renamed.layers), tail: "\n  return;\n}\n" };
      const whole = await formatCpp(parts.head + parts.body + parts.tail, "f.cpp");
      const reduced = reduceBody(parts)!;
      // some lines given to clang-format, the rest kept as written
      expect(reduced.statements.split("\n").length).toBeLessThan(parts.body.split("\n").length / (long ? 1 : 2));
      expect(reduced.assemble(await formatCpp(reduced.outer, "f.cpp"), reduced.statements && formatStatements(reduced.statements))).toBe(whole);
    }
  });

  it("simulates every entry not marked unsimulatable, and reports those that are", () => {
    const program = (steps: Step[]): LoweredProgram => ({
      name: "t",
      inputs: [{ name: "x", var: "x", dtype: "float32", shape: [1, 1, 2, 2] }],
      weights: [],
      layers: [{ layer: "L", op: "test", comment: "", steps, out: "o", depth: 1 }],
      outputs: [],
      profiles: [],
      valueHints: [],
      uses: { plugins: [] },
    });
    const x = new Map([["x", Float32Array.from([1, 2, 3, 4])]]);
    const file = new Map([["", Float32Array.from([1])]]);
    for (const target of ["network", "builder", "weights"] as const) {
      for (const [fn, spec] of entries(target)) {
        const call = sampleCall(target, fn, spec);
        const weights: Step = { kind: "weights", var: "w", count: 1, call: { target: "weights", fn: "constant", args: { values: [1] } } };
        const step: Step =
          call.target === "weights" ? { kind: "weights", var: "v", count: 1, call } : { kind: "layer", var: "l", call, name: "l", out: "o", outShape: [] };
        const p = program([weights, step]);
        if (spec.unsimulatable !== undefined) {
          expect(unsimulatable(p), fn).toHaveLength(1);
          continue;
        }
        expect(unsimulatable(p)).toEqual([]);
        // sample arguments may give another shape than declared, or a count the file lacks; never "not simulated"
        let message = "";
        try {
          executeProgram(p, file, x);
        } catch (e) {
          message = (e as Error).message;
        }
        expect(message, `${target} ${fn}`).not.toMatch(/not simulated|cannot be simulated/);
      }
    }
  });
});
