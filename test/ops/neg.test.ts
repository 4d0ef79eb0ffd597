import { describe, expect, it } from "vitest";
import { neg } from "../../src/ops/neg.js";
import { expectRejected, infer, loweredSteps, pytorchShapeTests } from "./helpers.js";

describe("neg", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(neg));

  it("keeps the input shape, any rank", () => {
    expect(infer(neg, {}, [[3]])).toEqual([3]);
    expect(infer(neg, {}, [[2, 3, 4, 5, 6]])).toEqual([2, 3, 4, 5, 6]);
  });

  it("takes no parameters", () => {
    expectRejected(neg, { out: null });
    expectRejected(neg, { alpha: 1 });
  });

  it("lowers to one addUnary(kNEG)", () => {
    expect(loweredSteps(neg, {}, [[1, 3, 4, 5]])).toEqual(["l: addUnary(x, kNEG) -> out"]);
  });
});
