// The executor: weights steps, setters and defaults, diagnostics for what cannot be simulated.
import { describe, expect, it } from "vitest";
import type { Arg, Call, LayerStep, LoweredProgram, Step } from "../../src/lower/types.js";
import { executeProgram } from "../../src/simulate/execute.js";
import { roundToHalf } from "../../src/weights/half.js";

const call = (fn: string, ...args: Arg[]): Call => ({ fn, args });
const layer = (v: string, fn: string, args: Arg[], outShape: number[], setters: Call[] = [], target: LayerStep["target"] = "network"): Step => ({
  kind: "layer",
  var: v,
  target,
  call: { fn, args },
  name: v,
  setters,
  out: `${v}_out`,
  outShape,
});
const t = (v: string): Arg => ({ k: "tensor", v });
const dims = (v: number[]): Arg => ({ k: "dims", v });

function program(
  steps: Step[],
  inShape: number[],
  outShape: number[],
  out = (steps.filter((s) => s.kind === "layer").at(-1) as LayerStep).out,
): LoweredProgram {
  return {
    name: "t",
    inputs: [{ name: "x", var: "x", dtype: "float32", shape: inShape }],
    weights: [],
    layers: [{ layer: "L", op: "test", comment: "", steps, out }],
    outputs: [{ name: "L", var: out, shape: outShape }],
  };
}
const run = (p: LoweredProgram, x: number[], w: Record<string, number[]> = {}) => [
  ...executeProgram(p, new Map(Object.entries(w).map(([k, v]) => [k, Float32Array.from(v)])), new Map([["x", Float32Array.from(x)]])).outputs.get("L")!.data,
];

