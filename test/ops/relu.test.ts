import { describe, expect, it } from "vitest";
import { relu } from "../../src/ops/relu.js";
import { expectRejected, infer, pytorchShapeTests } from "./helpers.js";

describe("relu", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(relu));

  it("keeps the input shape, any rank", () => {
    expect(infer(relu, {}, [[3]])).toEqual([3]);
    expect(infer(relu, {}, [[2, 3, 4, 5, 6]])).toEqual([2, 3, 4, 5, 6]);
  });

  it("takes no parameters", () => {
    expectRejected(relu, { inplace: true });
    expectRejected(relu, { alpha: 1 });
  });
});
