import { describe, expect, it } from "vitest";
import { normalize } from "../../src/ops/normalize.js";
import { infer, loweredSteps, paramValidationTests, pytorchShapeTests } from "./helpers.js";

const layers = (params: Record<string, unknown>, shapes = [[2, 3, 4]]) => loweredSteps(normalize, params, shapes).filter((s) => !s.includes("constant("));

describe("normalize", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(normalize));

  it("keeps the input's shape", () => {
    expect(infer(normalize, { dim: -1 }, [[2, 3, 4]])).toEqual([2, 3, 4]);
  });

  it("p = 2: sqrt of the sum of squares, clamped by eps, divides the input", () => {
    expect(layers({ dim: -1 })).toEqual([
      "l: addElementWise(x, x, kPROD)",
      "l/sum: addReduce(l_out, kSUM, 2, true)",
      "l/sqrt: addUnary(l_sum_out, kSQRT)",
      "l/eps: addConstant(1,1,1, l_eps)",
      "l/clamp: addElementWise(l_sqrt_out, l_eps_out, kMAX)",
      "l/div: addElementWise(x, l_clamp_out, kDIV) -> out",
    ]);
    expect(loweredSteps(normalize, {}, [[2, 3, 4]])).toContain("l_eps = constant([[1e-12]])");
  });

  it("p = 1 sums |x|; another p raises |x| to p and the sum to 1/p", () => {
    expect(layers({ p: 1, eps: 0.5 }).slice(0, 3)).toEqual([
      "l: addUnary(x, kABS)",
      "l/sum: addReduce(l_out, kSUM, 1, true)",
      "l/eps: addConstant(1,1,1, l_eps)",
    ]);
    const steps = loweredSteps(normalize, { p: 4, dim: 0 }, [[2, 3]]);
    expect(steps.filter((s) => !s.includes("constant("))).toEqual([
      "l: addUnary(x, kABS)",
      "l/pow_exponent: addConstant(1,1, l_pow_exponent)",
      "l/pow: addElementWise(l_out, l_pow_exponent_out, kPOW)",
      "l/sum: addReduce(l_pow_out, kSUM, 0, true)",
      "l/root_exponent: addConstant(1,1, l_root_exponent)",
      "l/root: addElementWise(l_sum_out, l_root_exponent_out, kPOW)",
      "l/eps: addConstant(1,1, l_eps)",
      "l/clamp: addElementWise(l_root_out, l_eps_out, kMAX)",
      "l/div: addElementWise(x, l_clamp_out, kDIV) -> out",
    ]);
    expect(steps).toContain("l_root_exponent = constant([[0.25]])");
  });

  it("p = ∞ divides by the largest |x|", () => {
    expect(layers({ p: Infinity, dim: 1, eps: 0.5 })).toEqual([
      "l: addUnary(x, kABS)",
      "l/max: addReduce(l_out, kMAX, 1, true)",
      "l/eps: addConstant(1,1,1, l_eps)",
      "l/clamp: addElementWise(l_max_out, l_eps_out, kMAX)",
      "l/div: addElementWise(x, l_clamp_out, kDIV) -> out",
    ]);
  });

  describe("parameter validation", () =>
    paramValidationTests(normalize, { p: 3, dim: -1, eps: 1e-6 }, [
      { p: 0 },
      { p: -2 },
      { p: -Infinity },
      { p: NaN },
      { eps: -1 },
      { dim: 1.5 },
      { out: "y" },
    ]));
});
