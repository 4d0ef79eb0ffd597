import { describe, expect, it } from "vitest";
import { batch_norm2d } from "../../src/ops/batch_norm2d.js";
import { macsOf, opErrorOf, paramValidationTests, pytorchShapeTests, weightsOf } from "./helpers.js";

describe("batch_norm2d", () => {
  // Weight shapes are checked against BatchNorm2d.state_dict() (num_batches_tracked is not read by trtgen).
  describe("shape inference matches PyTorch", () => pytorchShapeTests(batch_norm2d));

  it("num_features mismatch names the parameter", () => {
    expect(opErrorOf(batch_norm2d, { num_features: 8 }, [[1, 16, 4, 4]]).param).toBe("num_features");
  });

  it("weights: affine adds weight and bias before the running statistics", () => {
    expect(weightsOf(batch_norm2d, {}, [[1, 5, 2, 2]])).toEqual({ weight: [5], bias: [5], running_mean: [5], running_var: [5] });
    expect(weightsOf(batch_norm2d, { affine: false }, [[1, 5, 2, 2]])).toEqual({ running_mean: [5], running_var: [5] });
  });

  it("macs: one per output value", () => {
    expect(macsOf(batch_norm2d, {}, [[2, 5, 3, 4]])).toBe(2 * 5 * 3 * 4);
  });

  describe("parameter validation", () =>
    paramValidationTests(batch_norm2d, { num_features: 16, eps: 1e-3, affine: false }, [
      { num_features: -16 },
      { num_features: 0 },
      { eps: 0 },
      { eps: -1e-5 },
      { eps: "1e-5" },
      { affine: "true" },
      { momentum: 0.1 },
    ]));
});
