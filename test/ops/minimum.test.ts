import { describe, expect, it } from "vitest";
import { minimum } from "../../src/ops/minimum.js";
import { loweredSteps, pytorchShapeTests } from "./helpers.js";

// minimum shares maximum's implementation (test/ops/maximum.test.ts); here: its PyTorch cases and its TensorRT operation.
describe("minimum", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(minimum));

  it("lowers to addElementWise(kMIN)", () => {
    expect(
      loweredSteps(minimum, {}, [
        [2, 3],
        [2, 3],
      ]),
    ).toEqual(["l: addElementWise(x, y, kMIN) -> out"]);
  });
});
