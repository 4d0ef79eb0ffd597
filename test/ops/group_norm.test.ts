import { describe, expect, it } from "vitest";
import { group_norm } from "../../src/ops/group_norm.js";
import { opErrorOf, paramValidationTests, pytorchShapeTests, weightsOf } from "./helpers.js";
import { loweredSteps } from "./lowering.js";

describe("group_norm", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(group_norm));

  it("weights are per channel", () => {
    expect(weightsOf(group_norm, { num_groups: 2 }, [[1, 6, 4, 4]])).toEqual({ weight: [6], bias: [6] });
    expect(weightsOf(group_norm, { num_groups: 2, affine: false }, [[1, 6, 4, 4]])).toEqual({});
  });

  it("lowers to a normalization of [N, G, C/G * H * W] over the last axis, then the per-channel scale and shift", () => {
    expect(loweredSteps(group_norm, { num_groups: 2, eps: 1e-3 }, [[1, 6, 4, 4]], "gn")).toEqual([
      'gn/group: addShuffle(x) {"reshapeDimensions":[1,2,48]} [1,2,48]',
      "gn_one = constant([1])",
      "gn/one: addConstant([1,1,1], gn_one) [1,1,1]",
      "gn_zero = constant([0])",
      "gn/zero: addConstant([1,1,1], gn_zero) [1,1,1]",
      "gn: normalization(gn_group_out, gn_one_out, gn_zero_out, [2], 0.001) [1,2,48]",
      'gn/ungroup: addShuffle(gn_out) {"reshapeDimensions":[1,6,4,4]} [1,6,4,4]',
      "gn_weight = weight(gn.weight, 6)",
      "gn/weight: addConstant([1,6,1,1], gn_weight) [1,6,1,1]",
      "gn_bias = weight(gn.bias, 6)",
      "gn/bias: addConstant([1,6,1,1], gn_bias) [1,6,1,1]",
      "gn/scale: addElementWise(gn_ungroup_out, gn_weight_out, kPROD) [1,6,4,4]",
      "gn/shift: addElementWise(gn_scale_out, gn_bias_out, kSUM) [1,6,4,4] -> out",
    ]);
  });

  it("without affine the reshaped normalization is the output", () => {
    expect(loweredSteps(group_norm, { num_groups: 2, affine: false }, [[2, 4, 7]], "gn").at(-1)).toBe(
      'gn/ungroup: addShuffle(gn_out) {"reshapeDimensions":[2,4,7]} [2,4,7] -> out',
    );
  });

  it("errors name the parameter", () => {
    expect(opErrorOf(group_norm, { num_groups: 4 }, [[1, 6, 4, 4]]).param).toBe("num_groups");
    expect(opErrorOf(group_norm, { num_groups: 2, num_channels: 8 }, [[1, 6, 4, 4]]).param).toBe("num_channels");
    expect(opErrorOf(group_norm, { num_groups: 1 }, [[6]]).message).toMatch(/rank >= 2/);
  });

  describe("parameter validation", () =>
    paramValidationTests(group_norm, { num_groups: 2, num_channels: 6, eps: 1e-3, affine: false }, [
      {},
      { num_groups: 0 },
      { num_groups: 2, eps: -1 },
      { num_groups: 2, affine: "yes" },
      { num_groups: 2.5 },
    ]));
});
