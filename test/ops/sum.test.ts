import { describe, expect, it } from "vitest";
import { sum } from "../../src/ops/sum.js";
import { infer, opErrorOf, paramValidationTests, pytorchShapeTests } from "./helpers.js";

describe("sum", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(sum));

  it("reduces one or several dims, with keepdim", () => {
    expect(infer(sum, { dim: 1 }, [[2, 3, 4, 5]])).toEqual([2, 4, 5]);
    expect(infer(sum, { dim: [2, 3] }, [[2, 3, 4, 5]])).toEqual([2, 3]);
    expect(infer(sum, { dim: [-1, -2], keepdim: true }, [[2, 3, 4, 5]])).toEqual([2, 3, 1, 1]);
  });

  it("a repeated dim names the parameter", () => {
    expect(opErrorOf(sum, { dim: [1, -3] }, [[2, 3, 4, 5]]).param).toBe("dim");
  });

  describe("parameter validation", () =>
    paramValidationTests(sum, { dim: [2, 3], keepdim: true }, [
      {},
      { dim: [] },
      { dim: "2" },
      { dim: [2.5] },
      { dim: 1, keepdim: 1 },
      { dim: 1, dtype: "float32" },
    ]));
});
