import { describe, expect, it } from "vitest";
import { tanh } from "../../src/ops/tanh.js";
import { expectRejected, infer, pytorchShapeTests } from "./helpers.js";

describe("tanh", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(tanh));

  it("keeps the input shape, any rank", () => {
    expect(infer(tanh, {}, [[3]])).toEqual([3]);
    expect(infer(tanh, {}, [[2, 3, 4, 5, 6]])).toEqual([2, 3, 4, 5, 6]);
  });

  it("takes no parameters", () => {
    expectRejected(tanh, { inplace: true });
    expectRejected(tanh, { alpha: 1 });
  });
});
