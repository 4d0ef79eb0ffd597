import { describe, expect, it } from "vitest";
import { slice, sliceRange } from "../../src/ops/slice.js";
import { infer, opErrorOf, paramValidationTests, pytorchShapeTests } from "./helpers.js";

describe("slice", () => {
  // Empty slices are rejected deliberately (TensorRT cannot build empty tensors); the fixture marks them.
  describe("shape inference matches PyTorch", () => pytorchShapeTests(slice));

  it("Python slice semantics: negative start/end, clamping, step", () => {
    expect(infer(slice, { dim: 1, start: -2 }, [[2, 6]])).toEqual([2, 2]);
    expect(infer(slice, { dim: 1, start: 1, end: -1, step: 2 }, [[2, 6]])).toEqual([2, 2]);
    expect(infer(slice, { dim: -1, start: -100, end: 100, step: 4 }, [[2, 6]])).toEqual([2, 2]);
    expect(sliceRange(6, slice.params.parse({ dim: 0, start: -5, end: -1, step: 3 }))).toEqual({ start: 1, end: 5, length: 2 });
  });

  it("an empty slice is an OpError on start", () => {
    expect(opErrorOf(slice, { dim: 1, start: 4, end: 2 }, [[2, 6]]).param).toBe("start");
  });

  describe("parameter validation", () =>
    paramValidationTests(slice, { dim: 1, start: -2, end: null, step: 2 }, [
      {},
      { dim: 1, step: 0 },
      { dim: 1, step: -1 },
      { dim: 1, start: "1" },
      { dim: 1, end: 1.5 },
      { dim: "1" },
    ]));
});
