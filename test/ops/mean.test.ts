import { describe, expect, it } from "vitest";
import { mean } from "../../src/ops/mean.js";
import { infer, opErrorOf, paramValidationTests, pytorchShapeTests } from "./helpers.js";

describe("mean", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(mean));

  it("reduces one or several dims, with keepdim", () => {
    expect(infer(mean, { dim: 1 }, [[2, 3, 4, 5]])).toEqual([2, 4, 5]);
    expect(infer(mean, { dim: [2, 3] }, [[2, 3, 4, 5]])).toEqual([2, 3]);
    expect(infer(mean, { dim: [-1, -2], keepdim: true }, [[2, 3, 4, 5]])).toEqual([2, 3, 1, 1]);
  });

  it("a repeated dim names the parameter", () => {
    expect(opErrorOf(mean, { dim: [1, -3] }, [[2, 3, 4, 5]]).param).toBe("dim");
  });

  describe("parameter validation", () =>
    paramValidationTests(mean, { dim: [2, 3], keepdim: true }, [
      {},
      { dim: [] },
      { dim: "2" },
      { dim: [2.5] },
      { dim: 1, keepdim: 1 },
      { dim: 1, dtype: "float32" },
    ]));
});
