import { describe, expect, it } from "vitest";
import { pow } from "../../src/ops/pow.js";
import { expectRejected, infer, loweredSteps, opErrorOf, paramValidationTests, pytorchShapeTests } from "./helpers.js";

const layers = (params: Record<string, unknown>, shapes = [[2, 3]]) => loweredSteps(pow, params, shapes).filter((s) => !s.includes("constant("));

describe("pow", () => {
  // exponent 0 is rejected deliberately (a constant 1); the fixture marks it.
  describe("shape inference matches PyTorch", () => pytorchShapeTests(pow));

  it("broadcasts two tensors, keeps the shape for a number", () => {
    expect(
      infer(pow, {}, [
        [2, 3, 4, 5],
        [3, 1, 1],
      ]),
    ).toEqual([2, 3, 4, 5]);
    expect(infer(pow, { exponent: 3 }, [[2, 3]])).toEqual([2, 3]);
    expect(
      opErrorOf(pow, { exponent: 2 }, [
        [2, 3],
        [2, 3],
      ]).param,
    ).toBe("exponent");
  });

  it("lowers PyTorch's special exponents as PyTorch computes them", () => {
    expect(layers({ exponent: 1 })).toEqual(["l: addIdentity(x) -> out"]);
    expect(layers({ exponent: 2 })).toEqual(["l: addElementWise(x, x, kPROD) -> out"]);
    expect(layers({ exponent: 3 })).toEqual(["l: addElementWise(x, x, kPROD)", "l/cube: addElementWise(l_out, x, kPROD) -> out"]);
    expect(layers({ exponent: -1 })).toEqual(["l: addUnary(x, kRECIP) -> out"]);
    expect(layers({ exponent: -2 })).toEqual(["l: addElementWise(x, x, kPROD)", "l/recip: addUnary(l_out, kRECIP) -> out"]);
    expect(layers({ exponent: 0.5 })).toEqual(["l: addUnary(x, kSQRT) -> out"]);
    expect(layers({ exponent: -0.5 })).toEqual(["l: addUnary(x, kSQRT)", "l/recip: addUnary(l_out, kRECIP) -> out"]);
  });

  it("a fractional exponent is one kPOW (a negative base gives NaN in both)", () => {
    expect(loweredSteps(pow, { exponent: 2.5 }, [[2, 3]])).toEqual([
      "l_exponent = constant([[2.5]])",
      "l/exponent: addConstant(1,1, l_exponent)",
      "l: addElementWise(x, l_exponent_out, kPOW) -> out",
    ]);
  });

  it("an integer exponent raises |x| (kPOW is NaN for negative bases) and puts the sign back for an odd one", () => {
    expect(layers({ exponent: 4 })).toEqual([
      "l/exponent: addConstant(1,1, l_exponent)",
      "l: addUnary(x, kABS)",
      "l/pow: addElementWise(l_out, l_exponent_out, kPOW) -> out",
    ]);
    expect(layers({ exponent: -3 })).toEqual([
      "l/exponent: addConstant(1,1, l_exponent)",
      "l: addUnary(x, kABS)",
      "l/pow: addElementWise(l_out, l_exponent_out, kPOW)",
      "l/zero: addConstant(1,1, l_zero)",
      "l/is_negative: addElementWise(x, l_zero_out, kLESS)",
      "l/neg: addUnary(l_pow_out, kNEG)",
      "l/select: addSelect(l_is_negative_out, l_neg_out, l_pow_out) -> out",
    ]);
  });

  it("two tensors: |a| ** b, then for a < 0 the sign of an odd integer b or NaN for a fractional b", () => {
    const steps = layers({}, [[2, 3, 4], [4]]);
    expect(steps[0]).toBe("l/broadcast1: addShuffle(y)");
    expect(steps).toContain("l: addUnary(x, kABS)");
    expect(steps).toContain("l/pow: addElementWise(l_out, l_broadcast1_out, kPOW)");
    expect(steps).toContain("l/nan: addUnary(x, kSQRT)");
    expect(steps.at(-1)).toBe("l/select: addSelect(l_is_negative_out, l_negative_base_out, l_pow_out) -> out");
  });

  it("refuses exponent 0 (a constant 1)", () => expectRejected(pow, { exponent: 0 }));

  describe("parameter validation", () =>
    paramValidationTests(pow, { exponent: 2 }, [{ exponent: "2" }, { exponent: Infinity }, { exponent: [2] }, { other: 2 }]));
});
