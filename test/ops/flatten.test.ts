import { describe, expect, it } from "vitest";
import { flatten } from "../../src/ops/flatten.js";
import { infer, opErrorOf, paramValidationTests, pytorchShapeTests } from "./helpers.js";

describe("flatten", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(flatten));

  it("start/end dims, negative included", () => {
    expect(infer(flatten, {}, [[2, 3, 4, 5]])).toEqual([2, 60]);
    expect(infer(flatten, { start_dim: 0, end_dim: 1 }, [[2, 3, 4, 5]])).toEqual([6, 4, 5]);
    expect(infer(flatten, { start_dim: -2 }, [[2, 3, 4, 5]])).toEqual([2, 3, 20]);
    expect(infer(flatten, { start_dim: 1, end_dim: -2 }, [[2, 3, 4, 5]])).toEqual([2, 12, 5]);
  });

  it("errors name the parameter", () => {
    expect(opErrorOf(flatten, { start_dim: 3, end_dim: 1 }, [[2, 3, 4, 5]]).param).toBe("start_dim");
    expect(opErrorOf(flatten, { end_dim: 4 }, [[2, 3, 4, 5]]).param).toBe("end_dim");
  });

  describe("parameter validation", () =>
    paramValidationTests(flatten, { start_dim: 1, end_dim: -1 }, [{ start_dim: 1.5 }, { start_dim: "1" }, { end_dim: null }, { dims: [1, 2] }]));
});
