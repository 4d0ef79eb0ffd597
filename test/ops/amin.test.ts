import { describe, expect, it } from "vitest";
import { amin } from "../../src/ops/amin.js";
import { loweredSteps, pytorchShapeTests } from "./helpers.js";

// amin shares amax's implementation (test/ops/amax.test.ts); here: its PyTorch cases and its TensorRT operation.
describe("amin", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(amin));

  it("lowers to addReduce(kMIN)", () => {
    expect(loweredSteps(amin, { dim: 0 }, [[2, 3]])).toEqual(["l: addReduce(x, kMIN, 0, false) -> out"]);
  });
});
