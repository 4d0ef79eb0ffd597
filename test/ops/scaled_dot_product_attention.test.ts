import { describe, expect, it } from "vitest";
import { weightsCalls } from "../../src/lower/catalog.js";
import { LowerContext } from "../../src/lower/context.js";
import type { LoweredProgram, Step } from "../../src/lower/types.js";
import { ValueIds } from "../../src/lower/values.js";
import { scaled_dot_product_attention as sdpa } from "../../src/ops/scaled_dot_product_attention.js";
import { executeProgram } from "../../src/simulate/execute.js";
import { roundToHalf } from "../../src/weights/half.js";
import { infer, loweredSteps, macsOf, opErrorOf, paramValidationTests, pytorchShapeTests } from "./helpers.js";

describe("scaled_dot_product_attention", () => {
  // inputs of different ranks are rejected deliberately (TensorRT's matrix multiply needs equal ranks).
  describe("shape inference matches PyTorch", () => pytorchShapeTests(sdpa));

  it("gives [..., L, Ev] with broadcast batch dimensions", () => {
    expect(
      infer(sdpa, {}, [
        [2, 1, 5, 8],
        [1, 3, 6, 8],
        [1, 1, 6, 2],
      ]),
    ).toEqual([2, 3, 5, 2]);
    opErrorOf(sdpa, {}, [[5], [5], [5]]);
  });

  it("macs: q kᵀ and the weights times v, per (broadcast) batch", () => {
    // batch 2 × 3, L 5, S 7, E 4, Ev 6: 30 × 5 × 7 × 4 for the scores, 30 × 5 × 6 × 7 for the product with v
    expect(
      macsOf(sdpa, {}, [
        [2, 3, 5, 4],
        [1, 3, 7, 4],
        [2, 1, 7, 6],
      ]),
    ).toBe(6 * 5 * 7 * 4 + 6 * 5 * 6 * 7);
  });

  it("lowers to q @ kᵀ, the scale, the softmax over keys and the product with v", () => {
    expect(
      loweredSteps(sdpa, {}, [
        [1, 5, 4],
        [1, 6, 4],
        [1, 6, 3],
      ]).filter((s) => !s.includes("constant(")),
    ).toEqual([
      "l: addMatrixMultiply(x, kNONE, y, kTRANSPOSE)",
      "l/scale: addConstant(1,1,1, l_scale)",
      "l/scaled: addElementWise(l_out, l_scale_out, kPROD)",
      "l/softmax: addSoftMax(l_scaled_out)",
      "l/matmul: addMatrixMultiply(l_softmax_out, kNONE, z, kNONE) -> out",
    ]);
    expect(
      loweredSteps(sdpa, {}, [
        [1, 5, 4],
        [1, 6, 4],
        [1, 6, 3],
      ]),
    ).toContain("l_scale = constant([[0.5]])");
  });

  it("is_causal builds the mask hiding the keys after each query in the network, from index vectors", () => {
    const steps = loweredSteps(sdpa, { is_causal: true, scale: 0.25 }, [
      [2, 3],
      [3, 3],
      [3, 3],
    ]);
    expect(steps).toContain("l_causal_key_lo = constant([[0,1,2]])");
    expect(steps).toContain("l_causal_query_lo = constant([[0,1]])");
    expect(steps).toContain("l/causal_after: addElementWise(l_causal_offset_out, l_causal_zero_out, kGREATER)");
    expect(steps).toContain("l/masked: addSelect(l_causal_after_out, l_causal_hidden_out, l_scaled_out)");
    expect(steps).toContain("l_scale = constant([[0.25]])");
    // no constant proportional to L × S: 32768 tokens (a 2^30-value mask before) lower to vectors of 32768
    const long = loweredSteps(sdpa, { is_causal: true }, [
      [1, 32768, 1],
      [1, 32768, 1],
      [1, 32768, 1],
    ]);
    expect(Math.max(...long.filter((l) => l.includes("= constant(")).map((l) => l.length))).toBeLessThan(32768 * 7);
  });

  /** The causal attention of q [1, L, 1], k [1, S, 1] and v [1, S, Ev], simulated; with `half`, every constant rounded to FP16 as an FP16 build stores it. */
  const causal = (L: number, S: number, v: Float32Array, half: boolean) => {
    const ids = new ValueIds();
    const p = sdpa.params.parse({ is_causal: true });
    const shapes = [
      [1, L, 1],
      [1, S, 1],
      [1, S, v.length / S],
    ];
    const ctx = new LowerContext(ids, "l", ["q", "k", "v"], shapes, sdpa.inferShape(shapes, p), []);
    const out = sdpa.lower!(ctx, p);
    const fp16 = (st: Step): Step =>
      st.kind === "weights" && st.call.fn === "constant" ? { ...st, call: weightsCalls.constant({ values: st.call.args.values.map(roundToHalf) }) } : st;
    const program: LoweredProgram = {
      name: "t",
      inputs: ["q", "k", "v"].map((name, i) => ({ name, var: name, dtype: "float32" as const, shape: shapes[i]! })),
      weights: [],
      layers: [{ layer: "l", op: "scaled_dot_product_attention", comment: "", steps: half ? ctx.steps.map(fp16) : ctx.steps, out, depth: 1 }],
      outputs: [{ name: "l", var: out, shape: ctx.outShape, depth: 1 }],
      profiles: [],
      valueHints: ids.hints,
      uses: { plugins: [] },
    };
    // q and k zero: equal scores, so query i weighs keys j <= i by 1 / (i + 1) each
    const inputs = new Map([
      ["q", new Float32Array(L)],
      ["k", new Float32Array(S)],
      ["v", v],
    ]);
    return executeProgram(program, new Map(), inputs).outputs.get("l")!.data;
  };

  it("the causal mask is PyTorch's on 200 × 300 positions (past the index split)", () => {
    const [L, S] = [200, 300];
    const v = new Float32Array(S * S);
    for (let j = 0; j < S; j++) v[j * S + j] = 1; // the identity: row i of the output is query i's weights
    const y = causal(L, S, v, false);
    const wrong: string[] = [];
    for (let i = 0; i < L; i++)
      for (let j = 0; j < S; j++) {
        const want = j <= i ? 1 / (i + 1) : 0;
        if (Math.abs(y[i * S + j]! - want) > 1e-6) wrong.push(`${i},${j}: ${y[i * S + j]} != ${want}`);
      }
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it("the causal mask stays exact with FP16 constants past 2048 positions (FP16's exact integers)", () => {
    const n = 2100;
    // v_j = j: query i's output is the mean of 0..i, i / 2; one key too many or too few shows
    const y = causal(
      n,
      n,
      Float32Array.from({ length: n }, (_x, j) => j),
      true,
    );
    const wrong = [...y].map((got, i) => [i, got] as const).filter(([i, got]) => Math.abs(got - i / 2) > 0.05); // one key more moves it by about 1/2
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  describe("parameter validation", () =>
    paramValidationTests(sdpa, { is_causal: true, scale: 0.125 }, [{ scale: 0 }, { is_causal: 1 }, { dropout_p: 0.1 }, { attn_mask: "m" }]));
});
