import { describe, expect, it } from "vitest";
import { sigmoid } from "../../src/ops/sigmoid.js";
import { expectRejected, infer, pytorchShapeTests } from "./helpers.js";

describe("sigmoid", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(sigmoid));

  it("keeps the input shape, any rank", () => {
    expect(infer(sigmoid, {}, [[3]])).toEqual([3]);
    expect(infer(sigmoid, {}, [[2, 3, 4, 5, 6]])).toEqual([2, 3, 4, 5, 6]);
  });

  it("takes no parameters", () => {
    expectRejected(sigmoid, { inplace: true });
    expectRejected(sigmoid, { alpha: 1 });
  });
});
