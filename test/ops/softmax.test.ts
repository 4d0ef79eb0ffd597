import { describe, expect, it } from "vitest";
import { softmax } from "../../src/ops/softmax.js";
import { infer, opErrorOf, paramValidationTests, pytorchShapeTests } from "./helpers.js";

describe("softmax", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(softmax));

  it("accepts a negative dim and keeps the shape", () => {
    expect(infer(softmax, { dim: -1 }, [[2, 10]])).toEqual([2, 10]);
    expect(infer(softmax, { dim: -3 }, [[2, 3, 4]])).toEqual([2, 3, 4]);
  });

  it("a bad dim names the parameter", () => {
    expect(opErrorOf(softmax, { dim: -3 }, [[2, 10]]).param).toBe("dim");
  });

  describe("parameter validation", () => paramValidationTests(softmax, { dim: 1 }, [{}, { dim: "1" }, { dim: 0.5 }, { dim: [1] }]));
});
