import { describe, expect, it } from "vitest";
import { broadcastShapes } from "../../src/ops/binary_common.js";
import { add } from "../../src/ops/add.js";
import { infer, opErrorOf, paramValidationTests, pytorchShapeTests } from "./helpers.js";

describe("add", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(add));

  it("broadcasts mismatched ranks from the right", () => {
    expect(
      infer(add, {}, [
        [2, 3, 4, 5],
        [3, 1, 1],
      ]),
    ).toEqual([2, 3, 4, 5]);
    expect(infer(add, {}, [[5], [2, 1, 4, 1]])).toEqual([2, 1, 4, 5]);
    expect(broadcastShapes([1, 3, 1], [2, 1, 1, 7])).toEqual([2, 1, 3, 7]);
  });

  it("needs exactly one of a second input and 'other'", () => {
    expect(
      opErrorOf(add, { other: 2 }, [
        [1, 3],
        [1, 3],
      ]).param,
    ).toBe("other");
    opErrorOf(add, {}, [[1, 3]]);
  });

  it("defaults alpha to 1", () => {
    expect(add.params.parse({ other: 1 })).toEqual({ other: 1, alpha: 1 });
  });

  describe("parameter validation", () =>
    paramValidationTests(add, { other: 2, alpha: 0.5 }, [{ other: "2" }, { other: [1, 2] }, { other: Infinity }, { other: 2, alpha: "2" }]));
});
