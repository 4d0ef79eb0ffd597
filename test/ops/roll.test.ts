import { describe, expect, it } from "vitest";
import { roll } from "../../src/ops/roll.js";
import { opErrorOf, paramValidationTests, pytorchShapeTests } from "./helpers.js";
import { lowerOp } from "./lowering.js";

describe("roll", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(roll));

  it("errors name the parameter", () => {
    expect(opErrorOf(roll, { shifts: [1, 2], dims: [1] }, [[1, 4, 3]]).param).toBe("shifts");
    expect(opErrorOf(roll, { shifts: 1, dims: 3 }, [[1, 4, 3]]).param).toBe("dims");
  });

  it("lowers to one wrapping slice starting at -shift modulo the size", () => {
    const { layers } = lowerOp(roll, { shifts: [1, -7, 2], dims: [2, 3, 2] }, [[1, 2, 4, 5]]);
    expect(layers.map((l) => [l.call.fn, l.call.args, l.call.setters])).toEqual([
      ["addSlice", { input: "x0", start: [0, 0, 1, 2], size: [1, 2, 4, 5], stride: [1, 1, 1, 1] }, { mode: "kSliceWrap" }],
    ]);
  });

  it("without dims rolls the flattened tensor", () => {
    const { layers, out } = lowerOp(roll, { shifts: 4 }, [[2, 3, 2]], "r");
    expect(layers.map((l) => [l.name, l.call.fn, l.outShape])).toEqual([
      ["r/flatten", "addShuffle", [12]],
      ["r/roll", "addSlice", [12]],
      ["r/unflatten", "addShuffle", [2, 3, 2]],
    ]);
    expect(layers[1]!.call.args).toMatchObject({ start: [8] });
    expect(layers[2]!.out).toBe(out);
  });

  describe("parameter validation", () =>
    paramValidationTests(roll, { shifts: [1, 2], dims: [0, 1] }, [{}, { shifts: [] }, { shifts: 1.5 }, { shifts: 1, dims: [] }, { shifts: 1, dims: "1" }]));
});
