import { describe, expect, it } from "vitest";
import { transpose } from "../../src/ops/transpose.js";
import { infer, opErrorOf, paramValidationTests, pytorchShapeTests } from "./helpers.js";
import { lowerOp } from "./lowering.js";

describe("transpose", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(transpose));

  it("swaps two dims, negative included", () => {
    expect(infer(transpose, { dim0: -1, dim1: 1 }, [[2, 3, 4, 5]])).toEqual([2, 5, 4, 3]);
  });

  it("errors name the parameter", () => {
    expect(opErrorOf(transpose, { dim0: 4, dim1: 0 }, [[2, 3, 4, 5]]).param).toBe("dim0");
    expect(opErrorOf(transpose, { dim0: 0, dim1: -5 }, [[2, 3, 4, 5]]).param).toBe("dim1");
  });

  it("lowers to one shuffle whose first transpose swaps the dims", () => {
    const { layers } = lowerOp(transpose, { dim0: -1, dim1: 1 }, [[2, 3, 4, 5]]);
    expect(layers.map((l) => [l.call.fn, l.call.setters])).toEqual([["addShuffle", { firstTranspose: [0, 3, 2, 1] }]]);
  });

  describe("parameter validation", () =>
    paramValidationTests(transpose, { dim0: 1, dim1: 2 }, [{}, { dim0: 1 }, { dim0: 1, dim1: 1.5 }, { dim0: "1", dim1: 2 }, { dims: [1, 2] }]));
});
