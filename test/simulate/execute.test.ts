// The executor: weights steps, setters and defaults, diagnostics for what cannot be simulated.
import { describe, expect, it } from "vitest";
import { builder, net, weightsCalls as wc, type LayerCall } from "../../src/lower/catalog.js";
import type { LayerStep, LoweredProgram, Step } from "../../src/lower/types.js";
import { executeProgram } from "../../src/simulate/execute.js";
import { roundToHalf } from "../../src/weights/half.js";

const layer = (v: string, call: LayerCall, outShape: number[]): Step => ({ kind: "layer", var: v, call, name: v, out: `${v}_out`, outShape });

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
    layers: [{ layer: "L", op: "test", comment: "", steps, out, depth: 1 }],
    outputs: [{ name: "L", var: out, shape: outShape, depth: 1 }],
    profiles: [],
    valueHints: [],
    uses: { plugins: [] },
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
          call: wc.batchNormScale({ gamma: "g", var: "v", eps: 0, channels: 2 }),
        },
        {
          kind: "weights",
          var: "h",
          count: 2,
          call: wc.batchNormShift({ beta: "b", gamma: "g", mean: "m", var: "v", eps: 0, channels: 2 }),
        },
        layer("bn", net.addScale({ input: "x", mode: "kCHANNEL", shift: "h", scale: "s", power: null }), [1, 2, 1, 1]),
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
          call: wc.batchNormScale({ gamma: "", var: "v", eps: 0, channels: 1 }),
        },
        layer("bn", net.addScale({ input: "x", mode: "kCHANNEL", shift: null, scale: "s", power: null }), [1, 1, 1, 1]),
      ],
      [1, 1, 1, 1],
      [1, 1, 1, 1],
    );
    expect(run(p, [8], { v: [4] })).toEqual([4]);
  });

  it("constant + addConstant + addElementWise", () => {
    const p = program(
      [
        { kind: "weights", var: "c", count: 2, call: wc.constant({ values: [10, 20] }) },
        layer("k", net.addConstant({ dimensions: [1, 2], weights: "c" }), [1, 2]),
        layer("sum", net.addElementWise({ input1: "x", input2: "k_out", op: "kSUM" }), [1, 2]),
      ],
      [1, 2],
      [1, 2],
    );
    expect(run(p, [1, 2])).toEqual([11, 22]);
  });

  it("addElementWise kGREATER feeds addSelect's condition", () => {
    const p = program(
      [
        { kind: "weights", var: "c", count: 1, call: wc.constant({ values: [1] }) },
        layer("k", net.addConstant({ dimensions: [1, 1], weights: "c" }), [1, 1]),
        layer("above", net.addElementWise({ input1: "x", input2: "k_out", op: "kGREATER" }), [1, 4]),
        layer("neg", net.addUnary({ input: "x", operation: "kNEG" }), [1, 4]),
        layer("sel", net.addSelect({ condition: "above_out", thenInput: "x", elseInput: "neg_out" }), [1, 4]),
      ],
      [1, 4],
      [1, 4],
    );
    expect(run(p, [0, 1, 2, 3])).toEqual([-0, -1, 2, 3]);
  });

  it("pooling excludes padding from the average by default", () => {
    const p = program(
      [layer("pool", net.addPoolingNd({ input: "x", type: "kAVERAGE", windowSize: [2, 2] }, { prePadding: [1, 1] }), [1, 1, 1, 1])],
      [1, 1, 1, 1],
      [1, 1, 1, 1],
    );
    expect(run(p, [4])).toEqual([4]);
  });

  it("softmax axes mask, builder gelu, identity", () => {
    const sm = program([layer("sm", net.addSoftMax({ input: "x" }, { axes: [0] }), [2, 1])], [2, 1], [2, 1]);
    expect(run(sm, [0, 0])).toEqual([0.5, 0.5]);
    const ge = program([layer("g", builder.gelu({ input: "x", tanhApproximation: false }), [1])], [1], [1]);
    expect(run(ge, [0])).toEqual([0]);
    const id = program([layer("i", net.addIdentity({ input: "x" }), [2])], [2], [2]);
    expect(run(id, [1, -1])).toEqual([1, -1]);
  });

  it("setScales only sets the resize size (floor(in * scale)); coordinates map by in/out", () => {
    const common = { resizeMode: "kResizeLinear", coordinateTransformation: "kHALF_PIXEL" } as const;
    const byScale = program([layer("up", net.addResize({ input: "x" }, { ...common, scales: [1, 1.5] }), [1, 7])], [1, 5], [1, 7]);
    const bySize = program([layer("up", net.addResize({ input: "x" }, { ...common, outputDimensions: [1, 7] }), [1, 7])], [1, 5], [1, 7]);
    const x = [0, 1, 2, 3, 4];
    // (o + 0.5) * 5/7 - 0.5, not PyTorch's scale_factor mapping (o + 0.5) / 1.5 - 0.5 = 0, 0.5, 1.17, ...
    const want = [0, 4 / 7, 9 / 7, 2, 19 / 7, 24 / 7, 4];
    run(byScale, x).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));
    expect(run(byScale, x)).toEqual(run(bySize, x));
  });

  it("names the layer when the lowering declares a shape TensorRT would not produce", () => {
    const p = program([layer("r", net.addActivation({ input: "x", type: "kRELU" }), [1, 3])], [1, 2], [1, 3]);
    expect(() => run(p, [1, 2])).toThrow(/layer 'L' \(addActivation 'r'\): TensorRT computes \[1, 2\] but the lowering declares \[1, 3\]/);
  });

  it("refuses calls that do not match the catalog", () => {
    const relu = net.addActivation({ input: "x", type: "kRELU" });
    const p = program([layer("r", { ...relu, setters: { foo: 1 } } as unknown as LayerCall, [2])], [2], [2]);
    expect(() => run(p, [1, 2])).toThrow(/addActivation: unknown setter 'foo' \(see src\/lower\/catalog.ts\)/);
    const q = program([layer("r", { ...relu, args: { input: "x" } } as unknown as LayerCall, [2])], [2], [2]);
    expect(() => run(q, [1, 2])).toThrow(/addActivation: no argument 'type'/);
    const r = program([layer("r", { ...relu, args: { input: "x", type: "kGELU_ERF" } } as unknown as LayerCall, [2])], [2], [2]);
    expect(() => run(r, [1, 2])).toThrow(/addActivation: 'type' kGELU_ERF is not a member the catalog lists/);
  });

  it("refuses custom plugin and snippet layers, naming the layer", () => {
    const p = program([layer("c", builder.plugin({ inputs: ["x"], name: "MyPlugin", version: "1", pluginNamespace: "", fields: [] }), [2])], [2], [2]);
    expect(() => run(p, [1, 2])).toThrow("layer 'L' is a custom layer (TensorRT plugin 'MyPlugin') and cannot be simulated");
    const s = program([{ kind: "snippet", code: "output = x;", inputs: ["x"], out: "o", outShape: [2], name: "L" }], [2], [2], "o");
    expect(() => run(s, [1, 2])).toThrow("layer 'L' is a custom layer (a C++ snippet) and cannot be simulated");
  });

  it("reports a missing or mis-sized .wts tensor", () => {
    const p = program(
      [
        { kind: "weights", var: "w", count: 2, call: wc.weight({ name: "fc.weight", count: 2 }) },
        layer("k", net.addConstant({ dimensions: [2], weights: "w" }), [2]),
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