describe("executeProgram", () => {
  it("batchNormScale/Shift as NetworkBuilder computes them, then addScale", () => {
    const p = program(
      [
        {
          kind: "weights",
          var: "s",
          count: 2,
          call: call("batchNormScale", { k: "string", v: "g" }, { k: "string", v: "v" }, { k: "float", v: 0 }, { k: "int", v: 2 }),
        },
        {
          kind: "weights",
          var: "h",
          count: 2,
          call: call(
            "batchNormShift",
            { k: "string", v: "b" },
            { k: "string", v: "g" },
            { k: "string", v: "m" },
            { k: "string", v: "v" },
            { k: "float", v: 0 },
            { k: "int", v: 2 },
          ),
        },
        layer(
          "bn",
          "addScale",
          [t("x"), { k: "enum", type: "ScaleMode", v: "kCHANNEL" }, { k: "weights", v: "h" }, { k: "weights", v: "s" }, { k: "noWeights" }],
          [1, 2, 1, 1],
        ),
      ],
      [1, 2, 1, 1],
      [1, 2, 1, 1],
    );
    // (x - m) * g / sqrt(v) + b
    expect(run(p, [3, 3], { g: [2, 1], v: [4, 1], b: [1, 0], m: [1, 5] })).toEqual([3, -2]);
  });

  it("an absent batch-norm tensor ('') uses the NetworkBuilder fallback", () => {
    const p = program(
      [
        {
          kind: "weights",
          var: "s",
          count: 1,
          call: call("batchNormScale", { k: "string", v: "" }, { k: "string", v: "v" }, { k: "float", v: 0 }, { k: "int", v: 1 }),
        },
        layer(
          "bn",
          "addScale",
          [t("x"), { k: "enum", type: "ScaleMode", v: "kCHANNEL" }, { k: "noWeights" }, { k: "weights", v: "s" }, { k: "noWeights" }],
          [1, 1, 1, 1],
        ),
      ],
      [1, 1, 1, 1],
      [1, 1, 1, 1],
    );
    expect(run(p, [8], { v: [4] })).toEqual([4]);
  });

  it("constant + addConstant + addElementWise", () => {
    const p = program(
      [
        { kind: "weights", var: "c", count: 2, call: call("constant", { k: "floats", v: [10, 20] }) },
        layer("k", "addConstant", [dims([1, 2]), { k: "weights", v: "c" }], [1, 2]),
        layer("sum", "addElementWise", [t("x"), t("k_out"), { k: "enum", type: "ElementWiseOperation", v: "kSUM" }], [1, 2]),
      ],
      [1, 2],
      [1, 2],
    );
    expect(run(p, [1, 2])).toEqual([11, 22]);
  });

  it("addElementWise kGREATER feeds addSelect's condition", () => {
    const op = (v: string): Arg => ({ k: "enum", type: "ElementWiseOperation", v });
    const p = program(
      [
        { kind: "weights", var: "c", count: 1, call: call("constant", { k: "floats", v: [1] }) },
        layer("k", "addConstant", [dims([1, 1]), { k: "weights", v: "c" }], [1, 1]),
        layer("above", "addElementWise", [t("x"), t("k_out"), op("kGREATER")], [1, 4]),
        layer("neg", "addUnary", [t("x"), { k: "enum", type: "UnaryOperation", v: "kNEG" }], [1, 4]),
        layer("sel", "addSelect", [t("above_out"), t("x"), t("neg_out")], [1, 4]),
      ],
      [1, 4],
      [1, 4],
    );
    expect(run(p, [0, 1, 2, 3])).toEqual([-0, -1, 2, 3]);
  });

  it("pooling excludes padding from the average by default", () => {
    const p = program(
      [
        layer(
          "pool",
          "addPoolingNd",
          [t("x"), { k: "enum", type: "PoolingType", v: "kAVERAGE" }, dims([2, 2])],
          [1, 1, 1, 1],
          [call("setPrePadding", dims([1, 1]))],
        ),
      ],
      [1, 1, 1, 1],
      [1, 1, 1, 1],
    );
    expect(run(p, [4])).toEqual([4]);
  });

  it("softmax axes mask, builder gelu, identity", () => {
    const sm = program([layer("sm", "addSoftMax", [t("x")], [2, 1], [call("setAxes", { k: "mask", v: 1 })])], [2, 1], [2, 1]);
    expect(run(sm, [0, 0])).toEqual([0.5, 0.5]);
    const ge = program([layer("g", "gelu", [t("x"), { k: "bool", v: false }], [1], [], "builder")], [1], [1]);
    expect(run(ge, [0])).toEqual([0]);
    const id = program([layer("i", "addIdentity", [t("x")], [2])], [2], [2]);
    expect(run(id, [1, -1])).toEqual([1, -1]);
  });

  it("setScales only sets the resize size (floor(in * scale)); coordinates map by in/out", () => {
    const mode = { k: "compat", v: "kResizeLinear" } as const;
    const halfPixel = call("setCoordinateTransformation", { k: "enum", type: "ResizeCoordinateTransformation", v: "kHALF_PIXEL" });
    const byScale = program(
      [layer("up", "addResize", [t("x")], [1, 7], [call("setResizeMode", mode), call("setScales", { k: "floats", v: [1, 1.5] }), halfPixel])],
      [1, 5],
      [1, 7],
    );
    const bySize = program(
      [layer("up", "addResize", [t("x")], [1, 7], [call("setResizeMode", mode), call("setOutputDimensions", dims([1, 7])), halfPixel])],
      [1, 5],
      [1, 7],
    );
    const x = [0, 1, 2, 3, 4];
    // (o + 0.5) * 5/7 - 0.5, not PyTorch's scale_factor mapping (o + 0.5) / 1.5 - 0.5 = 0, 0.5, 1.17, ...
    const want = [0, 4 / 7, 9 / 7, 2, 19 / 7, 24 / 7, 4];
    run(byScale, x).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));
    expect(run(byScale, x)).toEqual(run(bySize, x));
  });

  it("names the layer when the lowering declares a shape TensorRT would not produce", () => {
    const p = program([layer("r", "addActivation", [t("x"), { k: "enum", type: "ActivationType", v: "kRELU" }], [1, 3])], [1, 2], [1, 3]);
    expect(() => run(p, [1, 2])).toThrow(/layer 'L' \(addActivation 'r'\): TensorRT computes \[1, 2\] but the lowering declares \[1, 3\]/);
  });

  it("refuses setters it does not understand", () => {
    const p = program(
      [layer("r", "addActivation", [t("x"), { k: "enum", type: "ActivationType", v: "kRELU" }], [2], [call("setFoo", { k: "int", v: 1 })])],
      [2],
      [2],
    );
    expect(() => run(p, [1, 2])).toThrow(/setter setFoo not simulated/);
  });

  it("refuses custom plugin and snippet layers, naming the layer", () => {
    const p = program(
      [
        layer(
          "c",
          "plugin",
          [
            { k: "tensors", v: ["x"] },
            { k: "string", v: "MyPlugin" },
            { k: "string", v: "1" },
            { k: "string", v: "" },
            { k: "pluginFields", v: [] },
          ],
          [2],
          [],
          "builder",
        ),
      ],
      [2],
      [2],
    );
    expect(() => run(p, [1, 2])).toThrow("layer 'L' is a custom layer (TensorRT plugin 'MyPlugin') and cannot be simulated");
    const s = program([{ kind: "snippet", code: "output = x;", inputs: ["x"], out: "o", outShape: [2], name: "L" }], [2], [2], "o");
    expect(() => run(s, [1, 2])).toThrow("layer 'L' is a custom layer (a C++ snippet) and cannot be simulated");
  });

  it("reports a missing or mis-sized .wts tensor", () => {
    const p = program(
      [
        { kind: "weights", var: "w", count: 2, call: call("weight", { k: "string", v: "fc.weight" }, { k: "int", v: 2 }) },
        layer("k", "addConstant", [dims([2]), { k: "weights", v: "w" }], [2]),
      ],
      [2],
      [2],
    );
    expect(() => run(p, [1, 2])).toThrow(/has no tensor 'fc.weight'/);
    expect(() => run(p, [1, 2], { "fc.weight": [1, 2, 3] })).toThrow(/holds 3 values, expected 2/);
  });
});

describe("float16 rounding", () => {
  it("rounds to the nearest half, ties to even, overflow to infinity", () => {
    expect(roundToHalf(0.1)).toBe(0.0999755859375); // 0x2e66
    expect(roundToHalf(1 + 2 ** -11)).toBe(1); // tie to even
    expect(roundToHalf(70000)).toBe(Infinity);
  });
});
