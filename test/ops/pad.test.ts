import { describe, expect, it } from "vitest";
import { pad } from "../../src/ops/pad.js";
import { infer, opErrorOf, paramValidationTests, pytorchShapeTests } from "./helpers.js";
import { lowerOp } from "./lowering.js";

describe("pad", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(pad));

  it("pairs apply from the last dimension backwards; negative sizes crop", () => {
    expect(infer(pad, { pad: [1, 2, -1, 0] }, [[1, 2, 3, 4]])).toEqual([1, 2, 2, 7]);
  });

  it("errors name the parameter", () => {
    expect(opErrorOf(pad, { pad: [3, 0], mode: "reflect" }, [[1, 2, 3]]).param).toBe("pad");
    expect(opErrorOf(pad, { pad: [1, 1], mode: "circular", value: 1 }, [[1, 2, 3]]).param).toBe("value");
    expect(opErrorOf(pad, { pad: [-2, -1] }, [[1, 2, 3]]).param).toBe("pad");
  });

  it("constant mode lowers to the NetworkBuilder's fill slice with the value", () => {
    const { layers } = lowerOp(pad, { pad: [1, 2, 0, -1], value: 0.5 }, [[1, 2, 3, 4]]);
    expect(layers.map((l) => [l.call.target, l.call.fn, l.call.args])).toEqual([
      ["builder", "fillSlice", { input: "x0", start: [0, 0, 0, -1], size: [1, 2, 2, 7], value: 0.5 }],
    ]);
  });

  it.each([
    ["reflect", "kSliceReflect"],
    ["replicate", "kSliceClamp"],
    ["circular", "kSliceWrap"],
  ] as const)("%s lowers to a slice in mode %s", (mode, sliceMode) => {
    const { layers } = lowerOp(pad, { pad: [2, 1], mode }, [[1, 2, 3]]);
    expect(layers.map((l) => [l.call.fn, l.call.args, l.call.setters])).toEqual([
      ["addSlice", { input: "x0", start: [0, 0, -2], size: [1, 2, 6], stride: [1, 1, 1] }, { mode: sliceMode }],
    ]);
  });

  it("circular with a negative size crops first, then wraps around what is left (as PyTorch does)", () => {
    const { layers } = lowerOp(pad, { pad: [3, -2], mode: "circular" }, [[1, 2, 5]], "p");
    expect(layers.map((l) => [l.name, l.call.args, l.call.setters])).toEqual([
      ["p/crop", { input: "x0", start: [0, 0, 0], size: [1, 2, 3], stride: [1, 1, 1] }, {}],
      ["p", { input: layers[0]!.out, start: [0, 0, -3], size: [1, 2, 6], stride: [1, 1, 1] }, { mode: "kSliceWrap" }],
    ]);
  });

  describe("parameter validation", () =>
    paramValidationTests(pad, { pad: [1, 1, 2, 2], mode: "reflect" }, [
      {},
      { pad: [] },
      { pad: [1.5, 1] },
      { pad: [1, 1], mode: "zeros" },
      { pad: [1, 1], value: "0" },
    ]));
});
