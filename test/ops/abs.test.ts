import { describe, expect, it } from "vitest";
import { abs } from "../../src/ops/abs.js";
import { expectRejected, infer, loweredSteps, pytorchShapeTests } from "./helpers.js";

describe("abs", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(abs));

  it("keeps the input shape, any rank", () => {
    expect(infer(abs, {}, [[3]])).toEqual([3]);
    expect(infer(abs, {}, [[2, 3, 4, 5, 6]])).toEqual([2, 3, 4, 5, 6]);
  });

  it("takes no parameters", () => {
    expectRejected(abs, { out: null });
    expectRejected(abs, { alpha: 1 });
  });

  it("lowers to one addUnary(kABS)", () => {
    expect(loweredSteps(abs, {}, [[1, 3, 4, 5]])).toEqual(["l: addUnary(x, kABS) -> out"]);
  });
});
