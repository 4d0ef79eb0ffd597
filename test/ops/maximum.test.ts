import { describe, expect, it } from "vitest";
import { maximum } from "../../src/ops/maximum.js";
import { infer, loweredSteps, opErrorOf, paramValidationTests, pytorchShapeTests } from "./helpers.js";

describe("maximum", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(maximum));

  it("broadcasts mismatched ranks from the right", () => {
    expect(
      infer(maximum, {}, [
        [2, 3, 4, 5],
        [3, 1, 1],
      ]),
    ).toEqual([2, 3, 4, 5]);
    expect(infer(maximum, { other: 0 }, [[2, 3]])).toEqual([2, 3]);
  });

  it("needs exactly one of a second input and 'other'", () => {
    expect(
      opErrorOf(maximum, { other: 2 }, [
        [1, 3],
        [1, 3],
      ]).param,
    ).toBe("other");
    opErrorOf(maximum, {}, [[1, 3]]);
  });

  it("lowers to addElementWise(kMAX); a lower-rank operand is reshaped to the output's rank", () => {
    expect(
      loweredSteps(maximum, {}, [
        [2, 3, 4, 5],
        [3, 1, 1],
      ]),
    ).toEqual(["l/broadcast1: addShuffle(y)", "l: addElementWise(x, l_broadcast1_out, kMAX) -> out"]);
    expect(loweredSteps(maximum, { other: 0.5 }, [[2, 3]])).toEqual([
      "l_other = constant([[0.5]])",
      "l/other: addConstant(1,1, l_other)",
      "l: addElementWise(x, l_other_out, kMAX) -> out",
    ]);
  });

  describe("parameter validation", () => paramValidationTests(maximum, { other: 2 }, [{ other: "2" }, { other: Infinity }, { alpha: 2 }]));
});
