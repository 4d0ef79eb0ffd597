import { describe, expect, it } from "vitest";
import { matmul } from "../../src/ops/matmul.js";
import { macsOf, opErrorOf, paramValidationTests, pytorchShapeTests } from "./helpers.js";
import { loweredSteps } from "./lowering.js";

describe("matmul", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(matmul));

  it("operands of equal rank multiply directly", () => {
    expect(
      loweredSteps(
        matmul,
        {},
        [
          [2, 1, 3, 4],
          [1, 5, 4, 6],
        ],
        "mm",
      ),
    ).toEqual(["mm: addMatrixMultiply(x, kNONE, x2, kNONE) [2,5,3,6] -> out"]);
  });

  it("a lower-rank operand gets leading 1s (TensorRT broadcasts batch dimensions of equal rank only)", () => {
    expect(
      loweredSteps(
        matmul,
        {},
        [
          [2, 3, 4],
          [4, 5],
        ],
        "mm",
      ),
    ).toEqual(['mm/operand1: addShuffle(x2) {"reshapeDimensions":[1,4,5]} [1,4,5]', "mm: addMatrixMultiply(x, kNONE, mm_operand1_out, kNONE) [2,3,5] -> out"]);
  });

  it("a vector is a [1, k] row or a [k, 1] column, and its dimension is removed from the result", () => {
    expect(loweredSteps(matmul, {}, [[4], [2, 4, 5]], "mm")).toEqual([
      'mm/operand0: addShuffle(x) {"reshapeDimensions":[1,1,4]} [1,1,4]',
      "mm: addMatrixMultiply(mm_operand0_out, kNONE, x2, kNONE) [2,1,5]",
      'mm/squeeze: addShuffle(mm_out) {"reshapeDimensions":[2,5]} [2,5] -> out',
    ]);
    expect(loweredSteps(matmul, {}, [[2, 3, 4], [4]], "mm")).toEqual([
      'mm/operand1: addShuffle(x2) {"reshapeDimensions":[1,4,1]} [1,4,1]',
      "mm: addMatrixMultiply(x, kNONE, mm_operand1_out, kNONE) [2,3,1]",
      'mm/squeeze: addShuffle(mm_out) {"reshapeDimensions":[2,3]} [2,3] -> out',
    ]);
  });

  it("explains what is wrong", () => {
    expect(
      opErrorOf(matmul, {}, [
        [2, 3, 4],
        [5, 6],
      ]).message,
    ).toMatch(/inner dimensions differ/);
    expect(opErrorOf(matmul, {}, [[4], [4]]).message).toMatch(/0-d dot product/);
  });

  it("macs: output values * inner dimension", () => {
    expect(
      macsOf(matmul, {}, [
        [2, 3, 4],
        [4, 5],
      ]),
    ).toBe(2 * 3 * 5 * 4);
  });

  describe("parameter validation", () => paramValidationTests(matmul, {}, [{ transpose: true }]));
});
