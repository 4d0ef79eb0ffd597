import { describe, expect, it } from "vitest";
import { leaky_relu } from "../../src/ops/leaky_relu.js";
import { paramValidationTests, pytorchShapeTests } from "./helpers.js";

describe("leaky_relu", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(leaky_relu));

  it("defaults negative_slope to PyTorch's 0.01", () => {
    expect(leaky_relu.params.parse({})).toEqual({ negative_slope: 0.01 });
  });

  describe("parameter validation", () =>
    paramValidationTests(leaky_relu, { negative_slope: 0.2 }, [
      { negative_slope: "0.2" },
      { negative_slope: Infinity },
      { negative_slope: null },
      { inplace: true },
    ]));
});
