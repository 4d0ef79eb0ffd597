import { describe, expect, it } from "vitest";
import { sqrt } from "../../src/ops/sqrt.js";
import { expectRejected, infer, loweredSteps, pytorchShapeTests } from "./helpers.js";

describe("sqrt", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(sqrt));

  it("keeps the input shape, any rank", () => {
    expect(infer(sqrt, {}, [[3]])).toEqual([3]);
    expect(infer(sqrt, {}, [[2, 3, 4, 5, 6]])).toEqual([2, 3, 4, 5, 6]);
  });

  it("takes no parameters", () => {
    expectRejected(sqrt, { out: null });
    expectRejected(sqrt, { alpha: 1 });
  });

  it("lowers to one addUnary(kSQRT)", () => {
    expect(loweredSteps(sqrt, {}, [[1, 3, 4, 5]])).toEqual(["l: addUnary(x, kSQRT) -> out"]);
  });
});
