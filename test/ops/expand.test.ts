import { describe, expect, it } from "vitest";
import { expand } from "../../src/ops/expand.js";
import { infer, opErrorOf, paramValidationTests, pytorchShapeTests } from "./helpers.js";
import { lowerOp } from "./lowering.js";

describe("expand", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(expand));

  it("-1 keeps a size, new leading dims are added", () => {
    expect(infer(expand, { size: [3, -1, 4] }, [[2, 1]])).toEqual([3, 2, 4]);
  });

  it("errors name the parameter", () => {
    expect(opErrorOf(expand, { size: [2, 6] }, [[2, 3]]).param).toBe("size");
    expect(opErrorOf(expand, { size: [-1, 2, 3] }, [[2, 3]]).param).toBe("size");
  });

  it("lowers to a slice with stride 0 on the grown dimensions", () => {
    const { layers } = lowerOp(expand, { size: [2, 3, 4] }, [[2, 1, 4]]);
    expect(layers.map((l) => [l.call.fn, l.call.args])).toEqual([["addSlice", { input: "x0", start: [0, 0, 0], size: [2, 3, 4], stride: [1, 0, 1] }]]);
  });

  it("reshapes to add leading size-1 dimensions first", () => {
    const { layers } = lowerOp(expand, { size: [3, 2, 4] }, [[1, 4]], "e");
    expect(layers.map((l) => [l.name, l.call.fn, l.outShape])).toEqual([
      ["e/unsqueeze", "addShuffle", [1, 1, 4]],
      ["e", "addSlice", [3, 2, 4]],
    ]);
    expect(layers[1]!.call.args).toMatchObject({ stride: [0, 0, 1] });
  });

  describe("parameter validation", () => paramValidationTests(expand, { size: [2, -1] }, [{}, { size: [] }, { size: [2, 0] }, { size: [2, -2] }, { size: 2 }]));
});
