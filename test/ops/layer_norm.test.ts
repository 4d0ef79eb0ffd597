import { describe, expect, it } from "vitest";
import { layer_norm } from "../../src/ops/layer_norm.js";
import { opErrorOf, paramValidationTests, pytorchShapeTests, weightsOf } from "./helpers.js";
import { loweredSteps } from "./lowering.js";

describe("layer_norm", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(layer_norm));

  it("defaults to PyTorch's eps 1e-5 with affine weights; an int normalized_shape is a list of one", () => {
    expect(layer_norm.params.parse({ normalized_shape: 8 })).toEqual({ normalized_shape: [8], eps: 1e-5, elementwise_affine: true, channels_first: false });
  });

  it("weights have the normalized shape", () => {
    expect(weightsOf(layer_norm, { normalized_shape: [4, 8] }, [[2, 3, 4, 8]])).toEqual({ weight: [4, 8], bias: [4, 8] });
    expect(weightsOf(layer_norm, { normalized_shape: 8, channels_first: true }, [[1, 8, 3, 3]])).toEqual({ weight: [8], bias: [8] });
  });

  it("lowers to one normalization over the trailing axes, weight and bias as constants of the input's rank", () => {
    expect(loweredSteps(layer_norm, { normalized_shape: [4, 8], eps: 1e-6 }, [[2, 3, 4, 8]], "ln")).toEqual([
      "ln_weight = weight(ln.weight, 32)",
      "ln/weight: addConstant([1,1,4,8], ln_weight) [1,1,4,8]",
      "ln_bias = weight(ln.bias, 32)",
      "ln/bias: addConstant([1,1,4,8], ln_bias) [1,1,4,8]",
      "ln: normalization(x, ln_weight_out, ln_bias_out, [2,3], 0.000001) [2,3,4,8] -> out",
    ]);
  });

  it("channels_first normalizes dimension 1 with [1, C, 1, 1] scale and bias", () => {
    expect(loweredSteps(layer_norm, { normalized_shape: 8, channels_first: true }, [[1, 8, 3, 3]], "ln")).toEqual([
      "ln_weight = weight(ln.weight, 8)",
      "ln/weight: addConstant([1,8,1,1], ln_weight) [1,8,1,1]",
      "ln_bias = weight(ln.bias, 8)",
      "ln/bias: addConstant([1,8,1,1], ln_bias) [1,8,1,1]",
      "ln: normalization(x, ln_weight_out, ln_bias_out, [1], 0.00001) [1,8,3,3] -> out",
    ]);
  });

  it("without affine, scale 1 and bias 0 broadcast", () => {
    expect(loweredSteps(layer_norm, { normalized_shape: 8, elementwise_affine: false }, [[2, 5, 8]], "ln")).toEqual([
      "ln_one = constant([1])",
      "ln/one: addConstant([1,1,1], ln_one) [1,1,1]",
      "ln_zero = constant([0])",
      "ln/zero: addConstant([1,1,1], ln_zero) [1,1,1]",
      "ln: normalization(x, ln_one_out, ln_zero_out, [2], 0.00001) [2,5,8] -> out",
    ]);
  });

  it("errors name normalized_shape", () => {
    expect(opErrorOf(layer_norm, { normalized_shape: [5] }, [[2, 5, 8]]).param).toBe("normalized_shape");
    expect(opErrorOf(layer_norm, { normalized_shape: [8, 8], channels_first: true }, [[1, 8, 8, 8]]).message).toMatch(
      /channels_first normalizes dimension 1 only/,
    );
  });

  describe("parameter validation", () =>
    paramValidationTests(layer_norm, { normalized_shape: [4, 8], eps: 1e-6, elementwise_affine: false, channels_first: true }, [
      {},
      { normalized_shape: [] },
      { normalized_shape: 0 },
      { normalized_shape: 8, eps: 0 },
      { normalized_shape: 8, elementwise_affine: 1 },
      { normalized_shape: 8, bias: false },
    ]));
});
