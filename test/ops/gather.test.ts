import { describe, expect, it } from "vitest";
import { LowerContext } from "../../src/lower/context.js";
import type { LayerStep, WeightsStep } from "../../src/lower/types.js";
import { ValueIds } from "../../src/lower/values.js";
import { gather } from "../../src/ops/gather.js";
import { infer, opErrorOf, paramValidationTests, pytorchShapeTests, weightsOf } from "./helpers.js";

describe("gather", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(gather));

  it("replaces the dimension by the number of indices; the indices are a weight", () => {
    expect(infer(gather, { dim: -1, num_indices: 6 }, [[2, 3, 4]])).toEqual([2, 3, 6]);
    expect(weightsOf(gather, { dim: 0, num_indices: 6 }, [[2, 3]])).toEqual({ index: [6] });
    expect(opErrorOf(gather, { dim: 2, num_indices: 1 }, [[2, 3]]).param).toBe("dim");
  });

  it("lowers to int32 index weights checked against the dimension, a constant and addGather", () => {
    const ctx = new LowerContext(new ValueIds(), "g", ["x"], [[2, 7, 3]], [2, 10, 3], [{ role: "index", tensor: "idx", count: 10 }]);
    const out = gather.lower!(ctx, gather.params.parse({ dim: -2, num_indices: 10 }));
    const [w, c, g] = ctx.steps as [WeightsStep, LayerStep, LayerStep];
    expect(w.call).toEqual({ target: "weights", fn: "indices", args: { name: "idx", count: 10, bound: 7 } });
    expect([c.name, c.call.fn, c.call.args]).toEqual(["g/index", "addConstant", { dimensions: [10], weights: w.var }]);
    expect([g.name, g.call.args, g.out]).toEqual(["g", { data: "x", indices: c.out, axis: 1 }, out]);
  });

  describe("parameter validation", () =>
    paramValidationTests(gather, { dim: 0, num_indices: 3 }, [{}, { dim: 0 }, { dim: 0, num_indices: 0 }, { dim: "0", num_indices: 1 }]));
});
