import { describe, expect, it } from "vitest";
import { select } from "../../src/ops/select.js";
import { opErrorOf, paramValidationTests, pytorchShapeTests } from "./helpers.js";
import { lowerOp } from "./lowering.js";

describe("select", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(select));

  it("an index out of range is an error on index", () => {
    expect(opErrorOf(select, { dim: 1, index: -4 }, [[2, 3]]).param).toBe("index");
  });

  it("lowers to a one-element slice and a reshape that drops the dimension", () => {
    const { layers, out } = lowerOp(select, { dim: 1, index: -1 }, [[2, 3, 4]], "s");
    expect(layers.map((l) => [l.name, l.call.fn, l.call.args, l.outShape])).toEqual([
      ["s/slice", "addSlice", { input: "x0", start: [0, 2, 0], size: [2, 1, 4], stride: [1, 1, 1] }, [2, 1, 4]],
      ["s", "addShuffle", { input: layers[0]!.out }, [2, 4]],
    ]);
    expect(layers[1]!.out).toBe(out);
  });

  describe("parameter validation", () => paramValidationTests(select, { dim: 1, index: 0 }, [{}, { dim: 1 }, { index: 0 }, { dim: 1, index: "0" }]));
});
