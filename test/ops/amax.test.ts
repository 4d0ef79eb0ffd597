import { describe, expect, it } from "vitest";
import { amax } from "../../src/ops/amax.js";
import { infer, loweredSteps, opErrorOf, paramValidationTests, pytorchShapeTests } from "./helpers.js";

describe("amax", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(amax));

  it("reduces one or several dims, with keepdim", () => {
    expect(infer(amax, { dim: 1 }, [[2, 3, 4, 5]])).toEqual([2, 4, 5]);
    expect(infer(amax, { dim: [-1, -2], keepdim: true }, [[2, 3, 4, 5]])).toEqual([2, 3, 1, 1]);
  });

  it("a repeated dim names the parameter", () => {
    expect(opErrorOf(amax, { dim: [1, -3] }, [[2, 3, 4, 5]]).param).toBe("dim");
  });

  it("lowers to addReduce(kMAX) over the normalized axes", () => {
    expect(loweredSteps(amax, { dim: [-1, 1], keepdim: true }, [[2, 3, 4, 5]])).toEqual(["l: addReduce(x, kMAX, 3,1, true) -> out"]);
  });

  describe("parameter validation", () => paramValidationTests(amax, { dim: [2, 3], keepdim: true }, [{}, { dim: [] }, { dim: [2.5] }, { dim: 1, keepdim: 1 }]));
});
