import { describe, expect, it } from "vitest";
import { LowerContext } from "../../src/lower/context.js";
import { ValueIds } from "../../src/lower/values.js";
import { mish } from "../../src/ops/mish.js";
import { expectRejected, infer, pytorchShapeTests } from "./helpers.js";

describe("mish", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(mish));

  it("keeps the input shape, any rank", () => {
    expect(infer(mish, {}, [[3]])).toEqual([3]);
    expect(infer(mish, {}, [[2, 3, 4, 5, 6]])).toEqual([2, 3, 4, 5, 6]);
  });

  it("takes no parameters", () => {
    expectRejected(mish, { inplace: true });
    expectRejected(mish, { beta: 1 });
  });

  it("lowers to softplus (threshold 20), tanh, then the product with x", () => {
    const ctx = new LowerContext(new ValueIds(), "m", ["x"], [[1, 3, 4, 5]], [1, 3, 4, 5], []);
    const out = mish.lower!(ctx, {});
    const layers = ctx.steps.flatMap((s) => (s.kind === "layer" ? [`${s.name}: ${s.call.fn}${s.out === out ? " -> out" : ""}`] : []));
    expect(layers).toEqual([
      "m: addActivation",
      "m/threshold: addConstant",
      "m/above: addElementWise",
      "m/select: addSelect",
      "m/tanh: addActivation",
      "m/mul: addElementWise -> out",
    ]);
  });
});
