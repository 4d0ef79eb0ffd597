import { describe, expect, it } from "vitest";
import { broadcastShapes } from "../../src/ops/binary_common.js";
import { mul } from "../../src/ops/mul.js";
import { infer, opErrorOf, paramValidationTests, pytorchShapeTests } from "./helpers.js";

describe("mul", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(mul));

  it("broadcasts mismatched ranks from the right", () => {
    expect(
      infer(mul, {}, [
        [2, 3, 4, 5],
        [3, 1, 1],
      ]),
    ).toEqual([2, 3, 4, 5]);
    expect(infer(mul, {}, [[5], [2, 1, 4, 1]])).toEqual([2, 1, 4, 5]);
    expect(broadcastShapes([1, 3, 1], [2, 1, 1, 7])).toEqual([2, 1, 3, 7]);
  });

  it("needs exactly one of a second input and 'other'", () => {
    expect(
      opErrorOf(mul, { other: 2 }, [
        [1, 3],
        [1, 3],
      ]).param,
    ).toBe("other");
    opErrorOf(mul, {}, [[1, 3]]);
  });

  describe("parameter validation", () =>
    paramValidationTests(mul, { other: 2 }, [{ other: "2" }, { other: [1, 2] }, { other: Infinity }, { other: 2, alpha: 2 }]));
});
