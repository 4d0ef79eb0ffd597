import { describe, expect, it } from "vitest";
import { split } from "../../src/ops/split.js";
import { infer, opErrorOf, paramValidationTests, pytorchShapeTests } from "./helpers.js";
import { lowerOp } from "./lowering.js";

describe("split", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(split));

  it("pieces of one size or of the listed sizes", () => {
    expect(infer(split, { split_size_or_sections: 2, dim: 1, index: 2 }, [[1, 5]])).toEqual([1, 1]);
    expect(infer(split, { split_size_or_sections: [1, 3, 2], dim: 1, index: -2 }, [[1, 6]])).toEqual([1, 3]);
  });

  it("sections that do not add up are an error on split_size_or_sections", () => {
    expect(opErrorOf(split, { split_size_or_sections: [1, 3], dim: 1, index: 0 }, [[1, 6]]).param).toBe("split_size_or_sections");
  });

  it("lowers to one slice of the piece", () => {
    const { layers } = lowerOp(split, { split_size_or_sections: [1, 3, 2], dim: 1, index: 1 }, [[2, 6]]);
    expect(layers.map((l) => [l.call.fn, l.call.args])).toEqual([["addSlice", { input: "x0", start: [0, 1], size: [2, 3], stride: [1, 1] }]]);
  });

  describe("parameter validation", () =>
    paramValidationTests(split, { split_size_or_sections: [1, 2], index: 1 }, [
      {},
      { split_size_or_sections: 0, index: 0 },
      { split_size_or_sections: [], index: 0 },
      { split_size_or_sections: [1, -1], index: 0 },
    ]));
});
