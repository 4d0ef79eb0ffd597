import { describe, expect, it } from "vitest";
import { silu } from "../../src/ops/silu.js";
import { expectRejected, infer, pytorchShapeTests } from "./helpers.js";

describe("silu", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(silu));

  it("keeps the input shape, any rank", () => {
    expect(infer(silu, {}, [[3]])).toEqual([3]);
    expect(infer(silu, {}, [[2, 3, 4, 5, 6]])).toEqual([2, 3, 4, 5, 6]);
  });

  it("takes no parameters", () => {
    expectRejected(silu, { inplace: true });
    expectRejected(silu, { alpha: 1 });
  });
});
