import { describe, expect, it } from "vitest";
import { relu6 } from "../../src/ops/relu6.js";
import { expectRejected, infer, pytorchShapeTests } from "./helpers.js";

describe("relu6", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(relu6));

  it("keeps the input shape, any rank", () => {
    expect(infer(relu6, {}, [[3]])).toEqual([3]);
    expect(infer(relu6, {}, [[2, 3, 4, 5, 6]])).toEqual([2, 3, 4, 5, 6]);
  });

  it("takes no parameters", () => {
    expectRejected(relu6, { inplace: true });
    expectRejected(relu6, { alpha: 1 });
  });
});
