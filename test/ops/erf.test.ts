import { describe, expect, it } from "vitest";
import { erf } from "../../src/ops/erf.js";
import { expectRejected, infer, loweredSteps, pytorchShapeTests } from "./helpers.js";

describe("erf", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(erf));

  it("keeps the input shape, any rank", () => {
    expect(infer(erf, {}, [[3]])).toEqual([3]);
    expect(infer(erf, {}, [[2, 3, 4, 5, 6]])).toEqual([2, 3, 4, 5, 6]);
  });

  it("takes no parameters", () => {
    expectRejected(erf, { out: null });
    expectRejected(erf, { alpha: 1 });
  });

  it("lowers to one addUnary(kERF)", () => {
    expect(loweredSteps(erf, {}, [[1, 3, 4, 5]])).toEqual(["l: addUnary(x, kERF) -> out"]);
  });
});
