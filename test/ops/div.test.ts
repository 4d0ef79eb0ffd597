import { describe, expect, it } from "vitest";
import { broadcastShapes } from "../../src/ops/binary_common.js";
import { div } from "../../src/ops/div.js";
import { infer, opErrorOf, paramValidationTests, pytorchShapeTests } from "./helpers.js";

describe("div", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(div));

  it("broadcasts mismatched ranks from the right", () => {
    expect(
      infer(div, {}, [
        [2, 3, 4, 5],
        [3, 1, 1],
      ]),
    ).toEqual([2, 3, 4, 5]);
    expect(infer(div, {}, [[5], [2, 1, 4, 1]])).toEqual([2, 1, 4, 5]);
    expect(broadcastShapes([1, 3, 1], [2, 1, 1, 7])).toEqual([2, 1, 3, 7]);
  });

  it("needs exactly one of a second input and 'other'", () => {
    expect(
      opErrorOf(div, { other: 2 }, [
        [1, 3],
        [1, 3],
      ]).param,
    ).toBe("other");
    opErrorOf(div, {}, [[1, 3]]);
  });

  describe("parameter validation", () =>
    paramValidationTests(div, { other: 2 }, [{ other: "2" }, { other: [1, 2] }, { other: Infinity }, { other: 2, alpha: 2 }]));
});
