import { describe, expect, it } from "vitest";
import { linear } from "../../src/ops/linear.js";
import { infer, macsOf, opErrorOf, paramValidationTests, pytorchShapeTests, weightsOf } from "./helpers.js";
import { loweredSteps } from "./lowering.js";

describe("linear", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(linear));

  it("applies to the last dimension of a rank-3 input", () => {
    expect(infer(linear, { out_features: 7 }, [[2, 5, 8]])).toEqual([2, 5, 7]);
  });

  it("a 1-D input is multiplied as a [1, in] row and reshaped back; rank 2 needs no reshape", () => {
    expect(loweredSteps(linear, { out_features: 3 }, [[4]], "fc")).toEqual([
      'fc/matrix: addShuffle(x) {"reshapeDimensions":[1,4]} [1,4]',
      "fc_weight = weight(fc.weight, 12)",
      "fc/weight: addConstant([3,4], fc_weight) [3,4]",
      "fc: addMatrixMultiply(fc_matrix_out, kNONE, fc_weight_out, kTRANSPOSE) [1,3]",
      "fc_bias = weight(fc.bias, 3)",
      "fc/bias: addConstant([1,3], fc_bias) [1,3]",
      "fc/add_bias: addElementWise(fc_out, fc_bias_out, kSUM) [1,3]",
      'fc/vector: addShuffle(fc_add_bias_out) {"reshapeDimensions":[3]} [3] -> out',
    ]);
    expect(loweredSteps(linear, { out_features: 3, bias: false }, [[2, 4]], "fc")).toEqual([
      "fc_weight = weight(fc.weight, 12)",
      "fc/weight: addConstant([3,4], fc_weight) [3,4]",
      "fc: addMatrixMultiply(x, kNONE, fc_weight_out, kTRANSPOSE) [2,3] -> out",
    ]);
  });

  it("in_features mismatch names the parameter", () => {
    expect(opErrorOf(linear, { in_features: 256, out_features: 10 }, [[1, 16, 4, 4]]).param).toBe("in_features");
  });

  it("weights: [out, in] + bias", () => {
    expect(weightsOf(linear, { out_features: 10 }, [[4, 32]])).toEqual({ weight: [10, 32], bias: [10] });
    expect(weightsOf(linear, { out_features: 10, bias: false }, [[2, 5, 32]])).toEqual({ weight: [10, 32] });
  });

  it("macs: output values * in_features", () => {
    expect(macsOf(linear, { out_features: 10 }, [[4, 32]])).toBe(4 * 10 * 32);
    // rank 3: [2, 5, 8] -> [2, 5, 3]
    expect(macsOf(linear, { out_features: 3 }, [[2, 5, 8]])).toBe(2 * 5 * 3 * 8);
  });

  describe("parameter validation", () =>
    paramValidationTests(linear, { in_features: 32, out_features: 10, bias: false }, [
      { out_features: 0 },
      { out_features: -10 },
      { out_features: "10" },
      { in_features: 0, out_features: 10 },
      { out_features: 10, bias: null },
      {},
    ]));
});
