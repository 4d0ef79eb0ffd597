import { describe, expect, it } from "vitest";
import { hardsigmoid } from "../../src/ops/hardsigmoid.js";
import { expectRejected, infer, pytorchShapeTests } from "./helpers.js";

describe("hardsigmoid", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(hardsigmoid));

  it("keeps the input shape, any rank", () => {
    expect(infer(hardsigmoid, {}, [[3]])).toEqual([3]);
    expect(infer(hardsigmoid, {}, [[2, 3, 4, 5, 6]])).toEqual([2, 3, 4, 5, 6]);
  });

  it("takes no parameters", () => {
    expectRejected(hardsigmoid, { inplace: true });
    expectRejected(hardsigmoid, { alpha: 1 });
  });
});
