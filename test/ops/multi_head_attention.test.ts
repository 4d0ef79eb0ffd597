import { describe, expect, it } from "vitest";
import { multi_head_attention as mha } from "../../src/ops/multi_head_attention.js";
import { infer, macsOf, opErrorOf, paramValidationTests, pytorchShapeTests, weightsOf } from "./helpers.js";
import { loweredSteps } from "./lowering.js";

const E8 = { embed_dim: 8, num_heads: 2 };
const SEPARATE = { embed_dim: 8, num_heads: 2, kdim: 6, vdim: 4, use_separate_proj_weight: true };

describe("multi_head_attention", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(mha));

  it("one input is query, key and value; two are query and key = value", () => {
    expect(infer(mha, E8, [[5, 2, 8]])).toEqual([5, 2, 8]);
    expect(
      infer(mha, { ...E8, batch_first: true }, [
        [2, 5, 8],
        [2, 7, 8],
      ]),
    ).toEqual([2, 5, 8]);
    // two inputs: the value is the key, so vdim must be kdim
    expect(
      opErrorOf(mha, SEPARATE, [
        [5, 2, 8],
        [7, 2, 6],
      ]).message,
    ).toMatch(/value \[7, 2, 6\] does not fit.*vdim 4/);
    expect(
      opErrorOf(mha, SEPARATE, [
        [5, 2, 8],
        [7, 2, 6],
      ]).hint,
    ).toMatch(/value is the key/);
  });

  it("batch_first decides which dimension is the batch", () => {
    expect(
      opErrorOf(mha, E8, [
        [5, 2, 8],
        [7, 3, 8],
      ]).message,
    ).toMatch(/differ in the batch size/);
    expect(
      infer(mha, { ...E8, batch_first: true }, [
        [2, 5, 8],
        [2, 7, 8],
        [2, 7, 8],
      ]),
    ).toEqual([2, 5, 8]);
    expect(
      opErrorOf(mha, { ...E8, batch_first: true }, [
        [2, 5, 8],
        [2, 7, 8],
        [2, 6, 8],
      ]).message,
    ).toMatch(/sequence length/);
  });

  it("kdim/vdim other than embed_dim need use_separate_proj_weight, named with the fix", () => {
    const e = opErrorOf(mha, { ...SEPARATE, use_separate_proj_weight: false }, [
      [5, 2, 8],
      [7, 2, 6],
      [7, 2, 4],
    ]);
    expect(e.param).toBe("use_separate_proj_weight");
    expect(e.hint).toMatch(/use_separate_proj_weight: true/);
    expect(opErrorOf(mha, { embed_dim: 8, num_heads: 3 }, [[5, 2, 8]]).param).toBe("num_heads");
  });

  it("weights: PyTorch's state_dict names, packed or separate projections, biases optional", () => {
    expect(weightsOf(mha, E8, [[5, 2, 8]])).toEqual({
      in_proj_weight: [24, 8],
      in_proj_bias: [24],
      "out_proj.weight": [8, 8],
      "out_proj.bias": [8],
    });
    expect(
      weightsOf(mha, { ...SEPARATE, bias: false }, [
        [5, 2, 8],
        [7, 2, 6],
        [7, 2, 4],
      ]),
    ).toEqual({
      q_proj_weight: [8, 8],
      k_proj_weight: [8, 6],
      v_proj_weight: [8, 4],
      "out_proj.weight": [8, 8],
    });
  });

  it("macs: the projections, both attention products and out_proj", () => {
    // N 2, L 5, S 7, E 8, kdim 6, vdim 4
    expect(
      macsOf(mha, SEPARATE, [
        [5, 2, 8],
        [7, 2, 6],
        [7, 2, 4],
      ]),
    ).toBe(2 * (5 * 8 * 8 + 7 * 8 * (6 + 4) + 2 * 5 * 7 * 8 + 5 * 8 * 8));
  });

  it("self-attention: one packed projection, split into heads, sequence-first transposed in and out", () => {
    const steps = loweredSteps(mha, E8, [[5, 1, 8]], "a");
    expect(steps[0]).toBe('a/query_batch_first: addShuffle(x) {"firstTranspose":[1,0,2]} [1,5,8]');
    expect(steps).toContain("a/in_proj_weight: addConstant([1,24,8], a_in_proj_weight) [1,24,8]");
    expect(steps).toContain("a: addMatrixMultiply(a_query_batch_first_out, kNONE, a_in_proj_weight_out, kTRANSPOSE) [1,5,24]");
    expect(steps).toContain('a/qkv_heads: addShuffle(a_qkv_bias_out) {"reshapeDimensions":[1,5,6,4],"secondTranspose":[0,2,1,3]} [1,6,5,4]');
    expect(steps).toContain("a/v_heads: addSlice(a_qkv_heads_out, [0,4,0,0], [1,2,5,4], [1,1,1,1]) [1,2,5,4]");
    expect(steps).toContain("a_scale = constant([0.5])"); // 1 / sqrt(head dim 4)
    expect(steps).toContain('a/softmax: addSoftMax(a_scaled_out) {"axes":[3]} [1,2,5,5]');
    expect(steps).toContain('a/merge_heads: addShuffle(a_matmul_out) {"firstTranspose":[0,2,1,3],"reshapeDimensions":[1,5,8]} [1,5,8]');
    expect(steps.at(-1)).toBe('a/seq_first: addShuffle(a_out_proj_add_bias_out) {"firstTranspose":[1,0,2]} [5,1,8] -> out');
  });

  it("cross-attention with a packed weight slices q, k and v's rows and bias out of it", () => {
    const steps = loweredSteps(
      mha,
      { ...E8, batch_first: true },
      [
        [1, 5, 8],
        [1, 3, 8],
      ],
      "a",
    );
    expect(steps).toContain("a/k_proj_weight: addSlice(a_in_proj_weight_out, [0,8,0], [1,8,8], [1,1,1]) [1,8,8]");
    expect(steps).toContain("a/v_proj_bias: addSlice(a_in_proj_bias_out, [0,0,16], [1,1,8], [1,1,1]) [1,1,8]");
    // key and value both read the second input
    expect(steps).toContain("a/k_proj: addMatrixMultiply(x2, kNONE, a_k_proj_weight_out, kTRANSPOSE) [1,3,8]");
    expect(steps).toContain("a/v_proj: addMatrixMultiply(x2, kNONE, a_v_proj_weight_out, kTRANSPOSE) [1,3,8]");
    expect(steps.at(-1)).toBe("a/out_proj_add_bias: addElementWise(a_out_proj_out, a_out_proj.bias_out, kSUM) [1,5,8] -> out");
  });

  it("separate projections read their own weights; no bias means no additions", () => {
    const steps = loweredSteps(
      mha,
      { ...SEPARATE, batch_first: true, bias: false },
      [
        [1, 5, 8],
        [1, 3, 6],
        [1, 3, 4],
      ],
      "a",
    );
    expect(steps).toContain("a/v_proj_weight: addConstant([1,8,4], a_v_proj_weight) [1,8,4]");
    expect(steps.some((s) => s.includes("kSUM"))).toBe(false);
    expect(steps.at(-1)).toBe("a/out_proj: addMatrixMultiply(a_merge_heads_out, kNONE, a_out_proj.weight_out, kTRANSPOSE) [1,5,8] -> out");
  });

  it("an unbatched input gets a batch of 1 and loses it again", () => {
    const steps = loweredSteps(mha, E8, [[5, 8]], "a");
    expect(steps[0]).toBe('a/query_batched: addShuffle(x) {"reshapeDimensions":[1,5,8]} [1,5,8]');
    expect(steps.at(-1)).toBe('a/unbatched: addShuffle(a_out_proj_add_bias_out) {"reshapeDimensions":[5,8]} [5,8] -> out');
  });

  describe("parameter validation", () =>
    paramValidationTests(mha, { ...SEPARATE, bias: false, batch_first: true }, [
      { num_heads: 2 },
      { embed_dim: 8 },
      { embed_dim: 0, num_heads: 1 },
      { ...E8, kdim: 0 },
      { ...E8, dropout: 0.1 },
      { ...E8, add_bias_kv: true },
      { ...E8, batch_first: "yes" },
    ]));
});
