import { describe, expect, it } from "vitest";
import { hardswish } from "../../src/ops/hardswish.js";
import { expectRejected, infer, pytorchShapeTests } from "./helpers.js";

describe("hardswish", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(hardswish));

  it("keeps the input shape, any rank", () => {
    expect(infer(hardswish, {}, [[3]])).toEqual([3]);
    expect(infer(hardswish, {}, [[2, 3, 4, 5, 6]])).toEqual([2, 3, 4, 5, 6]);
  });

  it("takes no parameters", () => {
    expectRejected(hardswish, { inplace: true });
    expectRejected(hardswish, { alpha: 1 });
  });
});
