import { describe, expect, it } from "vitest";
import { argmax } from "../../src/ops/argmax.js";
import { infer, loweredSteps, opErrorOf, paramValidationTests, pytorchShapeTests } from "./helpers.js";

describe("argmax", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(argmax));

  it("drops the dimension, or keeps it as 1", () => {
    expect(infer(argmax, { dim: 1 }, [[2, 3, 4]])).toEqual([2, 4]);
    expect(infer(argmax, { dim: -1, keepdim: true }, [[2, 3, 4]])).toEqual([2, 3, 1]);
    expect(opErrorOf(argmax, { dim: 3 }, [[2, 3, 4]]).param).toBe("dim");
  });

  it("lowers to NetworkBuilder::argmax (top-1 indices, cast), then a reshape dropping the dimension", () => {
    expect(loweredSteps(argmax, { dim: -2 }, [[2, 3, 4]])).toEqual(["l: argmax(x, 1)", "l/reshape: addShuffle(l_out) -> out"]);
    expect(loweredSteps(argmax, { dim: 0, keepdim: true }, [[2, 3]])).toEqual(["l: argmax(x, 0) -> out"]);
  });

  describe("parameter validation", () => paramValidationTests(argmax, { dim: 1, keepdim: true }, [{}, { dim: [1] }, { dim: 1.5 }, { dim: 1, keepdim: "yes" }]));
});
