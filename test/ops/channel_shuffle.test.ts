import { describe, expect, it } from "vitest";
import { channel_shuffle } from "../../src/ops/channel_shuffle.js";
import { opErrorOf, paramValidationTests, pytorchShapeTests } from "./helpers.js";
import { lowerOp } from "./lowering.js";

describe("channel_shuffle", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(channel_shuffle));

  it("channels not divisible by groups is an error on groups", () => {
    expect(opErrorOf(channel_shuffle, { groups: 4 }, [[1, 6, 2, 2]]).param).toBe("groups");
  });

  it("refuses a rank TensorRT cannot view with one more dimension", () => {
    expect(opErrorOf(channel_shuffle, { groups: 2 }, [[1, 4, 1, 1, 1, 1, 1, 1]]).message).toMatch(/too large/);
  });

  it("lowers to a grouped reshape with dims 1 and 2 swapped, then a reshape back", () => {
    const { layers, out } = lowerOp(channel_shuffle, { groups: 3 }, [[2, 6, 4, 5]], "cs");
    expect(layers.map((l) => [l.name, l.call.setters, l.outShape])).toEqual([
      ["cs/grouped", { reshapeDimensions: [2, 3, 2, 4, 5], secondTranspose: [0, 2, 1, 3, 4] }, [2, 2, 3, 4, 5]],
      ["cs", { reshapeDimensions: [2, 6, 4, 5] }, [2, 6, 4, 5]],
    ]);
    expect(layers[1]!.out).toBe(out);
  });

  describe("parameter validation", () => paramValidationTests(channel_shuffle, { groups: 2 }, [{}, { groups: 0 }, { groups: 1.5 }, { groups: "2" }]));
});
