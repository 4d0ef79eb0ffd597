import { describe, expect, it } from "vitest";
import { identity } from "../../src/ops/identity.js";
import { expectRejected, infer, pytorchShapeTests } from "./helpers.js";

describe("identity", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(identity));

  it("keeps the input shape, any rank", () => {
    expect(infer(identity, {}, [[3]])).toEqual([3]);
    expect(infer(identity, {}, [[2, 3, 4, 5, 6]])).toEqual([2, 3, 4, 5, 6]);
  });

  it("takes no parameters", () => {
    expectRejected(identity, { inplace: true });
    expectRejected(identity, { alpha: 1 });
  });
});
