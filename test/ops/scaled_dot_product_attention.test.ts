import { describe, expect, it } from "vitest";
import { scaled_dot_product_attention as sdpa } from "../../src/ops/scaled_dot_product_attention.js";
import { infer, loweredSteps, opErrorOf, paramValidationTests, pytorchShapeTests } from "./helpers.js";

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

  it("is_causal adds a mask hiding the keys after each query (top-left aligned)", () => {
    const steps = loweredSteps(sdpa, { is_causal: true, scale: 0.25 }, [
      [2, 3],
      [2, 3],
      [2, 3],
    ]);
    expect(steps).toContain(`l_causal_mask = constant([[0,${-3.4028234663852886e38},0,0]])`);
    expect(steps).toContain("l/masked: addElementWise(l_scaled_out, l_causal_mask_out, kSUM)");
    expect(steps).toContain("l_scale = constant([[0.25]])");
  });

  describe("parameter validation", () =>
    paramValidationTests(sdpa, { is_causal: true, scale: 0.125 }, [{ scale: 0 }, { is_causal: 1 }, { dropout_p: 0.1 }, { attn_mask: "m" }]));
});
