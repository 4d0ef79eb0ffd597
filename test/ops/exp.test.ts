import { describe, expect, it } from "vitest";
import { exp } from "../../src/ops/exp.js";
import { expectRejected, infer, loweredSteps, pytorchShapeTests } from "./helpers.js";

describe("exp", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(exp));

  it("keeps the input shape, any rank", () => {
    expect(infer(exp, {}, [[3]])).toEqual([3]);
    expect(infer(exp, {}, [[2, 3, 4, 5, 6]])).toEqual([2, 3, 4, 5, 6]);
  });

  it("takes no parameters", () => {
    expectRejected(exp, { out: null });
    expectRejected(exp, { alpha: 1 });
  });

  it("lowers to one addUnary(kEXP)", () => {
    expect(loweredSteps(exp, {}, [[1, 3, 4, 5]])).toEqual(["l: addUnary(x, kEXP) -> out"]);
  });
});
